/**
 * Admin-editable email templates on a real database: saved templates drive the emails, unknown masks
 * are refused, an empty template sends nothing, reset brings the default back, the preview renders a
 * real ticket, internal notes never reach requesters, and the unsubscribe link removes a subscriber.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { messages, outboundEmails, ticketSubscribers } from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { previewEmailTemplate } from "@/lib/mail/templates/preview";
import {
  getEmailTemplate,
  listEmailTemplates,
  resetEmailTemplate,
  saveEmailTemplate,
} from "@/lib/mail/templates/store";
import { describeUnsubscribe, unsubscribeByToken } from "@/lib/mail/unsubscribe";
import { updateNotificationSettings } from "@/lib/notifications/settings";
import { requestPortalLink } from "@/lib/portal/request-link";
import { createTicket } from "@/lib/tickets/create-ticket";
import { postMessage } from "@/lib/tickets/post-message";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const t = setUpTestDatabase();

let admin: UserActor;
let agent: UserActor;
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { name: "Ada Admin", role: "admin" })) as UserActor;
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
});

async function openTicket(subject = "Printer <on> fire") {
  const { ticket } = await createTicket(t.db, {
    actor: agent,
    mail,
    subject,
    body: "It smokes & sparks.",
    requester: { email: "casey@example.test", name: "Casey Customer" },
    channel: "email",
  });
  return ticket;
}

const reply = (ticketId: number, body: string) =>
  postMessage(t.db, { actor: agent, ticket: { id: ticketId }, kind: "reply", body, mail });

async function rowOf(id: number) {
  const [row] = await t.db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
  return row!;
}

describe("email templates", () => {
  it("lists every event with its default until an admin saves one", async () => {
    const list = await listEmailTemplates(t.db, admin);
    expect(list.find((tpl) => tpl.event === "reply")).toMatchObject({ isDefault: true });
    expect(list.length).toBeGreaterThanOrEqual(10);
    await expect(listEmailTemplates(t.db, agent)).rejects.toBeInstanceOf(DomainError);
  });

  it("a saved template drives the email: masks filled, HTML escaped, text plain", async () => {
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "reply",
      subject: "Re: #Subject# (#Priority#)",
      body: "Dear #FirstName#,\n\n#Body#\n\n— #Originator#, about #TicketID#",
    });
    const ticket = await openTicket();
    const { outboundEmailIds } = await reply(ticket.id, "Unplug <it> now & wait.");
    const row = await rowOf(outboundEmailIds[0]!);
    expect(row.subject).toBe("[TKT-001] Re: Printer <on> fire (Medium)");
    expect(row.textBody).toMatch(
      /^Dear Casey,\n\nUnplug <it> now & wait\.\n\n— Alice Agent, about TKT-001/,
    );
    expect(row.htmlBody).toContain("Dear Casey,<br>");
    expect(row.htmlBody).toContain("Unplug &lt;it&gt; now &amp; wait.");
    expect(row.htmlBody).not.toContain("Unplug <it>");
  });

  it("#NonTechSubscribers# lists the subscribers who are not agents, #Subscribers# all of them", async () => {
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "reply",
      subject: "Re: #Subject#",
      body: "Non-tech: #NonTechSubscribers#\nAll: #Subscribers#",
    });
    const ticket = await openTicket();
    await t.db.insert(ticketSubscribers).values([
      { ticketId: ticket.id, email: "boss@example.test", name: "Bo Boss" },
      { ticketId: ticket.id, email: agent.email.toUpperCase(), name: agent.name },
    ]);
    const { outboundEmailIds } = await reply(ticket.id, "On it.");
    const row = await rowOf(outboundEmailIds[0]!);
    const [nonTech, all] = row.textBody.split("\n");
    expect(nonTech).toContain("boss@example.test");
    expect(nonTech).not.toContain(agent.email);
    expect(all).toContain("boss@example.test");
    expect(all!.toLowerCase()).toContain(agent.email.toLowerCase());
  });

  it("refuses a template with unknown masks, naming them", async () => {
    const attempt = saveEmailTemplate(t.db, {
      actor: admin,
      event: "reply",
      subject: "#Sujbect#",
      body: "#Body# #Nope#",
    });
    await expect(attempt).rejects.toThrow("Unknown masks: #Sujbect#, #Nope#.");
    expect((await getEmailTemplate(t.db, "reply")).isDefault).toBe(true);
  });

  it("only admins may save or reset", async () => {
    await expect(
      saveEmailTemplate(t.db, { actor: agent, event: "reply", subject: "x", body: "y" }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(resetEmailTemplate(t.db, { actor: agent, event: "reply" })).rejects.toBeInstanceOf(
      DomainError,
    );
  });

  it("an empty template sends nothing; reset to default sends again", async () => {
    await saveEmailTemplate(t.db, { actor: admin, event: "ticket_closed", subject: "", body: "" });
    const ticket = await openTicket();
    const closed = await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "closed" },
      mail,
    });
    expect(closed.outboundEmailIds).toEqual([]);
    expect(closed.ticket.status).toBe("closed");

    const reset = await resetEmailTemplate(t.db, { actor: admin, event: "ticket_closed" });
    expect(reset.isDefault).toBe(true);
    const other = await openTicket("Second");
    const again = await updateTicket(t.db, {
      actor: agent,
      ticket: { id: other.id },
      patch: { status: "closed" },
      mail,
    });
    expect((await rowOf(again.outboundEmailIds[0]!)).subject).toContain("was closed");
  });

  it("never puts internal notes in mail to requesters; agents' mail may quote them", async () => {
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "reply",
      subject: "#Subject#",
      body: "#10Recent_messages#",
    });
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "agent_assigned",
      subject: "#Subject#",
      body: "#10Recent_messages#",
    });
    const ticket = await openTicket();
    await postMessage(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      kind: "note",
      body: "Internal: this customer is difficult",
      mail,
    });
    const { outboundEmailIds } = await reply(ticket.id, "We are on it.");
    const toCustomer = await rowOf(outboundEmailIds[0]!);
    expect(toCustomer.textBody).toContain("We are on it.");
    expect(toCustomer.textBody).toContain("It smokes & sparks.");
    expect(toCustomer.textBody).not.toContain("difficult");

    const bob = actorFor(await makeUser(t.db, { name: "Bob Builder" })) as UserActor;
    const assigned = await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { assigneeId: bob.id },
      mail,
    });
    expect((await rowOf(assigned.outboundEmailIds[0]!)).textBody).toContain("difficult");
  });

  it("previews against the sample or a real ticket, reporting unknown masks", async () => {
    const sample = await previewEmailTemplate(t.db, {
      actor: admin,
      event: "reply",
      subject: "About #Subject#",
      body: "Hi #FirstName# #Oops#",
      mail,
    });
    expect(sample.subject).toBe("[TKT-042] About The printer is on fire");
    expect(sample.unknown).toEqual(["Oops"]);
    expect(sample.html).toContain("Hi Casey #Oops#");

    const ticket = await openTicket();
    const real = await previewEmailTemplate(t.db, {
      actor: admin,
      event: "reply",
      subject: "About #Subject#",
      body: "#Subject# / #From# / #RatingLinks#",
      ticketNumber: ticket.number,
      mail,
    });
    expect(real.subject).toBe("[TKT-001] About Printer <on> fire");
    expect(real.html).toContain("Printer &lt;on&gt; fire / Casey Customer");
    expect(real.html).toContain("/portal/tickets/TKT-001/rate?score=5");

    const empty = await previewEmailTemplate(t.db, {
      actor: admin,
      event: "reply",
      subject: "",
      body: "x",
      mail,
    });
    expect(empty.isSkipped).toBe(true);
    await expect(
      previewEmailTemplate(t.db, {
        actor: admin,
        event: "reply",
        subject: "x",
        body: "y",
        ticketNumber: 999,
        mail,
      }),
    ).rejects.toThrow("No ticket with that number.");
  });
});

describe("mail that is not about a ticket", () => {
  it("renders the portal sign-in link email from its editable template", async () => {
    await openTicket();
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "portal_link",
      subject: "Sign in, #FirstName#",
      body: "Your link: #URL# #TicketID#",
    });
    const outcome = await requestPortalLink(t.db, { email: "casey@example.test", ip: null, mail });
    expect(outcome.status).toBe("accepted");
    const [row] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, "portal_link"));
    expect(row!.subject).toBe("Sign in, Casey");
    // Ticket masks are empty here, never left as #TicketID#.
    expect(row!.textBody).toMatch(/^Your link: http:\/\/helpdesk\.test\/portal\/auth\?token=\S+$/);
    expect(row!.htmlBody).toContain('<a href="http://helpdesk.test/portal/auth?token=');
  });
});

describe("the unsubscribe link", () => {
  it("removes the subscriber from that ticket, says so in the conversation, and is idempotent", async () => {
    await updateNotificationSettings(t.db, { actor: admin, values: { ccSubscribers: false } });
    const ticket = await openTicket();
    await t.db
      .insert(ticketSubscribers)
      .values({ ticketId: ticket.id, email: "Sam@Example.test", name: "Sam" });
    const { outboundEmailIds } = await reply(ticket.id, "Update for everyone.");
    const toSam = await rowOf(outboundEmailIds[1]!);
    const link = /http:\/\/helpdesk\.test\/unsubscribe\?token=([^\s]+)/.exec(toSam.textBody);
    expect(link).not.toBeNull();
    const token = decodeURIComponent(link![1]!);
    const key = mail.portal!.linkKey;

    expect(await describeUnsubscribe(t.db, { key, token })).toMatchObject({
      ticketRef: "TKT-001",
      email: "sam@example.test",
      isSubscribed: true,
    });
    const done = await unsubscribeByToken(t.db, { key, token });
    expect(done.isSubscribed).toBe(false);
    expect(
      await t.db.select().from(ticketSubscribers).where(eq(ticketSubscribers.ticketId, ticket.id)),
    ).toEqual([]);
    const said = await t.db.select().from(messages).where(eq(messages.ticketId, ticket.id));
    expect(
      said.some((m) => m.bodyText === "sam@example.test unsubscribed with the link in an email"),
    ).toBe(true);
    await unsubscribeByToken(t.db, { key, token });

    // The next reply no longer goes to Sam.
    const next = await reply(ticket.id, "Only Casey now.");
    expect(next.outboundEmailIds).toHaveLength(1);
  });

  it("refuses a tampered or foreign token", async () => {
    const key = mail.portal!.linkKey;
    await expect(describeUnsubscribe(t.db, { key, token: "abc.def" })).rejects.toThrow(
      "This unsubscribe link is not valid.",
    );
    await expect(unsubscribeByToken(t.db, { key, token: "" })).rejects.toBeInstanceOf(DomainError);
  });
});

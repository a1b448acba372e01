/**
 * "Resolve and send summary": the requester receives the public conversation (both directions,
 * oldest first) through the `ticket_summary` template — never internal notes or system lines —
 * while plain "Resolve" sends no summary.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { outboundEmails, tickets } from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { saveEmailTemplate } from "@/lib/mail/templates/store";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { createTicket } from "@/lib/tickets/create-ticket";
import { addSystemMessage } from "@/lib/tickets/history";
import { postMessage } from "@/lib/tickets/post-message";
import { resolveWithSummary } from "@/lib/tickets/resolve-with-summary";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { eq } from "drizzle-orm";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const t = setUpTestDatabase();

const mail = testMailSettings;
let alice: UserActor;
let admin: UserActor;

beforeEach(async () => {
  alice = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
  admin = actorFor(await makeUser(t.db, { name: "Ada Admin", role: "admin" })) as UserActor;
});

async function conversation() {
  const { ticket } = await createTicket(t.db, {
    actor: alice,
    mail,
    subject: "Printer on fire",
    body: "It smokes since this morning.",
    requester: { email: "casey@example.test", name: "Casey Customer" },
    channel: "phone",
  });
  await postMessage(t.db, {
    actor: alice,
    ticket: { id: ticket.id },
    kind: "reply",
    body: "Please unplug it.",
    mail,
  });
  await postMessage(t.db, {
    actor: alice,
    ticket: { id: ticket.id },
    kind: "note",
    body: "SECRET-NOTE: customer is grumpy",
    mail,
  });
  await addCustomerReply(t.db, {
    contactId: ticket.requesterId,
    ticket: { id: ticket.id },
    body: "Unplugged, it stopped.",
    mail,
  });
  await addSystemMessage(t.db, { ticketId: ticket.id, text: "SYSTEM-LINE moved", at: new Date() });
  return ticket;
}

const summaries = async () =>
  (await t.db.select().from(outboundEmails)).filter((row) => row.kind === "ticket_summary");

describe("resolve and send summary", () => {
  it("resolves and emails the requester the public conversation, never notes", async () => {
    const ticket = await conversation();
    const result = await resolveWithSummary(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      mail,
    });
    expect(result.ticket.status).toBe("resolved");

    const [summary, ...more] = await summaries();
    expect(more).toEqual([]);
    expect(summary!.to).toEqual([{ email: "casey@example.test", name: "Casey Customer" }]);
    expect(summary!.subject).toContain("Resolved: Printer on fire");
    expect(result.outboundEmailIds).toContain(summary!.id);
    for (const part of [summary!.textBody, summary!.htmlBody ?? ""]) {
      expect(part).toContain("It smokes since this morning.");
      expect(part).toContain("Please unplug it.");
      expect(part).toContain("Unplugged, it stopped.");
      expect(part).not.toContain("SECRET-NOTE");
      expect(part).not.toContain("SYSTEM-LINE");
    }
    // Oldest first, with who wrote each message.
    const text = summary!.textBody;
    expect(text.indexOf("It smokes")).toBeLessThan(text.indexOf("Please unplug"));
    expect(text.indexOf("Please unplug")).toBeLessThan(text.indexOf("Unplugged"));
    expect(text).toContain("— Alice Agent,");
  });

  it("plain resolve sends no summary", async () => {
    const ticket = await conversation();
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { status: "resolved" },
      mail,
    });
    expect(await summaries()).toEqual([]);
  });

  it("uses the admin's ticket_summary template, and still keeps notes out", async () => {
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "ticket_summary",
      subject: "All done: #Subject#",
      body: "Dear #FirstName#, the record:\n\n#Body#",
    });
    const ticket = await conversation();
    await resolveWithSummary(t.db, { actor: alice, ticket: { number: ticket.number }, mail });
    const [summary] = await summaries();
    expect(summary!.subject).toContain("All done: Printer on fire");
    expect(summary!.textBody).toContain("Dear Casey, the record:");
    expect(summary!.textBody).toContain("Please unplug it.");
    expect(summary!.textBody).not.toContain("SECRET-NOTE");
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.status).toBe("resolved");
  });
});

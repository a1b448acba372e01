/**
 * Every notification switch on /admin/notifications, flipped: the email appears, or it does not.
 * One test per switch; each looks at the outbox rows a user would see in the email log.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  mailboxes,
  notifications,
  outboundEmails,
  teamMembers,
  teams,
  ticketSubscribers,
  type OutboundEmail,
} from "@/db/schema";
import { LocalDiskStorage, uploadAttachment } from "@/lib/attachments";
import type { UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { enqueueAcknowledgement } from "@/lib/mail/acknowledgement";
import { sendOutboundEmail } from "@/lib/mail/send-outbound-email";
import {
  updateNotificationSettings,
  type NotificationSettings,
} from "@/lib/notifications/settings";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { createTicket } from "@/lib/tickets/create-ticket";
import { postMessage } from "@/lib/tickets/post-message";
import { claimTicket, updateTicket } from "@/lib/tickets/update-ticket";
import { createTestDatabase, resetDatabase, type TestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { recordingTransport, testMailSettings } from "../helpers/mail";

let t: TestDatabase;
let storageDir: string;
let storage: LocalDiskStorage;
beforeAll(async () => {
  t = await createTestDatabase();
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "notification-settings-"));
  storage = new LocalDiskStorage(storageDir);
});
afterAll(async () => {
  await t.dispose();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

let admin: UserActor;
let alice: UserActor;
let bob: UserActor;
let carol: UserActor;
let teamId: number;
const mail = testMailSettings;

beforeEach(async () => {
  await resetDatabase(t.db);
  admin = actorFor(await makeUser(t.db, { name: "Ada Admin", role: "admin" })) as UserActor;
  alice = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
  bob = actorFor(await makeUser(t.db, { name: "Bob Builder" })) as UserActor;
  carol = actorFor(await makeUser(t.db, { name: "Carol Coder" })) as UserActor;
  const [team] = await t.db.insert(teams).values({ name: "Support" }).returning();
  teamId = team!.id;
  await t.db.insert(teamMembers).values([
    { teamId, userId: bob.id },
    { teamId, userId: carol.id },
  ]);
});

const set = (values: Partial<NotificationSettings>) =>
  updateNotificationSettings(t.db, { actor: admin, values });

async function openTicket(fields: { teamId?: number; assigneeId?: number } = {}) {
  const { ticket } = await createTicket(t.db, {
    actor: alice,
    mail,
    subject: "Printer on fire",
    body: "It smokes.",
    requester: { email: "casey@example.test", name: "Casey Customer" },
    channel: "phone",
    ...fields,
  });
  return ticket;
}

async function rows(kind?: string): Promise<OutboundEmail[]> {
  const all = await t.db.select().from(outboundEmails).orderBy(outboundEmails.id);
  return kind ? all.filter((row) => row.kind === kind) : all;
}

const recipientsOf = (list: OutboundEmail[]) => list.flatMap((row) => row.to.map((a) => a.email));

describe("notification switches", () => {
  it("emailEnabled: off sends no automatic mail at all, the bell still rings", async () => {
    const ticket = await openTicket();
    await set({ emailEnabled: false });
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { assigneeId: bob.id },
      mail,
    });
    expect(await rows()).toHaveLength(0);
    const bell = await t.db.select().from(notifications).where(eq(notifications.userId, bob.id));
    expect(bell.map((n) => n.type)).toEqual(["assigned"]);

    await set({ emailEnabled: true });
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { assigneeId: carol.id },
      mail,
    });
    expect(recipientsOf(await rows("agent_assigned"))).toEqual([carol.email]);
  });

  it("ticketClosed: the requester gets the closed email with rating links, or nothing", async () => {
    const first = await openTicket();
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: first.id },
      patch: { status: "closed" },
      mail,
    });
    const [closed] = await rows("ticket_closed");
    expect(closed!.to).toEqual([{ email: "casey@example.test", name: "Casey Customer" }]);
    expect(closed!.textBody).toContain("http://helpdesk.test/rate?token=");
    expect(closed!.headers["Auto-Submitted"]).toBe("auto-replied");

    await set({ ticketClosed: false });
    const second = await openTicket();
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: second.id },
      patch: { status: "closed" },
      mail,
    });
    expect(await rows("ticket_closed")).toHaveLength(1);
  });

  it("acknowledgement: new tickets get the mailbox's message, or no confirmation", async () => {
    await t.db.insert(mailboxes).values({
      name: "Support",
      address: "support@helpdesk.test",
      isDefault: true,
      acknowledgementMessage: "Thanks, we are on it. Follow it at #URL#",
    });
    const first = await openTicket();
    const sent = await enqueueAcknowledgement(t.db, { mail, ticket: first });
    expect(sent.sent).toBe(true);
    const [ack] = await rows("acknowledgement");
    expect(ack!.textBody).toContain(
      "Thanks, we are on it. Follow it at http://helpdesk.test/portal/",
    );
    expect(ack!.textBody).not.toContain("#URL#");

    await set({ acknowledgement: false });
    const second = await openTicket();
    expect(await enqueueAcknowledgement(t.db, { mail, ticket: second })).toEqual({
      sent: false,
      reason: "disabled",
    });
    expect(await rows("acknowledgement")).toHaveLength(1);
  });

  it("newTicketAdmins: every admin hears of a new ticket only when on", async () => {
    await openTicket();
    expect(await rows("agent_new_ticket")).toHaveLength(0);
    await set({ newTicketAdmins: true });
    await openTicket();
    const emails = await rows("agent_new_ticket");
    expect(recipientsOf(emails)).toEqual([admin.email]);
    expect(emails[0]!.subject).toMatch(/^\[TKT-\d{3}\] New ticket: Printer on fire$/);
  });

  it("newTicketTeam: the team hears of new tickets and of tickets moved into it", async () => {
    await openTicket({ teamId });
    expect(recipientsOf(await rows("agent_new_ticket")).sort()).toEqual(
      [bob.email, carol.email].sort(),
    );
    const other = await openTicket();
    await updateTicket(t.db, { actor: bob, ticket: { id: other.id }, patch: { teamId }, mail });
    // Bob moved it himself: only Carol hears of it.
    expect(recipientsOf(await rows("agent_ticket_moved"))).toEqual([carol.email]);

    await set({ newTicketTeam: false });
    await openTicket({ teamId });
    expect(await rows("agent_new_ticket")).toHaveLength(2);
  });

  it("customerReplyTeam: the assignee always hears of a customer reply, the team only when on", async () => {
    const ticket = await openTicket({ teamId, assigneeId: bob.id });
    const casey = ticket.requesterId;
    await addCustomerReply(t.db, {
      contactId: casey,
      ticket: { id: ticket.id },
      body: "Still smoking",
      mail,
    });
    expect(recipientsOf(await rows("agent_customer_replied"))).toEqual([bob.email]);

    await set({ customerReplyTeam: true });
    await addCustomerReply(t.db, {
      contactId: casey,
      ticket: { id: ticket.id },
      body: "Fire!",
      mail,
    });
    expect(recipientsOf(await rows("agent_customer_replied")).sort()).toEqual(
      [bob.email, bob.email, carol.email].sort(),
    );
  });

  it("ticketTaken: the rest of the team hears when an agent takes a ticket", async () => {
    const first = await openTicket({ teamId });
    await claimTicket(t.db, { actor: bob, ticket: { id: first.id }, mail });
    expect(await rows("agent_ticket_taken")).toHaveLength(0);

    await set({ ticketTaken: true });
    const second = await openTicket({ teamId });
    await claimTicket(t.db, { actor: bob, ticket: { id: second.id }, mail });
    const taken = await rows("agent_ticket_taken");
    // Never to the agent who took it.
    expect(recipientsOf(taken)).toEqual([carol.email]);
    expect(taken[0]!.subject).toContain("Bob Builder took");
  });

  it("assigned: the new assignee gets an email when on; the bell either way", async () => {
    const ticket = await openTicket();
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { assigneeId: bob.id },
      mail,
    });
    const [assigned] = await rows("agent_assigned");
    expect(assigned!.to).toEqual([{ email: bob.email, name: "Bob Builder" }]);
    expect(assigned!.textBody).toContain("Alice Agent assigned");
    expect(assigned!.textBody).toContain("http://helpdesk.test/tickets/TKT-");

    await set({ assigned: false });
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { assigneeId: carol.id },
      mail,
    });
    expect(await rows("agent_assigned")).toHaveLength(1);
    const bell = await t.db.select().from(notifications).where(eq(notifications.userId, carol.id));
    expect(bell).toHaveLength(1);
  });

  it("mentions: an @mentioned agent gets an email when on", async () => {
    const ticket = await openTicket();
    await postMessage(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      kind: "note",
      body: "@Bob look",
      mail,
    });
    const [mention] = await rows("agent_mention");
    expect(mention!.to[0]!.email).toBe(bob.email);
    expect(mention!.textBody).toContain("@Bob look");

    await set({ mentions: false });
    await postMessage(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      kind: "note",
      body: "@Bob again",
      mail,
    });
    expect(await rows("agent_mention")).toHaveLength(1);
  });

  it("includeAttachments: a reply's files travel with the email unless turned off", async () => {
    const ticket = await openTicket();
    const upload = () =>
      uploadAttachment(t.db, storage, {
        actor: alice,
        filename: "steps.txt",
        contentType: "text/plain",
        data: new TextEncoder().encode("1. unplug"),
        allowedTypes: ["text/plain"],
      });
    const first = await upload();
    const sent = await postMessage(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      kind: "reply",
      body: "See the file.",
      attachmentIds: [first.id],
      mail,
    });
    const transport = recordingTransport();
    await sendOutboundEmail(t.db, transport, {
      outboundEmailId: sent.outboundEmailIds[0]!,
      storage,
    });
    expect(transport.sent[0]!.attachments).toEqual([
      { filename: "steps.txt", contentType: "text/plain", content: expect.any(Uint8Array) },
    ]);
    expect(new TextDecoder().decode(transport.sent[0]!.attachments![0]!.content)).toBe("1. unplug");
    expect(transport.sent[0]!.text).toContain("steps.txt");

    await set({ includeAttachments: false });
    const second = await upload();
    const withheld = await postMessage(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      kind: "reply",
      body: "Another file.",
      attachmentIds: [second.id],
      mail,
    });
    const [row] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.id, withheld.outboundEmailIds[0]!));
    expect(row!.attachmentIds).toEqual([]);
  });

  it("autologinLinks: the requester's link signs them in, or points to the link request page", async () => {
    const ticket = await openTicket();
    const reply = (body: string) =>
      postMessage(t.db, { actor: alice, ticket: { id: ticket.id }, kind: "reply", body, mail });
    await reply("On.");
    await set({ autologinLinks: false });
    await reply("Off.");
    const [on, off] = await rows("reply");
    expect(on!.textBody).toContain("http://helpdesk.test/portal/auth?token=");
    expect(off!.textBody).not.toContain("/portal/auth?token=");
    expect(off!.textBody).toContain("http://helpdesk.test/portal/link");
  });

  it("ccSubscribers: one email with Cc, or one each with personal links", async () => {
    const ticket = await openTicket();
    await t.db
      .insert(ticketSubscribers)
      .values({ ticketId: ticket.id, email: "sam@example.test", name: "Sam Subscriber" });
    const reply = (body: string) =>
      postMessage(t.db, { actor: alice, ticket: { id: ticket.id }, kind: "reply", body, mail });

    await reply("Shared.");
    const [shared] = await rows("reply");
    expect(shared!.cc).toEqual([{ email: "sam@example.test", name: "Sam Subscriber" }]);
    // A shared mail never carries a link that signs in as the requester, nor an unsubscribe link.
    expect(shared!.textBody).not.toContain("/portal/auth?token=");
    expect(shared!.textBody).not.toContain("/unsubscribe?token=");

    await set({ ccSubscribers: false });
    const { outboundEmailIds } = await reply("Each.");
    expect(outboundEmailIds).toHaveLength(2);
    const each = (await rows("reply")).slice(1);
    expect(each.map((row) => [row.to[0]!.email, row.cc])).toEqual([
      ["casey@example.test", []],
      ["sam@example.test", []],
    ]);
    expect(each[0]!.textBody).toContain("/portal/auth?token=");
    expect(each[1]!.textBody).toContain("http://helpdesk.test/unsubscribe?token=");
  });

  it("subscribersAgentOnly: off, a customer's message is copied to the other people on the ticket", async () => {
    const ticket = await openTicket();
    await t.db
      .insert(ticketSubscribers)
      .values({ ticketId: ticket.id, email: "sam@example.test", name: "Sam Subscriber" });
    await addCustomerReply(t.db, {
      contactId: ticket.requesterId,
      ticket: { id: ticket.id },
      body: "Update 1",
      mail,
    });
    expect(await rows("customer_update")).toHaveLength(0);

    await set({ subscribersAgentOnly: false });
    await addCustomerReply(t.db, {
      contactId: ticket.requesterId,
      ticket: { id: ticket.id },
      body: "Update 2",
      mail,
    });
    const updates = await rows("customer_update");
    // Not back to Casey, who wrote it.
    expect(recipientsOf(updates)).toEqual(["sam@example.test"]);
    expect(updates[0]!.textBody).toContain("Casey Customer wrote:\n\nUpdate 2");
  });
});

describe("the settings themselves", () => {
  it("only admins change them; everyone starts from the documented defaults", async () => {
    await expect(
      updateNotificationSettings(t.db, { actor: alice, values: { emailEnabled: false } }),
    ).rejects.toBeInstanceOf(DomainError);
    const saved = await set({ mentions: false });
    expect(saved).toMatchObject({
      emailEnabled: true,
      ticketClosed: true,
      acknowledgement: true,
      newTicketAdmins: false,
      newTicketTeam: true,
      customerReplyTeam: false,
      ticketTaken: false,
      assigned: true,
      mentions: false,
      includeAttachments: true,
      autologinLinks: true,
      ccSubscribers: true,
      subscribersAgentOnly: true,
    });
  });
});

describe("who never hears", () => {
  it("an agent is not told about what they did themselves, and the bell matches", async () => {
    await set({ newTicketAdmins: true });
    const { ticket } = await createTicket(t.db, {
      actor: admin,
      mail,
      subject: "Mine",
      body: "x",
      requester: { email: "casey@example.test" },
      channel: "phone",
    });
    await updateTicket(t.db, {
      actor: admin,
      ticket: { id: ticket.id },
      patch: { assigneeId: admin.id },
      mail,
    });
    expect(await rows()).toHaveLength(0);
    const bell = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, admin.id)));
    expect(bell).toHaveLength(0);
  });
});

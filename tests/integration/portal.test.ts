import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachments,
  csatRatings,
  messages,
  outboundEmails,
  ticketEvents,
  tickets,
  type Contact,
  type Ticket,
} from "@/db/schema";
import { getAttachmentForDownload } from "@/lib/attachments/get-attachment-for-download";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import { uploadAttachment } from "@/lib/attachments/upload-attachment";
import type { RequesterActor } from "@/lib/auth/permissions";
import {
  exchangePortalLink,
  resolvePortalSession,
  revokePortalLinks,
  signOutEverywhere,
} from "@/lib/portal/access";
import { PORTAL_LINK_TTL_MS, signPortalLink } from "@/lib/portal/link-token";
import { getPortalTicket, getPortalTicketPreview, listPortalTickets } from "@/lib/portal/queries";
import { closeTicketFromPortal, rateTicket, replyFromPortal } from "@/lib/portal/requester-actions";
import {
  derivePortalSessionKey,
  signPortalSession,
  verifyPortalSession,
} from "@/lib/portal/session-token";
import { settingSchemas } from "@/lib/settings";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const linkKey = testMailSettings.portal!.linkKey;
const sessionKey = derivePortalSessionKey("a-test-auth-secret-that-is-long-enough");
const allowedTypes = settingSchemas["attachments.allowedTypes"].parse(undefined);
const text = (value: string) => new TextEncoder().encode(value);

let root: string;
let storage: LocalDiskStorage;

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "portal-it-"));
  storage = new LocalDiskStorage(root);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const requesterOf = (contact: Contact): RequesterActor => ({
  type: "requester",
  contactId: contact.id,
  email: contact.email,
});

/** A requester's ticket with a customer message, an agent reply, a note and a system message. */
async function conversation(contact: Contact, overrides: Partial<Ticket> = {}) {
  const agent = await makeUser(t.db, { name: "Alice Agent" });
  const ticket = await makeTicket(t.db, { requesterId: contact.id, ...overrides });
  const base = Date.UTC(2026, 10, 1, 9, 0);
  const question = await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "reply",
    authorContactId: contact.id,
    bodyText: "My invoice is wrong.",
    createdAt: new Date(base),
  });
  const answer = await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "reply",
    authorUserId: agent.id,
    bodyText: "We corrected it, see the attached invoice.",
    createdAt: new Date(base + 60_000),
  });
  const note = await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "note",
    authorUserId: agent.id,
    bodyText: "Internal: customer was overcharged by our bug.",
    createdAt: new Date(base + 120_000),
  });
  await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "system",
    bodyText: "Alice Agent assigned the ticket to Alice Agent",
    createdAt: new Date(base + 180_000),
  });
  const agentActor = actorFor(agent);
  const publicFile = await uploadAttachment(t.db, storage, {
    actor: agentActor,
    filename: "invoice.txt",
    contentType: "text/plain",
    data: text("Invoice 42"),
    allowedTypes,
  });
  const noteFile = await uploadAttachment(t.db, storage, {
    actor: agentActor,
    filename: "internal.txt",
    contentType: "text/plain",
    data: text("Internal analysis"),
    allowedTypes,
  });
  await t.db
    .update(attachments)
    .set({ ticketId: ticket.id, messageId: answer.id })
    .where(eq(attachments.id, publicFile.id));
  await t.db
    .update(attachments)
    .set({ ticketId: ticket.id, messageId: note.id })
    .where(eq(attachments.id, noteFile.id));
  return { agent, agentActor, ticket, question, answer, note, publicFile, noteFile };
}

describe("portal links", () => {
  it("exchanges a good link, scoped or not, for the contact's session", async () => {
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id });

    const unscoped = await exchangePortalLink(t.db, {
      linkKey,
      token: signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 1 }),
    });
    expect(unscoped).toMatchObject({
      ok: true,
      actor: { contactId: contact.id, email: contact.email },
      ticketNumber: null,
    });

    const scoped = await exchangePortalLink(t.db, {
      linkKey,
      token: signPortalLink(linkKey, {
        contactId: contact.id,
        tokenVersion: 1,
        ticketId: ticket.id,
      }),
    });
    expect(scoped).toMatchObject({ ok: true, ticketNumber: ticket.number });
  });

  it("refuses a tampered link, an expired one and one for a ticket of someone else", async () => {
    const a = await makeContact(t.db);
    const b = await makeContact(t.db);
    const token = signPortalLink(linkKey, { contactId: a.id, tokenVersion: 1 });

    // Pointing the payload at another contact breaks the signature.
    const [payload, signature] = token.split(".") as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), c: b.id }),
    ).toString("base64url");
    expect(await exchangePortalLink(t.db, { linkKey, token: `${forged}.${signature}` })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(await exchangePortalLink(t.db, { linkKey, token: "garbage" })).toEqual({
      ok: false,
      reason: "malformed",
    });

    const issued = new Date("2026-11-01T10:00:00Z");
    const old = signPortalLink(linkKey, { contactId: a.id, tokenVersion: 1, now: issued });
    const later = new Date(issued.getTime() + PORTAL_LINK_TTL_MS + 1000);
    expect(await exchangePortalLink(t.db, { linkKey, token: old, now: later })).toEqual({
      ok: false,
      reason: "expired",
    });

    // A link scoped to B's ticket that (somehow) names A signs A in to A's list, never to the ticket.
    const bTicket = await makeTicket(t.db, { requesterId: b.id });
    const odd = signPortalLink(linkKey, { contactId: a.id, tokenVersion: 1, ticketId: bTicket.id });
    expect(await exchangePortalLink(t.db, { linkKey, token: odd })).toMatchObject({
      ok: true,
      actor: { contactId: a.id },
      ticketNumber: null,
    });
  });

  it("revokes every link and session when the requester signs out everywhere", async () => {
    const contact = await makeContact(t.db);
    const token = signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 1 });
    const session = signPortalSession(sessionKey, { contactId: contact.id, tokenVersion: 1 });
    const claims = verifyPortalSession(sessionKey, session.value);
    expect(await resolvePortalSession(t.db, claims)).toMatchObject({ contactId: contact.id });

    await signOutEverywhere(t.db, { actor: requesterOf(contact) });

    expect(await exchangePortalLink(t.db, { linkKey, token })).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(await resolvePortalSession(t.db, claims)).toBeNull();
    // A link issued after the bump works again.
    const fresh = signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 2 });
    expect(await exchangePortalLink(t.db, { linkKey, token: fresh })).toMatchObject({ ok: true });
  });

  it("lets an agent revoke a requester's links, recorded on the ticket", async () => {
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id });
    const agent = await makeUser(t.db, { name: "Bob Agent" });
    const token = signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 1 });

    await revokePortalLinks(t.db, { actor: actorFor(agent), ticketNumber: ticket.number });

    expect(await exchangePortalLink(t.db, { linkKey, token })).toEqual({
      ok: false,
      reason: "revoked",
    });
    const system = await t.db
      .select({ bodyText: messages.bodyText })
      .from(messages)
      .where(and(eq(messages.ticketId, ticket.id), eq(messages.kind, "system")));
    expect(system.map((m) => m.bodyText)).toEqual([
      "Bob Agent revoked the requester's portal links",
    ]);
    const events = await t.db
      .select({ type: ticketEvents.type, actorUserId: ticketEvents.actorUserId })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id));
    expect(events).toEqual([{ type: "requester.portal_links_revoked", actorUserId: agent.id }]);
    // The requester cannot do it to someone else: the action needs an agent.
    await expect(
      revokePortalLinks(t.db, { actor: requesterOf(contact), ticketNumber: ticket.number }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("what a requester sees", () => {
  it("shows public replies both ways with their files, never notes or system messages", async () => {
    const contact = await makeContact(t.db);
    const { ticket, publicFile } = await conversation(contact);

    const view = await getPortalTicket(t.db, {
      actor: requesterOf(contact),
      number: ticket.number,
    });
    expect(view.messages.map((m) => [m.fromCustomer, m.authorName, m.bodyText])).toEqual([
      [true, contact.name, "My invoice is wrong."],
      [false, "Alice Agent", "We corrected it, see the attached invoice."],
    ]);
    expect(view.messages[1]!.attachments.map((a) => a.id)).toEqual([publicFile.id]);
    expect(JSON.stringify(view)).not.toContain("Internal");
    expect(JSON.stringify(view)).not.toContain("assigned the ticket");
  });

  it("gives agents a preview identical to the requester's view", async () => {
    const contact = await makeContact(t.db);
    const { ticket, agentActor } = await conversation(contact);
    const seen = await getPortalTicket(t.db, {
      actor: requesterOf(contact),
      number: ticket.number,
    });
    const preview = await getPortalTicketPreview(t.db, {
      actor: agentActor,
      number: ticket.number,
    });
    expect(preview).toEqual(seen);
    await expect(
      getPortalTicketPreview(t.db, { actor: requesterOf(contact), number: ticket.number }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lists the requester's own tickets only, open and closed apart, in plain words", async () => {
    const a = await makeContact(t.db);
    const b = await makeContact(t.db);
    const open = await makeTicket(t.db, { requesterId: a.id, status: "pending", subject: "Mine" });
    const done = await makeTicket(t.db, { requesterId: a.id, status: "resolved", subject: "Done" });
    await makeTicket(t.db, { requesterId: b.id, subject: "Not mine" });

    const list = await listPortalTickets(t.db, { actor: requesterOf(a) });
    expect(list.open.map((x) => [x.number, x.statusText])).toEqual([
      [open.number, "Waiting for your reply"],
    ]);
    expect(list.finished.map((x) => [x.number, x.statusText])).toEqual([[done.number, "Solved"]]);
  });
});

describe("requester A and requester B", () => {
  it("cannot see, reply to, close, rate or download from B's ticket by guessing", async () => {
    const a = await makeContact(t.db);
    const b = await makeContact(t.db);
    const { ticket: bTicket, publicFile } = await conversation(b, { status: "resolved" });
    const actor = requesterOf(a);
    const missing = bTicket.number + 1000;

    for (const number of [bTicket.number, missing]) {
      await expect(getPortalTicket(t.db, { actor, number })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "Ticket not found.",
      });
      await expect(
        replyFromPortal(t.db, { actor, number, body: "Let me in" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(closeTicketFromPortal(t.db, { actor, number })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(rateTicket(t.db, { actor, number, score: 1 })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    await expect(
      getAttachmentForDownload(t.db, { actor, attachmentId: publicFile.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Nothing changed on B's ticket.
    const [after] = await t.db.select().from(tickets).where(eq(tickets.id, bTicket.id));
    expect(after!.status).toBe("resolved");
    const bMessages = await t.db.select().from(messages).where(eq(messages.ticketId, bTicket.id));
    expect(bMessages.some((m) => m.bodyText === "Let me in")).toBe(false);
    expect(await t.db.select().from(csatRatings)).toEqual([]);
  });

  it("downloads files of public replies on their own ticket, never of notes", async () => {
    const a = await makeContact(t.db);
    const { publicFile, noteFile } = await conversation(a);
    const actor = requesterOf(a);
    const got = await getAttachmentForDownload(t.db, { actor, attachmentId: publicFile.id });
    expect(got.attachment.filename).toBe("invoice.txt");
    await expect(
      getAttachmentForDownload(t.db, { actor, attachmentId: noteFile.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("cannot attach B's pending upload to A's reply", async () => {
    const a = await makeContact(t.db);
    const b = await makeContact(t.db);
    const aTicket = await makeTicket(t.db, { requesterId: a.id });
    const bUpload = await uploadAttachment(t.db, storage, {
      actor: requesterOf(b),
      filename: "b.txt",
      contentType: "text/plain",
      data: text("B's file"),
      allowedTypes,
    });
    await expect(
      replyFromPortal(t.db, {
        actor: requesterOf(a),
        number: aTicket.number,
        body: "Here",
        attachmentIds: [bUpload.id],
      }),
    ).rejects.toMatchObject({ code: "INVALID" });
  });
});

describe("acting on one's own ticket", () => {
  it("replies with a file like an email reply: a Resolved ticket reopens", async () => {
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id, status: "resolved" });
    const actor = requesterOf(contact);
    const upload = await uploadAttachment(t.db, storage, {
      actor,
      filename: "screenshot.txt",
      contentType: "text/plain",
      data: text("still broken"),
      allowedTypes,
    });

    const result = await replyFromPortal(t.db, {
      actor,
      mail: testMailSettings,
      number: ticket.number,
      body: "It is broken again.",
      attachmentIds: [upload.id],
    });
    expect(result).toMatchObject({ ticketNumber: ticket.number, outcome: "reopened" });

    const [after] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after!.status).toBe("open");
    const view = await getPortalTicket(t.db, { actor, number: ticket.number });
    expect(view.messages.at(-1)).toMatchObject({
      fromCustomer: true,
      bodyText: "It is broken again.",
      attachments: [{ id: upload.id, filename: "screenshot.txt" }],
    });
    const [message] = await t.db.select().from(messages).where(eq(messages.id, result.messageId));
    expect(message).toMatchObject({ kind: "reply", authorContactId: contact.id });
  });

  it("starts a follow-up when the ticket is closed", async () => {
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id, status: "closed" });
    const result = await replyFromPortal(t.db, {
      actor: requesterOf(contact),
      number: ticket.number,
      body: "One more thing",
    });
    expect(result.outcome).toBe("follow_up");
    expect(result.ticketNumber).not.toBe(ticket.number);
    const [followUp] = await t.db
      .select()
      .from(tickets)
      .where(eq(tickets.number, result.ticketNumber));
    expect(followUp).toMatchObject({ followUpOfId: ticket.id, requesterId: contact.id });
  });

  it("closes the ticket and rates it once it is solved", async () => {
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id, status: "open" });
    const actor = requesterOf(contact);

    await expect(
      rateTicket(t.db, { actor, number: ticket.number, score: 5 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const { outboundEmailIds } = await closeTicketFromPortal(t.db, {
      actor,
      number: ticket.number,
      mail: testMailSettings,
    });
    const [closed] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(closed!.status).toBe("closed");
    // Closing from the portal sends the same "ticket closed" email (with rating links) as any close.
    const closedMail = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, "ticket_closed"));
    expect(closedMail.map((m) => m.id)).toEqual(outboundEmailIds);
    expect(closedMail[0]!.to).toEqual([{ email: contact.email, name: contact.name }]);

    await rateTicket(t.db, { actor, number: ticket.number, score: 2, comment: "Slow" });
    await rateTicket(t.db, { actor, number: ticket.number, score: 4, comment: "Fine after all" });
    const ratings = await t.db.select().from(csatRatings);
    expect(ratings).toMatchObject([
      { ticketId: ticket.id, contactId: contact.id, score: 4, comment: "Fine after all" },
    ]);
    const view = await getPortalTicket(t.db, { actor, number: ticket.number });
    expect(view).toMatchObject({ canRate: true, canClose: false, rating: { score: 4 } });
    await expect(
      rateTicket(t.db, { actor, number: ticket.number, score: 9 }),
    ).rejects.toMatchObject({ code: "INVALID" });
  });
});

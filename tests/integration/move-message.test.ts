/**
 * Moving a message to another ticket and splitting it into a new one: the message, its attachments
 * and its Message-ID records move together (so later email replies follow it), both tickets say what
 * happened, and what must not move (system lines, a ticket's opening message) does not.
 */
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachments,
  inboundEmails,
  mailboxes,
  messageIds,
  messages,
  ticketEvents,
  type Mailbox,
  type Ticket,
} from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { createTicket } from "@/lib/tickets/create-ticket";
import { moveMessage, splitMessage } from "@/lib/tickets/move-message";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

let root: string;
let storage: LocalDiskStorage;
let agent: UserActor;
let mailbox: Mailbox;

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "move-message-"));
  storage = new LocalDiskStorage(root);
  [mailbox] = (await t.db
    .insert(mailboxes)
    .values({ name: "Support", address: "support@helpdesk.test", slug: "support", isDefault: true })
    .returning()) as [Mailbox];
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

function mail(input: { from: string; subject: string; id: string; inReplyTo?: string }) {
  const boundary = "b-move-test";
  return new TextEncoder().encode(
    [
      `From: ${input.from}`,
      "To: support@helpdesk.test",
      `Subject: ${input.subject}`,
      `Message-ID: ${input.id}`,
      ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`] : []),
      "Date: Mon, 2 Mar 2026 10:00:00 +0000",
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "A new question about my invoice, not the printer.",
      "",
      "On Mon, 2 Mar 2026, Helpdesk wrote:",
      "> Your printer ticket",
      `--${boundary}`,
      "Content-Type: image/png",
      'Content-Disposition: attachment; filename="invoice.png"',
      "Content-Transfer-Encoding: base64",
      "",
      PNG.toString("base64"),
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

async function deliver(raw: Uint8Array) {
  const { id } = await receiveInboundEmail(t.db, { raw });
  await processInboundEmail(t.db, storage, { inboundEmailId: id, mail: testMailSettings });
  const [row] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
  return row!;
}

async function newTicket(subject: string, email = "maria@example.org"): Promise<Ticket> {
  const { ticket } = await createTicket(t.db, {
    actor: agent,
    subject,
    body: "First message.",
    requester: { email },
    channel: "email",
    mailboxId: mailbox.id,
  });
  return ticket;
}

/** Maria's ticket, our reply on record, and her second mail (a different matter) on it. */
async function misthreaded() {
  const printer = await newTicket("Printer on fire");
  await t.db.insert(messageIds).values({
    emailMessageId: "<out-printer@helpdesk.test>",
    ticketId: printer.id,
    direction: "out",
  });
  const row = await deliver(
    mail({
      from: "Maria <maria@example.org>",
      subject: "Re: Printer on fire",
      id: "<invoice-question@example.org>",
      inReplyTo: "<out-printer@helpdesk.test>",
    }),
  );
  expect(row.ticketId).toBe(printer.id);
  return { printer, messageId: row.messageId!, inboundId: row.id };
}

async function systemLines(ticketId: number) {
  const rows = await t.db
    .select()
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.kind, "system")));
  return rows.map((m) => m.bodyText);
}

describe("moveMessage", () => {
  it("moves a message with its attachment and threading; later replies follow it", async () => {
    const { printer, messageId, inboundId } = await misthreaded();
    const billing = await newTicket("Invoice question");

    const { target } = await moveMessage(t.db, {
      actor: agent,
      messageId,
      targetNumber: billing.number,
    });
    expect(target.id).toBe(billing.id);

    const [moved] = await t.db.select().from(messages).where(eq(messages.id, messageId));
    expect(moved!.ticketId).toBe(billing.id);
    const files = await t.db.select().from(attachments).where(eq(attachments.messageId, messageId));
    expect(files.map((f) => [f.filename, f.ticketId])).toEqual([["invoice.png", billing.id]]);
    const [record] = await t.db
      .select()
      .from(messageIds)
      .where(eq(messageIds.emailMessageId, "<invoice-question@example.org>"));
    expect(record!.ticketId).toBe(billing.id);
    const [log] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, inboundId));
    expect(log!.ticketId).toBe(billing.id);

    expect(await systemLines(printer.id)).toContain("Alice Agent moved a message to TKT-002");
    expect(await systemLines(billing.id)).toContain(
      "Alice Agent moved a message here from TKT-001",
    );
    const events = await t.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.type, "message.moved"));
    expect(events.map((e) => e.ticketId).sort()).toEqual([printer.id, billing.id].sort());

    // Maria answers the moved message: it lands on the billing ticket.
    const reply = await deliver(
      mail({
        from: "maria@example.org",
        subject: "Re: Printer on fire",
        id: "<invoice-followup@example.org>",
        inReplyTo: "<invoice-question@example.org>",
      }),
    );
    expect(reply.ticketId).toBe(billing.id);
  });

  it("refuses system lines, a ticket's opening message, the same ticket, unknown and closed targets", async () => {
    const { printer, messageId } = await misthreaded();
    const [system] = await t.db
      .insert(messages)
      .values({ ticketId: printer.id, kind: "system", bodyText: "x" })
      .returning();
    const other = await newTicket("Other");
    await expect(
      moveMessage(t.db, { actor: agent, messageId: system!.id, targetNumber: other.number }),
    ).rejects.toMatchObject({ code: "INVALID" });
    const [opening] = await t.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, printer.id), eq(messages.kind, "reply")))
      .orderBy(messages.createdAt, messages.id)
      .limit(1);
    await expect(
      moveMessage(t.db, { actor: agent, messageId: opening!.id, targetNumber: other.number }),
    ).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("merge") });
    await expect(
      moveMessage(t.db, { actor: agent, messageId, targetNumber: printer.number }),
    ).rejects.toMatchObject({ code: "INVALID", details: { targetNumber: [expect.any(String)] } });
    await expect(
      moveMessage(t.db, { actor: agent, messageId, targetNumber: 999 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: other.id },
      patch: { status: "closed" },
    });
    await expect(
      moveMessage(t.db, { actor: agent, messageId, targetNumber: other.number }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    // Nothing moved.
    const [still] = await t.db.select().from(messages).where(eq(messages.id, messageId));
    expect(still!.ticketId).toBe(printer.id);
  });
});

describe("splitMessage", () => {
  it("opens a new ticket for the message, for its author, and threads later replies there", async () => {
    const { printer, messageId } = await misthreaded();
    const { ticket, source } = await splitMessage(t.db, {
      actor: agent,
      messageId,
      subject: "Invoice question",
    });
    expect(source.id).toBe(printer.id);
    expect(ticket).toMatchObject({
      subject: "Invoice question",
      status: "open",
      channel: "email",
      mailboxId: mailbox.id,
      requesterId: printer.requesterId,
    });
    expect(ticket.number).toBe(2);
    const conversation = await t.db
      .select()
      .from(messages)
      .where(eq(messages.ticketId, ticket.id))
      .orderBy(messages.createdAt, messages.id);
    expect(conversation.map((m) => m.kind)).toEqual(["reply", "system"]);
    expect(conversation[0]!.id).toBe(messageId);
    expect(conversation[1]!.bodyText).toBe("Alice Agent split this ticket off TKT-001");
    expect(await systemLines(printer.id)).toContain(
      "Alice Agent split a message into the new ticket TKT-002",
    );
    const files = await t.db.select().from(attachments).where(eq(attachments.ticketId, ticket.id));
    expect(files).toHaveLength(1);

    const reply = await deliver(
      mail({
        from: "maria@example.org",
        subject: "Re: Printer on fire",
        id: "<after-split@example.org>",
        inReplyTo: "<invoice-question@example.org>",
      }),
    );
    expect(reply.ticketId).toBe(ticket.id);
    const [created] = await t.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, "ticket.created")));
    expect(created!.data).toMatchObject({ splitFromTicketId: printer.id, messageId });
  });

  it("keeps the source ticket's subject when none is given", async () => {
    const { messageId } = await misthreaded();
    const { ticket } = await splitMessage(t.db, { actor: agent, messageId });
    expect(ticket.subject).toBe("Printer on fire");
  });
});

/**
 * Inbound junk and loop defence on a real database: a mailbox that refuses unknown senders, the
 * people in To/Cc becoming subscribers (new tickets and replies), and the per-ticket loop stop — past
 * ten messages an hour from one sender (or the limit an admin set), mail is kept as notes that
 * reopen, notify and send nothing.
 */
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  inboundEmails,
  mailboxes,
  messageIds,
  messages,
  notifications,
  outboundEmails,
  ticketEvents,
  tickets,
  ticketSubscribers,
  type Mailbox,
} from "@/db/schema";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { processInboundEmail, type ProcessOutcome } from "@/lib/mail/inbound/process";
import { retryInboundEmail } from "@/lib/mail/inbound/queries";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { updateSetting } from "@/lib/settings";
import { createTicket } from "@/lib/tickets/create-ticket";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeContact, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

let root: string;
let storage: LocalDiskStorage;
let mailbox: Mailbox;
let admin: UserActor;
let agent: UserActor;
let sequence = 0;

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), "loop-defence-"));
  storage = new LocalDiskStorage(root);
  [mailbox] = (await t.db
    .insert(mailboxes)
    .values({ name: "Support", address: "support@helpdesk.test", slug: "support", isDefault: true })
    .returning()) as [Mailbox];
  admin = actorFor(await makeUser(t.db, { role: "admin" })) as UserActor;
  agent = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@helpdesk.test" }),
  ) as UserActor;
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

function mail(input: {
  from: string;
  subject: string;
  to?: string;
  cc?: string;
  inReplyTo?: string;
  body?: string;
}): Uint8Array {
  const id = `<loop-${++sequence}-${Date.now()}@example.org>`;
  return new TextEncoder().encode(
    [
      `From: ${input.from}`,
      `To: ${input.to ?? "support@helpdesk.test"}`,
      ...(input.cc ? [`Cc: ${input.cc}`] : []),
      `Subject: ${input.subject}`,
      `Message-ID: ${id}`,
      ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`] : []),
      "Date: Mon, 2 Mar 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      input.body ?? "Hello.",
      "",
    ].join("\r\n"),
  );
}

async function deliver(raw: Uint8Array, at = new Date()) {
  const { id } = await receiveInboundEmail(t.db, { raw, now: at });
  const outcome = await processInboundEmail(t.db, storage, {
    inboundEmailId: id,
    mail: testMailSettings,
    now: at,
  });
  const [row] = await t.db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
  return { outcome, row: row! };
}

async function subscribersOf(ticketId: number) {
  const rows = await t.db
    .select()
    .from(ticketSubscribers)
    .where(eq(ticketSubscribers.ticketId, ticketId));
  return rows.map((r) => r.email).sort();
}

async function conversation(ticketId: number) {
  return t.db
    .select()
    .from(messages)
    .where(eq(messages.ticketId, ticketId))
    .orderBy(messages.createdAt, messages.id);
}

describe("unknown senders", () => {
  it("rejects mail from a stranger into the log, creating nothing, and retries once allowed", async () => {
    await t.db
      .update(mailboxes)
      .set({ acceptUnknownSenders: false })
      .where(eq(mailboxes.id, mailbox.id));
    const { outcome, row } = await deliver(
      mail({ from: "Stranger <stranger@example.net>", subject: "Buy now" }),
    );
    expect(outcome.outcome).toBe("rejected");
    expect(row).toMatchObject({ status: "rejected", ticketId: null });
    expect(row.error).toMatch(/Unknown sender stranger@example\.net/);
    expect(await t.db.select().from(tickets)).toHaveLength(0);

    // A known contact and an agent get through.
    await makeContact(t.db, { email: "Known@Example.org" });
    expect(
      (await deliver(mail({ from: "known@example.org", subject: "Question" }))).outcome.outcome,
    ).toBe("processed");
    expect(
      (await deliver(mail({ from: "Alice <alice@helpdesk.test>", subject: "Internal request" })))
        .outcome.outcome,
    ).toBe("processed");
    expect(await t.db.select().from(tickets)).toHaveLength(2);

    await t.db
      .update(mailboxes)
      .set({ acceptUnknownSenders: true })
      .where(eq(mailboxes.id, mailbox.id));
    const retried = await retryInboundEmail(t.db, storage, {
      actor: admin,
      id: row.id,
      mail: testMailSettings,
    });
    expect(retried).toMatchObject({ outcome: "processed", reason: "new ticket" });
  });
});

describe("To and Cc as subscribers", () => {
  it("subscribes the other recipients on new tickets and replies, never us, the sender or agents", async () => {
    await t.db
      .update(mailboxes)
      .set({ addRecipientsAsSubscribers: true })
      .where(eq(mailboxes.id, mailbox.id));
    await t.db
      .insert(mailboxes)
      .values({ name: "Sales", address: "sales@helpdesk.test", slug: "sales" });
    const { row } = await deliver(
      mail({
        from: "Maria <maria@example.org>",
        to: "support@helpdesk.test, Boss <boss@example.org>",
        cc: "maria@example.org, Sales <SALES+x@helpdesk.test>, alice@helpdesk.test, Pat <pat@example.org>",
        subject: "Printer",
      }),
    );
    expect(await subscribersOf(row.ticketId!)).toEqual(["boss@example.org", "pat@example.org"]);

    const [first] = await t.db
      .select()
      .from(messageIds)
      .where(eq(messageIds.ticketId, row.ticketId!));
    const { row: reply } = await deliver(
      mail({
        from: "Pat <pat@example.org>",
        cc: "support@helpdesk.test, Quinn <quinn@example.org>, maria@example.org",
        to: "boss@example.org",
        subject: "Re: Printer",
        inReplyTo: first!.emailMessageId,
      }),
    );
    expect(reply.ticketId).toBe(row.ticketId);
    // Maria is the requester, not a subscriber; Quinn is new.
    expect(await subscribersOf(row.ticketId!)).toEqual([
      "boss@example.org",
      "pat@example.org",
      "quinn@example.org",
    ]);
  });

  it("subscribes nobody when the mailbox does not say so", async () => {
    const { row } = await deliver(
      mail({ from: "maria@example.org", cc: "boss@example.org", subject: "Printer" }),
    );
    expect(await subscribersOf(row.ticketId!)).toEqual([]);
  });
});

describe("per-ticket loop stop", () => {
  async function seedTicket() {
    const { ticket } = await createTicket(t.db, {
      actor: agent,
      subject: "Printer on fire",
      body: "It smokes.",
      requester: { email: "maria@example.org", name: "Maria" },
      channel: "email",
      mailboxId: mailbox.id,
    });
    await t.db
      .insert(messageIds)
      .values({ emailMessageId: "<out-1@helpdesk.test>", ticketId: ticket.id, direction: "out" });
    return ticket;
  }

  it("keeps the 11th message within an hour as a note, says so once, and reopens nothing", async () => {
    const ticket = await seedTicket();
    const start = new Date("2026-03-02T10:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const reply = () =>
      mail({
        from: "Maria <maria@example.org>",
        subject: "Re: Printer on fire",
        inReplyTo: "<out-1@helpdesk.test>",
        body: "Auto: I am away.",
      });

    for (let i = 0; i < 10; i++) {
      const { outcome } = await deliver(reply(), at(i));
      expect(outcome).toMatchObject({ outcome: "processed", ticketId: ticket.id });
      expect("loopSuspected" in outcome && outcome.loopSuspected).toBeFalsy();
    }
    // The agent resolves it; from now on a normal reply would reopen it.
    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "resolved" },
      now: at(10),
    });

    const eleventh = await deliver(reply(), at(11));
    expect(eleventh.outcome).toMatchObject({
      outcome: "processed",
      ticketId: ticket.id,
      loopSuspected: true,
    });
    expect(eleventh.row.threadingReason).toBe(
      "In-Reply-To <out-1@helpdesk.test>; held: mail loop suspected",
    );
    const twelfth = await deliver(reply(), at(12));
    expect((twelfth.outcome as ProcessOutcome & { loopSuspected?: boolean }).loopSuspected).toBe(
      true,
    );

    const [stored] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored!.status).toBe("resolved");
    const lines = await conversation(ticket.id);
    const held = lines.filter(
      (m) => m.id === eleventh.row.messageId || m.id === twelfth.row.messageId,
    );
    expect(held.map((m) => m.kind)).toEqual(["note", "note"]);
    expect(held[0]!.bodyText).toContain("mail loop suspected");
    expect(held[0]!.bodyText).toContain("Auto: I am away.");
    const warnings = lines.filter(
      (m) => m.kind === "system" && m.bodyText.startsWith("Mail loop suspected"),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.bodyText).toContain("maria@example.org");
    const events = await t.db
      .select()
      .from(ticketEvents)
      .where(
        and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, "mail_loop.suspected")),
      );
    expect(events).toHaveLength(1);

    // A later reply to the held note still threads (its Message-ID is on record).
    const [heldId] = await t.db
      .select()
      .from(messageIds)
      .where(eq(messageIds.emailMessageId, held[0]!.emailMessageId!));
    expect(heldId?.ticketId).toBe(ticket.id);

    // An hour after the burst the sender is heard normally again: the reply reopens the ticket.
    const later = await deliver(reply(), at(75));
    expect("loopSuspected" in later.outcome && later.outcome.loopSuspected).toBeFalsy();
    const [reopened] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(reopened!.status).toBe("open");
  });

  it("holds past the limit an admin set instead of ten", async () => {
    const ticket = await seedTicket();
    await updateSetting(t.db, { actor: admin, key: "mail.loopMessagesPerHour", value: 3 });
    const start = new Date("2026-03-02T10:00:00Z");
    const held: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const { outcome } = await deliver(
        mail({ from: "maria@example.org", subject: "Re: x", inReplyTo: "<out-1@helpdesk.test>" }),
        new Date(start.getTime() + i * 60_000),
      );
      held.push("loopSuspected" in outcome && outcome.loopSuspected === true);
    }
    expect(held).toEqual([false, false, false, true, true]);
    const warning = (await conversation(ticket.id)).find((m) =>
      m.bodyText.startsWith("Mail loop suspected"),
    );
    expect(warning?.bodyText).toContain("more than 3 messages from maria@example.org");
  });

  it("stops a loop on a closed ticket from opening a follow-up ticket per message", async () => {
    const ticket = await seedTicket();
    await updateTicket(t.db, {
      actor: agent,
      ticket: { id: ticket.id },
      patch: { status: "closed" },
    });
    const start = new Date("2026-03-02T10:00:00Z");
    for (let i = 0; i < 14; i++) {
      await deliver(
        mail({
          from: "maria@example.org",
          subject: "Re: Printer on fire",
          inReplyTo: "<out-1@helpdesk.test>",
        }),
        new Date(start.getTime() + i * 1000),
      );
    }
    const followUps = await t.db.select().from(tickets).where(eq(tickets.followUpOfId, ticket.id));
    expect(followUps).toHaveLength(10);
    const held = (await conversation(ticket.id)).filter((m) => m.kind === "note");
    expect(held).toHaveLength(4);
  });

  it("counts per sender: another person on the same ticket is not held", async () => {
    const ticket = await seedTicket();
    await t.db.insert(ticketSubscribers).values({ ticketId: ticket.id, email: "pat@example.org" });
    const now = new Date("2026-03-02T10:00:00Z");
    for (let i = 0; i < 11; i++) {
      await deliver(
        mail({ from: "maria@example.org", subject: "Re: x", inReplyTo: "<out-1@helpdesk.test>" }),
        new Date(now.getTime() + i * 1000),
      );
    }
    const pat = await deliver(
      mail({ from: "pat@example.org", subject: "Re: x", inReplyTo: "<out-1@helpdesk.test>" }),
      new Date(now.getTime() + 20_000),
    );
    expect("loopSuspected" in pat.outcome && pat.outcome.loopSuspected).toBeFalsy();
    const [message] = await t.db.select().from(messages).where(eq(messages.id, pat.row.messageId!));
    expect(message).toMatchObject({ kind: "reply" });
  });

  it("sends no mail for an agent's looping address: past the limit nothing goes out", async () => {
    const ticket = await seedTicket();
    const now = new Date("2026-03-02T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      await deliver(
        mail({
          from: "Alice <alice@helpdesk.test>",
          subject: "Re: Printer on fire",
          inReplyTo: "<out-1@helpdesk.test>",
          body: `Out of office ${i}`,
        }),
        new Date(now.getTime() + i * 1000),
      );
    }
    const sent = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.ticketId, ticket.id));
    // Ten replies were mailed to the requester like console replies; the 11th and 12th were held.
    expect(sent).toHaveLength(10);
    const notes = (await conversation(ticket.id)).filter((m) => m.kind === "note");
    expect(notes).toHaveLength(2);
    const rows = await t.db
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.ticketId, ticket.id))
      .orderBy(inboundEmails.id);
    expect(rows.map((r) => r.threadingReason?.endsWith("held: mail loop suspected"))).toEqual([
      ...Array(10).fill(false),
      true,
      true,
    ]);
  });
  it("alerts every admin once (bell and email), never mailing the looping address", async () => {
    const ticket = await seedTicket();
    const start = new Date("2026-03-02T10:00:00Z");
    for (let i = 0; i < 13; i++) {
      await deliver(
        mail({
          from: "Robot <robot@example.org>",
          subject: "Re: Printer on fire",
          inReplyTo: "<out-1@helpdesk.test>",
          body: `Ticket received ${i}`,
        }),
        new Date(start.getTime() + i * 60_000),
      );
    }
    const bells = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.type, "mail_loop"));
    expect(bells).toHaveLength(1);
    expect(bells[0]).toMatchObject({ userId: admin.id, ticketId: ticket.id });
    expect(bells[0]!.title).toMatch(/^Mail loop suspected on TKT-\d{3,}$/);
    const alerts = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, "mail_loop"));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.to).toEqual([{ email: admin.email, name: admin.name }]);
    expect(alerts[0]!.textBody).toContain("robot@example.org");
    const toRobot = (await t.db.select().from(outboundEmails)).filter((row) =>
      row.to.some((r) => r.email === "robot@example.org"),
    );
    expect(toRobot).toHaveLength(0);
  });
});

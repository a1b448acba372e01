/**
 * Processing one stored inbound message: parse, classify, find its ticket, and add it there (or open
 * a new ticket), with its attachments, in one transaction that also records the outcome on the
 * `inbound_emails` row.
 *
 * Threading, in this order (the reason is stored on the row):
 *   1. In-Reply-To / References against `message_ids` (bounces: the Message-ID quoted in the report);
 *   2. a signed reply token in a recipient address (`support+<token>@…`);
 *   3. `[TKT-n]` in the subject, only when the sender is that ticket's requester, a subscriber or an
 *      agent — a stranger quoting a ticket number starts a new ticket instead;
 *   otherwise a new ticket. Automated mail (auto-replies, bounces, bulk, no-reply) is stored on its
 *   ticket as a note without touching the ticket's status, and never opens a ticket (status junk).
 *
 * Safe to run twice, even at the same time: the row is claimed by a conditional UPDATE inside the
 * transaction, so a second run waits for the first and then finds the row no longer claimable; a
 * processed row is never touched again. On failure the transaction rolls back (no half ticket) and
 * the row is marked `failed` with the error; the raw message stays.
 */
import "server-only";
import crypto from "node:crypto";
import { and, eq, gt, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  attachments,
  contacts,
  inboundEmails,
  mailboxes,
  messageIds,
  messages,
  ticketEvents,
  ticketSubscribers,
  tickets,
  users,
  type InboundAutomatedKind,
  type InboundEmailStatus,
  type Mailbox,
  type Ticket,
} from "@/db/schema";
import { detectContentType } from "@/lib/attachments/content-type";
import { sanitizeFilename } from "@/lib/attachments/filename";
import { MAX_ATTACHMENT_BYTES, tooLargeMessage } from "@/lib/attachments/rules";
import { createStorageKey, type AttachmentStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { findOrCreateContact } from "@/lib/contacts/contacts";
import { isDomainError } from "@/lib/errors";
import { getSetting, isAllowedType, settingValue, storedSetting } from "@/lib/settings";
import { systemActor } from "@/lib/tickets/actor";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { createTicket } from "@/lib/tickets/create-ticket";
import { addSystemMessage, recordEvent } from "@/lib/tickets/history";
import { lockTicket } from "@/lib/tickets/lock";
import { postMessage } from "@/lib/tickets/post-message";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { updateTicket } from "@/lib/tickets/update-ticket";
import { notify } from "@/lib/notifications/notifications";
import { enqueueAcknowledgement } from "../acknowledgement";
import { enqueueEmail } from "../outbox";
import { consoleTicketUrl } from "../ticket-emails";
import { replyTokenFromAddress, verifyReplyToken } from "../reply-token";
import { recordHardBounces } from "../suppression";
import type { MailSettings } from "../settings";
import { classifyAutomated, type AutomatedVerdict } from "./automated";
import { baseAddress } from "./mailbox";
import { embeddedMessageIds, parseInboundEmail, type ParsedInboundEmail } from "./parse";
import { splitQuotedText } from "./quoted";
import { sanitizeEmailHtml } from "./sanitize";
import { parseSubject, type SubjectCommand } from "./subject";

/** What a normal run may claim; an admin's retry may also take a rejected row. */
const CLAIMABLE: readonly InboundEmailStatus[] = ["received", "failed"];
const RETRYABLE: readonly InboundEmailStatus[] = ["received", "failed", "rejected"];

/** The message body limit of the ticket domain functions; the raw mail keeps everything. */
const MAX_BODY_CHARS = 200_000;
const EMPTY_BODY = "(no message text)";
/** The most files one reply takes (postMessage's limit, as in the console). */
const MAX_REPLY_FILES = 20;

export type ProcessOutcome =
  | {
      outcome: "processed" | "duplicate" | "junk" | "rejected";
      inboundEmailId: number;
      ticketId: number | null;
      messageId: number | null;
      reason: string | null;
      /** Outbox rows written (an agent's reply by email): dispatch them. */
      outboundEmailIds: number[];
      /** Held as a note because its sender flooded the ticket: notify nobody, send nothing. */
      loopSuspected?: boolean;
    }
  | { outcome: "failed"; inboundEmailId: number; error: string }
  /** Another run has it, or it is already done. */
  | { outcome: "skipped"; inboundEmailId: number; status: InboundEmailStatus }
  | { outcome: "missing"; inboundEmailId: number };

type Decision = {
  status: "processed" | "duplicate" | "junk" | "rejected";
  ticketId: number | null;
  messageId: number | null;
  reason: string | null;
  error?: string;
  outboundEmailIds?: number[];
  loopSuspected?: boolean;
};

type Context = {
  tx: Database;
  storage: AttachmentStorage;
  parsed: ParsedInboundEmail;
  raw: Uint8Array;
  envelopeTo: string | null;
  mailbox: Mailbox | null;
  automated: AutomatedVerdict;
  senderEmail: string;
  commands: SubjectCommand[];
  subject: string;
  ticketNumber: number | null;
  mail: MailSettings;
  now: Date;
  /** When the raw message was stored: the anchor of the per-ticket loop window. */
  receivedAt: Date;
  /** Storage keys written in this run, removed again if the transaction fails. */
  storedKeys: string[];
  /** Which of the Message-IDs this mail names (its own, In-Reply-To, References, bounced) we know. */
  knownMessageIds: Map<string, { ticketId: number; direction: "in" | "out" }>;
  /** The active agent whose address sent this mail, if any. */
  senderAgent: UserActor | null;
};

type Role = { kind: "requester" | "subscriber" | "stranger" } | { kind: "agent"; actor: UserActor };

export async function processInboundEmail(
  db: Database,
  storage: AttachmentStorage,
  input: { inboundEmailId: number; mail: MailSettings; now?: Date; retry?: boolean },
): Promise<ProcessOutcome> {
  const now = input.now ?? new Date();
  const id = input.inboundEmailId;
  const claimable = input.retry ? RETRYABLE : CLAIMABLE;
  const [row] = await db.select().from(inboundEmails).where(eq(inboundEmails.id, id));
  if (!row) return { outcome: "missing", inboundEmailId: id };
  if (!claimable.includes(row.status)) {
    return { outcome: "skipped", inboundEmailId: id, status: row.status };
  }

  let parsed: ParsedInboundEmail;
  try {
    parsed = await parseInboundEmail(row.raw);
  } catch (error) {
    return recordFailure(db, id, claimable, error);
  }

  const storedKeys: string[] = [];
  try {
    const decision = await db.transaction(async (tx) => {
      const subject = parseSubject(parsed.subject);
      const sender = parsed.from!;
      const senderEmail = sender.email.toLowerCase();
      const automated = classifyAutomated({
        header: parsed.header,
        fromAddress: sender.email,
        contentType: parsed.contentType,
      });
      const named = namedMessageIds(parsed, automated, row.raw);
      // Independent reads, sent together (postgres.js pipelines them on the transaction's
      // connection): the claim, the mailbox, every Message-ID the mail names, and whether an agent
      // sent it. The claim decides; the other answers are only used when it succeeded.
      const [[claimed], mailboxRows, known, agents] = await Promise.all([
        tx
          .update(inboundEmails)
          .set({ attempts: sql`${inboundEmails.attempts} + 1` })
          .where(and(eq(inboundEmails.id, id), inArray(inboundEmails.status, [...claimable])))
          .returning({ envelopeTo: inboundEmails.envelopeTo }),
        row.mailboxId
          ? tx.select().from(mailboxes).where(eq(mailboxes.id, row.mailboxId))
          : Promise.resolve([]),
        named.length > 0
          ? tx
              .select({
                emailMessageId: messageIds.emailMessageId,
                ticketId: messageIds.ticketId,
                direction: messageIds.direction,
              })
              .from(messageIds)
              .where(inArray(messageIds.emailMessageId, named))
          : Promise.resolve([]),
        tx
          .select({ id: users.id, role: users.role, name: users.name, email: users.email })
          .from(users)
          .where(and(eq(sql`lower(${users.email})`, senderEmail), eq(users.isActive, true)))
          .limit(1),
      ]);
      if (!claimed) return null;
      const agent = agents[0];
      const ctx: Context = {
        tx,
        storage,
        parsed,
        raw: row.raw,
        envelopeTo: claimed.envelopeTo,
        mailbox: mailboxRows[0] ?? null,
        automated,
        senderEmail,
        commands: subject.commands,
        subject: subject.subject,
        ticketNumber: subject.ticketNumber,
        mail: input.mail,
        now,
        receivedAt: row.receivedAt,
        storedKeys,
        knownMessageIds: new Map(
          known.map((k) => [k.emailMessageId, { ticketId: k.ticketId, direction: k.direction }]),
        ),
        senderAgent: agent ? { type: "user", ...agent } : null,
      };
      const result = await decide(ctx);
      await tx
        .update(inboundEmails)
        .set({
          status: result.status,
          ticketId: result.ticketId,
          messageId: result.messageId,
          threadingReason: result.reason,
          automatedKind: (ctx.automated?.kind ?? null) as InboundAutomatedKind | null,
          error: result.error ?? null,
          fromAddress: sender.email.slice(0, 320),
          subject: parsed.subject.slice(0, 1000),
          processedAt: now,
        })
        .where(eq(inboundEmails.id, id));
      return result;
    });
    if (!decision) {
      const [current] = await db
        .select({ status: inboundEmails.status })
        .from(inboundEmails)
        .where(eq(inboundEmails.id, id));
      return { outcome: "skipped", inboundEmailId: id, status: current?.status ?? row.status };
    }
    return {
      outcome: decision.status,
      inboundEmailId: id,
      ticketId: decision.ticketId,
      messageId: decision.messageId,
      reason: decision.reason ?? decision.error ?? null,
      outboundEmailIds: decision.outboundEmailIds ?? [],
      ...(decision.loopSuspected ? { loopSuspected: true } : {}),
    };
  } catch (error) {
    await Promise.all(storedKeys.map((key) => storage.remove(key).catch(() => {})));
    return recordFailure(db, id, claimable, error);
  }
}

async function recordFailure(
  db: Database,
  id: number,
  claimable: readonly InboundEmailStatus[],
  error: unknown,
): Promise<ProcessOutcome> {
  const message = error instanceof Error ? error.message : String(error);
  if (!isDomainError(error) && !(error instanceof Error && error.name === "MalformedEmailError")) {
    console.error("[inbound] processing failed", { inboundEmailId: id }, error);
  }
  // Only a row nobody has finished in the meantime is marked failed.
  await db
    .update(inboundEmails)
    .set({
      status: "failed",
      error: message.slice(0, 2000),
      attempts: sql`${inboundEmails.attempts} + 1`,
    })
    .where(and(eq(inboundEmails.id, id), inArray(inboundEmails.status, [...claimable])));
  return { outcome: "failed", inboundEmailId: id, error: message };
}

async function decide(ctx: Context): Promise<Decision> {
  const { tx, parsed } = ctx;
  // The same mail reaching us twice (two of our mailboxes, or our own mail looping back).
  const seen = parsed.messageId ? ctx.knownMessageIds.get(parsed.messageId) : undefined;
  if (seen) {
    return {
      status: "duplicate",
      ticketId: seen.ticketId,
      messageId: null,
      reason:
        seen.direction === "out"
          ? `our own message ${parsed.messageId}`
          : `Message-ID ${parsed.messageId} is already on a ticket`,
    };
  }
  // A hard bounce (5.x.x in the delivery report) suppresses automatic mail to that address,
  // whether or not the report threads onto a ticket.
  if (ctx.automated?.kind === "bounce") {
    await recordHardBounces(tx, { raw: Buffer.from(ctx.raw).toString("latin1"), now: ctx.now });
  }

  const found = await findThread(ctx);
  // A reply to a deleted ticket starts a new one: the deleted ticket stays hidden (an admin may
  // restore it) and the customer's message is not lost in it (docs/inbound-email.md).
  const match = found && found.ticket.deletedAt === null ? found : null;
  if (!match) {
    if (ctx.automated) {
      return { status: "junk", ticketId: null, messageId: null, reason: ctx.automated.reason };
    }
    return openTicket(ctx);
  }
  if (ctx.automated) return storeAutomated(ctx, match);
  return addToTicket(ctx, match);
}

type ThreadMatch = { ticket: Ticket; reason: string; role: Role };

/** The threading candidates of a mail, in the order they are tried, with the reason each gives. */
function threadCandidates(
  parsed: ParsedInboundEmail,
  automated: AutomatedVerdict,
  raw: Uint8Array,
): { id: string; reason: string }[] {
  // The direct parent first, then References from the newest.
  const candidates = [
    ...parsed.inReplyTo.map((id) => ({ id, reason: `In-Reply-To ${id}` })),
    ...[...parsed.references].reverse().map((id) => ({ id, reason: `References ${id}` })),
  ];
  if (automated?.kind === "bounce") {
    for (const id of embeddedMessageIds(raw)) {
      if (id !== parsed.messageId) candidates.push({ id, reason: `bounce of ${id}` });
    }
  }
  return candidates;
}

/** Every Message-ID the mail names: its own (duplicates) and its threading candidates. */
function namedMessageIds(
  parsed: ParsedInboundEmail,
  automated: AutomatedVerdict,
  raw: Uint8Array,
): string[] {
  const ids = threadCandidates(parsed, automated, raw).map((c) => c.id);
  if (parsed.messageId) ids.push(parsed.messageId);
  return [...new Set(ids)];
}

async function findThread(ctx: Context): Promise<ThreadMatch | null> {
  const { parsed } = ctx;

  // 1. Threading headers, against the Message-IDs looked up when the row was claimed.
  for (const candidate of threadCandidates(parsed, ctx.automated, ctx.raw)) {
    const hit = ctx.knownMessageIds.get(candidate.id);
    const found = hit ? await findTicketWithRole(ctx, eq(tickets.id, hit.ticketId)) : null;
    if (found) return { ...found, reason: candidate.reason };
  }

  // 2. The signed reply token of the plus-addressed Reply-To we send.
  for (const address of [ctx.envelopeTo, ...parsed.recipients]) {
    const token = address ? replyTokenFromAddress(address) : null;
    const ticketId = token ? verifyReplyToken(ctx.mail.replyTokenKey, token) : null;
    const found = ticketId ? await findTicketWithRole(ctx, eq(tickets.id, ticketId)) : null;
    if (found) return { ...found, reason: "reply token" };
  }

  // 3. [TKT-n] in the subject, from someone who belongs on that ticket.
  if (ctx.ticketNumber !== null) {
    const found = await findTicketWithRole(ctx, eq(tickets.number, ctx.ticketNumber));
    if (found && found.role.kind !== "stranger") {
      return {
        ...found,
        reason: `subject ${formatTicketNumber(found.ticket.number)} from ${found.role.kind}`,
      };
    }
  }
  return null;
}

async function findTicketById(tx: Database, id: number): Promise<Ticket | null> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, id));
  return ticket ?? null;
}

/**
 * The ticket and who the sender is on it — its requester, an agent, a subscriber, or nobody known —
 * in one statement.
 */
async function findTicketWithRole(
  ctx: Context,
  where: SQL,
): Promise<{ ticket: Ticket; role: Role } | null> {
  const { tx, senderEmail } = ctx;
  const [found] = await tx
    .select({
      ticket: tickets,
      // Qualified by hand: Drizzle leaves column names unqualified in a one-table select.
      isRequester: sql<boolean>`exists (select 1 from contacts c where c.id = "tickets"."requester_id" and lower(c.email) = ${senderEmail})`,
      isSubscriber: sql<boolean>`exists (select 1 from ticket_subscribers s where s.ticket_id = "tickets"."id" and lower(s.email) = ${senderEmail})`,
    })
    .from(tickets)
    .where(where)
    // Locked now: whatever the message does next to this ticket queues concurrent changes.
    .for("update");
  if (!found) return null;
  const role: Role = found.isRequester
    ? { kind: "requester" }
    : ctx.senderAgent
      ? { kind: "agent", actor: ctx.senderAgent }
      : { kind: found.isSubscriber ? "subscriber" : "stranger" };
  return { ticket: found.ticket, role };
}

function bodyText(parsed: ParsedInboundEmail): string {
  const text = (parsed.mail.text ?? "").replace(/\r\n/g, "\n").trim();
  if (!text) return EMPTY_BODY;
  return text.length > MAX_BODY_CHARS
    ? `${text.slice(0, MAX_BODY_CHARS - 80)}\n\n[… truncated; the full message is in the Email log]`
    : text;
}

function bodyHtml(parsed: ParsedInboundEmail): string | null {
  if (typeof parsed.mail.html !== "string") return null;
  return sanitizeEmailHtml(parsed.mail.html) || null;
}

const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

async function openTicket(ctx: Context): Promise<Decision> {
  const { tx, parsed, mailbox, now } = ctx;
  const sender = parsed.from!;
  if (mailbox && !mailbox.acceptUnknownSenders) {
    const [known] = ctx.senderAgent
      ? [ctx.senderAgent]
      : await tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(eq(sql`lower(${contacts.email})`, ctx.senderEmail));
    if (!known) {
      return {
        status: "rejected",
        ticketId: null,
        messageId: null,
        reason: null,
        error: `Unknown sender ${sender.email}: the mailbox ${mailbox.address} only accepts mail from known contacts.`,
      };
    }
  }

  const {
    ticket,
    message,
    outboundEmailIds: notifications,
  } = await createTicket(tx, {
    actor: systemActor("Email"),
    mail: ctx.mail,
    subject: (ctx.subject || "(no subject)").slice(0, 300),
    body: bodyText(parsed),
    requester: { email: sender.email, name: sender.name || undefined },
    channel: "email",
    // Team, category and priority: routing rules, then the mailbox defaults (createTicket).
    mailboxId: mailbox?.id ?? null,
    firstMessage: { bodyHtml: bodyHtml(parsed), emailMessageId: parsed.messageId },
    now,
  });

  await addRecipientsAsSubscribers(ctx, ticket.id);
  await recordMessageId(ctx, ticket.id);
  const contactId = ticket.requesterId;
  await storeAttachments(ctx, ticket.id, message.id, { uploadedByContactId: contactId });
  // After the Message-ID is recorded, so the acknowledgement threads under the customer's mail.
  const acknowledgement = await enqueueAcknowledgement(tx, {
    mail: ctx.mail,
    ticket,
    mailbox,
    now,
  });
  return {
    status: "processed",
    ticketId: ticket.id,
    messageId: message.id,
    reason: "new ticket",
    outboundEmailIds: [
      ...notifications,
      ...(acknowledgement.sent ? [acknowledgement.outboundEmailId] : []),
    ],
  };
}

async function addToTicket(ctx: Context, match: ThreadMatch): Promise<Decision> {
  const { tx, parsed, now } = ctx;
  const sender = parsed.from!;
  const held = await holdIfLooping(ctx, match);
  if (held) return held;
  let ticketId: number;
  let messageId: number;
  let outboundEmailIds: number[] = [];

  if (match.role.kind === "agent") {
    const actor = match.role.actor;
    const target = await followMerges(tx, match.ticket);
    // An agent answering from their mail client quotes the conversation; the ticket already has it.
    const text = bodyText(parsed);
    // The files first, as the agent's pending uploads: postMessage claims them for the message, so
    // the copy it mails to the requester carries them, as a reply written in the console does.
    const attachmentIds = await storeAttachments(ctx, target.id, null, {
      uploadedByUserId: actor.id,
    });
    // A reply carries at most MAX_REPLY_FILES; the files past that stay on the message, unmailed.
    const mailed = attachmentIds.slice(0, MAX_REPLY_FILES);
    const result = await postMessage(tx, {
      actor,
      ticket: { id: target.id },
      kind: ctx.commands.includes("tech") ? "note" : "reply",
      body: splitQuotedText(text).reply || EMPTY_BODY,
      attachmentIds: mailed,
      mail: ctx.mail,
      now,
    });
    ticketId = result.ticket.id;
    messageId = result.message.id;
    outboundEmailIds = result.outboundEmailIds;
    const unmailed = attachmentIds.slice(MAX_REPLY_FILES);
    if (unmailed.length > 0) {
      await tx
        .update(attachments)
        .set({ ticketId, messageId })
        .where(inArray(attachments.id, unmailed));
      await addSystemMessage(tx, {
        ticketId,
        text: `${unmailed.length} more files of ${actor.name}'s email are on the message but were not mailed: a reply carries at most ${MAX_REPLY_FILES}.`,
        at: later(now, 5),
      });
    }
    await recordMessageId(ctx, ticketId);
    if (ctx.commands.includes("close")) {
      const closed = await updateTicket(tx, {
        actor,
        ticket: { id: ticketId },
        patch: { status: "closed" },
        now: later(now, 3),
        mail: ctx.mail,
      });
      outboundEmailIds.push(...closed.outboundEmailIds);
    }
  } else {
    const contact = await findOrCreateContact(tx, { email: sender.email, name: sender.name, now });
    const result = await addCustomerReply(tx, {
      contactId: contact.id,
      ticket: { id: match.ticket.id },
      body: bodyText(parsed),
      bodyHtml: bodyHtml(parsed),
      emailMessageId: parsed.messageId,
      now,
      mail: ctx.mail,
    });
    ticketId = result.ticket.id;
    messageId = result.message.id;
    outboundEmailIds = result.outboundEmailIds;
    await recordMessageId(ctx, ticketId);
    await storeAttachments(ctx, ticketId, messageId, { uploadedByContactId: contact.id });
    // Closing by email is for the person whose ticket it is.
    if (ctx.commands.includes("close") && match.role.kind === "requester") {
      const closed = await updateTicket(tx, {
        actor: systemActor("Email from the requester"),
        ticket: { id: ticketId },
        patch: { status: "closed" },
        now: later(now, 3),
        mail: ctx.mail,
      });
      outboundEmailIds.push(...closed.outboundEmailIds);
    }
  }

  // Someone unsubscribing is not re-added by the Cc of the very same mail.
  if (!ctx.commands.includes("unsubscribe")) await addRecipientsAsSubscribers(ctx, ticketId);
  if (ctx.commands.includes("unsubscribe")) {
    const removed = await tx
      .delete(ticketSubscribers)
      .where(
        and(
          eq(ticketSubscribers.ticketId, ticketId),
          eq(sql`lower(${ticketSubscribers.email})`, ctx.senderEmail),
        ),
      )
      .returning({ id: ticketSubscribers.id });
    if (removed.length > 0) {
      await addSystemMessage(tx, {
        ticketId,
        text: `${sender.email} unsubscribed by email`,
        at: later(now, 4),
      });
    }
  }
  return { status: "processed", ticketId, messageId, reason: match.reason, outboundEmailIds };
}

/**
 * Machine mail on a known ticket: kept in the conversation as a note for agents (an auto-reply or a
 * bounce is worth seeing) but it changes nothing — no reopen, no follow-up, no activity.
 */
async function storeAutomated(ctx: Context, match: ThreadMatch): Promise<Decision> {
  const { tx, parsed, now } = ctx;
  const ticket = await lockedTarget(tx, match.ticket);
  const verdict = ctx.automated!;
  const label = {
    auto_reply: "Auto-reply",
    bounce: "Bounce",
    bulk: "Bulk mail",
    noreply: "No-reply mail",
  }[verdict.kind];
  const [message] = await tx
    .insert(messages)
    .values({
      ticketId: ticket.id,
      kind: "note",
      bodyText: `${label} from ${parsed.from!.email} (${verdict.reason}):\n\n${bodyText(parsed)}`,
      bodyHtml: bodyHtml(parsed),
      emailMessageId: parsed.messageId,
      createdAt: now,
    })
    .returning({ id: messages.id });
  await recordEvent(tx, {
    ticketId: ticket.id,
    actor: systemActor("Email"),
    type: "automated_mail.received",
    data: {
      messageId: message!.id,
      kind: verdict.kind,
      reason: verdict.reason,
      from: parsed.from!.email,
    },
    at: now,
  });
  await recordMessageId(ctx, ticket.id);
  return { status: "processed", ticketId: ticket.id, messageId: message!.id, reason: match.reason };
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * The per-ticket loop stop. Two auto-responders (or a broken script) answering each other would
 * otherwise bounce mail through the ticket forever; past the limit a sender's messages are still
 * kept — as internal notes, with a system message saying so once per hour — but reopen nothing,
 * notify nobody and send no mail. The ticket row is locked first, so messages processed at the same
 * time are counted one after another.
 */
async function holdIfLooping(ctx: Context, match: ThreadMatch): Promise<Decision | null> {
  const { tx, parsed, now } = ctx;
  const ticket = await lockedTarget(tx, match.ticket);
  const since = new Date(ctx.receivedAt.getTime() - HOUR_MS);
  // Mail that landed on a follow-up of this ticket counts too: replies to a closed ticket open
  // follow-ups, and a loop must not turn into a ticket per message. The limit (admin → Settings)
  // comes with the count.
  const [recent] = await tx
    .select({ n: sql<number>`count(*)::int`, limit: storedSetting("mail.loopMessagesPerHour") })
    .from(inboundEmails)
    .where(
      and(
        // By ticket (inbound_emails_ticket_received_idx), not by time: the hour's mail of every
        // sender would be read otherwise.
        inArray(
          inboundEmails.ticketId,
          tx
            .select({ id: tickets.id })
            .from(tickets)
            .where(or(eq(tickets.id, ticket.id), eq(tickets.followUpOfId, ticket.id))),
        ),
        eq(inboundEmails.status, "processed"),
        eq(sql`lower(${inboundEmails.fromAddress})`, ctx.senderEmail),
        gt(inboundEmails.receivedAt, since),
        lte(inboundEmails.receivedAt, ctx.receivedAt),
      ),
    );
  const limit = settingValue("mail.loopMessagesPerHour", recent?.limit);
  if ((recent?.n ?? 0) < limit) return null;

  const [message] = await tx
    .insert(messages)
    .values({
      ticketId: ticket.id,
      kind: "note",
      bodyText: `Held without notifications (mail loop suspected) — from ${parsed.from!.email}:\n\n${bodyText(parsed)}`,
      bodyHtml: bodyHtml(parsed),
      emailMessageId: parsed.messageId,
      createdAt: now,
    })
    .returning({ id: messages.id });
  const [alreadySaid] = await tx
    .select({ id: ticketEvents.id })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticket.id),
        eq(ticketEvents.type, "mail_loop.suspected"),
        eq(sql`${ticketEvents.data}->>'from'`, ctx.senderEmail),
        gt(ticketEvents.createdAt, new Date(now.getTime() - HOUR_MS)),
      ),
    )
    .limit(1);
  if (!alreadySaid) {
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor: systemActor("Email"),
      type: "mail_loop.suspected",
      data: { from: ctx.senderEmail, messageId: message!.id, limit },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: ticket.id,
      text: `Mail loop suspected: more than ${limit} messages from ${ctx.senderEmail} within an hour. Further messages from this sender are kept as internal notes, without notifications or automatic mail.`,
      at: later(now, 1),
    });
  }
  await recordMessageId(ctx, ticket.id);
  const outboundEmailIds = alreadySaid ? [] : await alertAdminsOfLoop(ctx, ticket, limit);
  return {
    status: "processed",
    ticketId: ticket.id,
    messageId: message!.id,
    reason: `${match.reason}; held: mail loop suspected`,
    loopSuspected: true,
    outboundEmailIds,
  };
}

/**
 * The first held message of a loop (once per sender, ticket and hour) tells every active admin: in
 * the bell, and by email to the admins themselves — never to the looping address.
 */
async function alertAdminsOfLoop(ctx: Context, ticket: Ticket, limit: number): Promise<number[]> {
  const { tx, now } = ctx;
  const admins = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
    .orderBy(users.id);
  const ref = formatTicketNumber(ticket.number);
  const title = `Mail loop suspected on ${ref}`;
  const body =
    `More than ${limit} messages from ${ctx.senderEmail} reached ${ref} within ` +
    `an hour. Further messages from this sender are kept on the ticket as internal notes, with no ` +
    `notifications and no automatic mail. Check the sender (an auto-responder or a broken script) ` +
    `and block or fix it at its source.`;
  if (admins.length === 0) return [];
  const appUrl = ctx.mail.portal?.appUrl;
  const link = appUrl ? consoleTicketUrl(appUrl, ref) : null;
  await notify(
    tx,
    admins.map((admin) => ({
      userId: admin.id,
      type: "mail_loop" as const,
      ticketId: ticket.id,
      title,
      body: body.slice(0, 200),
      createdAt: now,
    })),
  );
  const ids: number[] = [];
  for (const admin of admins) {
    if (admin.email.toLowerCase() === ctx.senderEmail) continue;
    const row = await enqueueEmail(tx, {
      kind: "mail_loop",
      to: [{ email: admin.email, name: admin.name }],
      subject: title,
      text: `Hello ${admin.name},\n\n${body}\n${link ? `\n${link}\n` : ""}`,
      automatic: true,
      mail: ctx.mail,
      now,
    });
    ids.push(row.id);
  }
  return ids;
}

/**
 * When the mailbox says so, the people in To/Cc become subscribers of the ticket (new tickets and
 * replies alike) — except our own addresses (every mailbox, plus-tagged or not, and the From we send
 * with), the sender, the requester and agents, who follow tickets in the console.
 */
async function addRecipientsAsSubscribers(ctx: Context, ticketId: number): Promise<void> {
  const { tx, parsed, mailbox } = ctx;
  if (!mailbox?.addRecipientsAsSubscribers) return;
  const people = [
    ...(parsed.mail.to ? [parsed.mail.to] : []),
    ...(parsed.mail.cc ? [parsed.mail.cc] : []),
  ]
    .flat()
    .flatMap((object) => object.value)
    .filter((a): a is typeof a & { address: string } => Boolean(a.address?.includes("@")));
  if (people.length === 0) return;
  const ours = new Set((await tx.select().from(mailboxes)).map((m) => baseAddress(m.address)));
  ours.add(baseAddress(ctx.mail.from.email));
  const [ticket] = await tx
    .select({ requesterEmail: contacts.email })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .where(eq(tickets.id, ticketId));
  const candidates = people.filter(
    (a) =>
      !ours.has(baseAddress(a.address)) &&
      a.address.toLowerCase() !== ctx.senderEmail &&
      a.address.toLowerCase() !== ticket?.requesterEmail.toLowerCase(),
  );
  if (candidates.length === 0) return;
  const agents = await tx
    .select({ email: users.email })
    .from(users)
    .where(
      inArray(
        sql`lower(${users.email})`,
        candidates.map((a) => a.address.toLowerCase()),
      ),
    );
  const agentEmails = new Set(agents.map((a) => a.email.toLowerCase()));
  for (const person of candidates) {
    if (agentEmails.has(person.address.toLowerCase())) continue;
    await tx
      .insert(ticketSubscribers)
      .values({ ticketId, email: person.address.slice(0, 320), name: person.name ?? "" })
      .onConflictDoNothing();
  }
}

async function followMerges(tx: Database, ticket: Ticket): Promise<Ticket> {
  let current = ticket;
  for (let hops = 0; current.mergedIntoId !== null && hops < 10; hops++) {
    const next = await findTicketById(tx, current.mergedIntoId);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The ticket a message goes to (past merges), locked: the matched ticket already is. */
async function lockedTarget(tx: Database, matched: Ticket): Promise<Ticket> {
  const target = await followMerges(tx, matched);
  return target === matched ? matched : lockTicket(tx, { id: target.id });
}

/** Later replies quote this Message-ID; recording it is what threads them. */
async function recordMessageId(ctx: Context, ticketId: number): Promise<void> {
  if (!ctx.parsed.messageId) return;
  await ctx.tx
    .insert(messageIds)
    .values({
      emailMessageId: ctx.parsed.messageId,
      ticketId,
      direction: "in",
      createdAt: ctx.now,
    })
    .onConflictDoNothing();
}

/**
 * The mail's attachments (inline cid: images included) become attachments of the message, under the
 * same rules as uploads: 10 MB, a real image when it claims to be one, an allowed type. A file that
 * breaks a rule is left out with a system message naming it; the message itself is always kept.
 */
async function storeAttachments(
  ctx: Context,
  ticketId: number,
  /** null: stored as the uploader's pending files, for postMessage to claim (returned ids). */
  messageId: number | null,
  uploader: { uploadedByContactId: number } | { uploadedByUserId: number },
): Promise<number[]> {
  const { tx, storage, now } = ctx;
  const files = ctx.parsed.mail.attachments;
  const storedIds: number[] = [];
  if (files.length === 0) return storedIds;
  const allowed = await getSetting(tx, "attachments.allowedTypes");
  const dropped: string[] = [];
  for (const file of files) {
    const filename = sanitizeFilename(file.filename ?? (file.cid ? `inline-${file.cid}` : ""));
    const data = new Uint8Array(
      file.content.buffer,
      file.content.byteOffset,
      file.content.byteLength,
    );
    if (data.byteLength === 0) continue;
    if (data.byteLength > MAX_ATTACHMENT_BYTES) {
      dropped.push(tooLargeMessage(filename));
      continue;
    }
    const detected = detectContentType({ filename, declaredType: file.contentType, data });
    if (!detected.ok) {
      dropped.push(`${filename} is not a valid ${detected.claimedType} file`);
      continue;
    }
    if (!isAllowedType(allowed, detected.contentType)) {
      dropped.push(`${filename}: files of type ${detected.contentType} are not allowed`);
      continue;
    }
    const storageKey = createStorageKey(now);
    await storage.put(storageKey, data);
    ctx.storedKeys.push(storageKey);
    const [stored] = await tx
      .insert(attachments)
      .values({
        ticketId,
        messageId,
        filename,
        contentType: detected.contentType,
        sizeBytes: data.byteLength,
        sha256: crypto.createHash("sha256").update(data).digest("hex"),
        storageKey,
        contentId: file.cid ?? null,
        createdAt: now,
        ...uploader,
      })
      .returning({ id: attachments.id });
    storedIds.push(stored!.id);
  }
  for (const [index, reason] of dropped.entries()) {
    await addSystemMessage(tx, {
      ticketId,
      text: `An attachment of the email was not kept: ${reason}`,
      at: later(now, 5 + index),
    });
  }
  return storedIds;
}

/** Rows stored but not processed after `olderThanMs` (a lost event, a crash): for the sweep. */
export async function findStaleInboundEmails(
  db: Database,
  now: Date,
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<number[]> {
  const rows = await db
    .select({ id: inboundEmails.id })
    .from(inboundEmails)
    .where(
      and(
        eq(inboundEmails.status, "received"),
        lt(inboundEmails.receivedAt, new Date(now.getTime() - (options.olderThanMs ?? 120_000))),
      ),
    )
    .orderBy(inboundEmails.receivedAt)
    .limit(options.limit ?? 100);
  return rows.map((r) => r.id);
}

/**
 * The outbox: every email the helpdesk sends is first a row in `outbound_emails`, written in the
 * transaction of the change that causes it. Nothing is sent here; after the commit the caller
 * dispatches `email/outbound.queued` and the worker (send-outbound-email.ts) delivers the row.
 */
import "server-only";
import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import { insertMany } from "@/db/bulk-insert";
import type { Database } from "@/db/client";
import {
  mailboxes,
  messageIds,
  outboundEmails,
  type NewOutboundEmail,
  type OutboundEmail,
} from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { buildEmailHeaders, singleLine, textToHtml, withTicketPrefix } from "./headers";
import { createMessageId } from "./message-id";
import { replyAddress, signReplyToken } from "./reply-token";
import type { MailSettings } from "./settings";

const addressSchema = z.object({
  email: z.email({ error: "is not a valid email address" }).max(320),
  name: z
    .string()
    .max(200)
    .default("")
    .transform((name) => singleLine(name)),
});

export const enqueueEmailSchema = z.object({
  kind: z.string().trim().min(1).max(50),
  to: z.array(addressSchema).min(1, { error: "needs at least one recipient" }).max(50),
  cc: z.array(addressSchema).max(50).default([]),
  subject: z.string().trim().min(1).max(500),
  text: z.string().max(500_000),
  html: z.string().max(2_000_000).optional(),
  automatic: z.boolean().default(false),
});
export type EnqueueEmailInput = z.input<typeof enqueueEmailSchema>;

export type EnqueueEmailRequest = EnqueueEmailInput & {
  mail: MailSettings;
  /** The ticket the mail belongs to: threading headers, `[TKT-…]` subject, signed Reply-To. */
  ticket?: { id: number; number: number; mailboxId: number | null } | null;
  /** The conversation message this mail carries, if any. */
  messageId?: number | null;
  /** Rows of `attachments` sent with the mail (read from storage when it is sent). */
  attachmentIds?: number[];
  /**
   * Record the mail without ever sending it (status `skipped`), saying why: automatic mail to an
   * address that hard-bounced stays visible in the email log instead of silently vanishing.
   */
  skipReason?: string | null;
  now?: Date;
};

type NewMessageIdRow = typeof messageIds.$inferInsert;

type ThreadEntry = { emailMessageId: string; direction: "in" | "out" };

/** The threads and support addresses of the tickets some mails belong to, in two queries. */
async function loadThreadContext(tx: Database, inputs: EnqueueEmailRequest[]) {
  const ticketIds = [...new Set(inputs.flatMap((i) => (i.ticket ? [i.ticket.id] : [])))];
  const mailboxIds = [
    ...new Set(inputs.flatMap((i) => (i.ticket?.mailboxId ? [i.ticket.mailboxId] : []))),
  ];
  const [threadRows, mailboxRows] = await Promise.all([
    ticketIds.length === 0
      ? []
      : tx
          .select({
            ticketId: messageIds.ticketId,
            emailMessageId: messageIds.emailMessageId,
            direction: messageIds.direction,
          })
          .from(messageIds)
          .where(inArray(messageIds.ticketId, ticketIds))
          .orderBy(asc(messageIds.createdAt), asc(messageIds.id)),
    mailboxIds.length === 0
      ? []
      : tx
          .select({ id: mailboxes.id, address: mailboxes.address })
          .from(mailboxes)
          .where(inArray(mailboxes.id, mailboxIds)),
  ]);
  const threads = new Map<number, ThreadEntry[]>();
  for (const { ticketId, ...entry } of threadRows) {
    const list = threads.get(ticketId) ?? [];
    list.push(entry);
    threads.set(ticketId, list);
  }
  return { threads, mailboxAddresses: new Map(mailboxRows.map((m) => [m.id, m.address])) };
}

/** Validates one mail and builds its row, threaded on its ticket's earlier mails. */
function prepareEmail(
  input: EnqueueEmailRequest,
  context: Awaited<ReturnType<typeof loadThreadContext>>,
): { values: NewOutboundEmail; thread: NewMessageIdRow | null } {
  const parsed = enqueueEmailSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") ?? "email";
    throw new DomainError(
      "INVALID",
      `Cannot send the email: ${where} ${issue?.message ?? "is invalid"}.`,
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const data = parsed.data;
  const now = input.now ?? new Date();
  const ticket = input.ticket ?? null;

  // One copy per person: nobody is both a recipient and copied, nobody twice.
  const seen = new Set<string>();
  const unique = (list: typeof data.to) =>
    list.filter((a) => {
      const key = a.email.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const to = unique(data.to);
  const cc = unique(data.cc);

  const emailMessageId = createMessageId(input.mail.from.email);
  let subject = singleLine(data.subject);
  let replyTo: string | null = null;
  let thread: ThreadEntry[] = [];
  if (ticket) {
    subject = withTicketPrefix(subject, formatTicketNumber(ticket.number));
    thread = context.threads.get(ticket.id) ?? [];
    // Replies go to the ticket's own support address when it has one, plus-addressed with a
    // signed token so that the inbound pipeline finds the ticket even without threading headers.
    const base =
      (ticket.mailboxId !== null && context.mailboxAddresses.get(ticket.mailboxId)) ||
      input.mail.from.email;
    replyTo = replyAddress(base, signReplyToken(input.mail.replyTokenKey, ticket.id));
  }

  const headers = buildEmailHeaders({
    messageId: emailMessageId,
    thread,
    automatic: data.automatic,
  });
  const values: NewOutboundEmail = {
    ticketId: ticket?.id ?? null,
    messageId: input.messageId ?? null,
    kind: data.kind,
    from: input.mail.from,
    to,
    cc,
    replyTo,
    subject,
    textBody: data.text,
    htmlBody: data.html ?? textToHtml(data.text),
    headers,
    attachmentIds: input.attachmentIds ?? [],
    emailMessageId,
    status: input.skipReason ? "skipped" : "queued",
    nextAttemptAt: input.skipReason ? null : now,
    lastError: input.skipReason ?? null,
    createdAt: now,
  };
  const sent =
    ticket && !input.skipReason
      ? { emailMessageId, ticketId: ticket.id, direction: "out" as const, createdAt: now }
      : null;
  return { values, thread: sent };
}

export async function enqueueEmail(
  tx: Database,
  input: EnqueueEmailRequest,
): Promise<OutboundEmail> {
  const { values, thread } = prepareEmail(input, await loadThreadContext(tx, [input]));
  const [row] = await tx.insert(outboundEmails).values(values).returning();
  if (!row) throw new Error("outbound email insert returned no row");
  if (thread) await tx.insert(messageIds).values(thread);
  return row;
}

/**
 * Many mails in one go (the batched timer sweep): each validated and built exactly as
 * `enqueueEmail` does, written with one multi-row INSERT (`insertMany`). Returns the new rows' ids
 * in the order given.
 */
export async function enqueueEmails(
  tx: Database,
  inputs: EnqueueEmailRequest[],
): Promise<number[]> {
  if (inputs.length === 0) return [];
  const context = await loadThreadContext(tx, inputs);
  const prepared = inputs.map((input) => prepareEmail(input, context));
  const inserted = await insertMany(
    tx,
    outboundEmails,
    prepared.map((p) => p.values),
    { returning: ["id", "email_message_id"] },
  );
  const idOf = new Map(inserted.map((row) => [row.email_message_id as string, Number(row.id)]));
  await insertMany(
    tx,
    messageIds,
    prepared.flatMap((p) => (p.thread ? [p.thread] : [])),
  );
  return prepared.map(({ values }) => {
    const id = idOf.get(values.emailMessageId);
    if (id === undefined) throw new Error("outbound email insert returned no row");
    return id;
  });
}

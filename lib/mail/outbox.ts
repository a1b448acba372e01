/**
 * The outbox: every email the helpdesk sends is first a row in `outbound_emails`, written in the
 * transaction of the change that causes it. Nothing is sent here; after the commit the caller
 * dispatches `email/outbound.queued` and the worker (send-outbound-email.ts) delivers the row.
 */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { mailboxes, messageIds, outboundEmails, type OutboundEmail } from "@/db/schema";
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

export async function enqueueEmail(
  tx: Database,
  input: EnqueueEmailInput & {
    mail: MailSettings;
    /** The ticket the mail belongs to: threading headers, `[TKT-…]` subject, signed Reply-To. */
    ticket?: { id: number; number: number; mailboxId: number | null } | null;
    /** The conversation message this mail carries, if any. */
    messageId?: number | null;
    now?: Date;
  },
): Promise<OutboundEmail> {
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
  let thread: { emailMessageId: string; direction: "in" | "out" }[] = [];
  if (ticket) {
    subject = withTicketPrefix(subject, formatTicketNumber(ticket.number));
    thread = await tx
      .select({ emailMessageId: messageIds.emailMessageId, direction: messageIds.direction })
      .from(messageIds)
      .where(eq(messageIds.ticketId, ticket.id))
      .orderBy(asc(messageIds.createdAt), asc(messageIds.id));
    // Replies go to the ticket's own support address when it has one, plus-addressed with a
    // signed token so that the inbound pipeline finds the ticket even without threading headers.
    let base = input.mail.from.email;
    if (ticket.mailboxId !== null) {
      const [mailbox] = await tx
        .select({ address: mailboxes.address })
        .from(mailboxes)
        .where(eq(mailboxes.id, ticket.mailboxId));
      if (mailbox) base = mailbox.address;
    }
    replyTo = replyAddress(base, signReplyToken(input.mail.replyTokenKey, ticket.id));
  }

  const headers = buildEmailHeaders({
    messageId: emailMessageId,
    thread,
    automatic: data.automatic,
  });
  const [row] = await tx
    .insert(outboundEmails)
    .values({
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
      emailMessageId,
      status: "queued",
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error("outbound email insert returned no row");
  if (ticket) {
    await tx
      .insert(messageIds)
      .values({ emailMessageId, ticketId: ticket.id, direction: "out", createdAt: now });
  }
  return row;
}

/**
 * Outbound mail and threading. `outbound_emails` is the outbox: a domain change that sends mail
 * inserts rows here in its own transaction, and a background worker delivers each row once (the row
 * id is the provider's idempotency key). `message_ids` records every Message-ID we sent or received
 * with its ticket, so replies thread back through In-Reply-To / References.
 */
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { messages } from "./messages";
import { tickets } from "./tickets";

/** An address as stored: the name may be empty. */
export type StoredEmailAddress = { email: string; name: string };

/**
 * queued: waiting for its first attempt. sending: claimed by a worker (next_attempt_at is the end of
 * its lease). sent: the provider accepted it. failed: the last attempt failed; next_attempt_at says
 * when the next one is due, or is null when we gave up. skipped: never sent on purpose (automatic
 * mail to a suppressed address); last_error says why.
 */
export const outboundEmailStatuses = ["queued", "sending", "sent", "failed", "skipped"] as const;
export type OutboundEmailStatus = (typeof outboundEmailStatuses)[number];
export const outboundEmailStatusEnum = pgEnum("outbound_email_status", outboundEmailStatuses);

export const emailDirections = ["in", "out"] as const;
export type EmailDirection = (typeof emailDirections)[number];
export const emailDirectionEnum = pgEnum("email_direction", emailDirections);

export const outboundEmails = pgTable(
  "outbound_emails",
  {
    id: id(),
    ticketId: foreignId("ticket_id").references(() => tickets.id, { onDelete: "set null" }),
    messageId: foreignId("message_id").references(() => messages.id, { onDelete: "set null" }),
    /** What the mail is, e.g. `reply`; templates and notification settings key on it. */
    kind: text("kind").notNull(),
    from: jsonb("from_address").$type<StoredEmailAddress>().notNull(),
    to: jsonb("to_addresses").$type<StoredEmailAddress[]>().notNull(),
    cc: jsonb("cc_addresses").$type<StoredEmailAddress[]>().notNull().default([]),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
    /** Every header we set besides From/To/Cc/Reply-To/Subject, Message-ID included. */
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    /** Files sent with the mail: rows of `attachments`, read from storage when the mail is sent. */
    attachmentIds: jsonb("attachment_ids").$type<number[]>().notNull().default([]),
    /** Our Message-ID, with angle brackets: `<random@domain>`. */
    emailMessageId: text("email_message_id").notNull().unique(),
    status: outboundEmailStatusEnum("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at"),
    lastError: text("last_error"),
    /** Which transport delivered it: resend, smtp or dev. */
    transport: text("transport"),
    providerMessageId: text("provider_message_id"),
    sentAt: timestamptz("sent_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    // The sweep: rows not yet sent whose next attempt is due.
    index("outbound_emails_status_next_attempt_idx").on(t.status, t.nextAttemptAt),
    index("outbound_emails_ticket_idx").on(t.ticketId),
    index("outbound_emails_created_idx").on(t.createdAt.desc(), t.id.desc()),
  ],
);

export const messageIds = pgTable(
  "message_ids",
  {
    id: id(),
    /** The Message-ID with angle brackets, exactly as it appears in In-Reply-To / References. */
    emailMessageId: text("email_message_id").notNull(),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    direction: emailDirectionEnum("direction").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("message_ids_email_message_id_key").on(t.emailMessageId),
    index("message_ids_ticket_created_idx").on(t.ticketId, t.createdAt, t.id),
  ],
);

export type OutboundEmail = typeof outboundEmails.$inferSelect;
export type NewOutboundEmail = typeof outboundEmails.$inferInsert;
export type MessageIdRow = typeof messageIds.$inferSelect;

/**
 * Inbound mail: every message posted to the inbound endpoint is stored here first, byte for byte,
 * before anything is parsed or threaded, so that nothing is lost (a failure leaves the row `failed`
 * with its raw source, visible in the Email log and retryable). The unique index on
 * (mailbox, Message-ID) is what makes a message delivered twice land once: the second insert
 * conflicts, whatever the timing.
 */
import {
  bigint,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { mailboxes } from "./mailboxes";
import { messages } from "./messages";
import { tickets } from "./tickets";

/**
 * received: stored, not processed yet. processed: threaded onto (or opened) a ticket. duplicate: the
 * Message-ID was already on a ticket (e.g. the same mail sent to two of our mailboxes). junk:
 * automated mail that belongs to no ticket. rejected: refused by a mailbox rule (unknown sender).
 * failed: parsing or processing failed; `error` says why.
 */
export const inboundEmailStatuses = [
  "received",
  "processed",
  "duplicate",
  "junk",
  "rejected",
  "failed",
] as const;
export type InboundEmailStatus = (typeof inboundEmailStatuses)[number];
export const inboundEmailStatusEnum = pgEnum("inbound_email_status", inboundEmailStatuses);

export const inboundAutomatedKinds = ["auto_reply", "bounce", "bulk", "noreply"] as const;
export type InboundAutomatedKind = (typeof inboundAutomatedKinds)[number];
export const inboundAutomatedKindEnum = pgEnum("inbound_automated_kind", inboundAutomatedKinds);

/**
 * Raw bytes. postgres.js hands back a Buffer and PGlite a Uint8Array; both are returned as a plain
 * Uint8Array view so that callers see one type.
 */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

export const inboundEmails = pgTable(
  "inbound_emails",
  {
    id: id(),
    mailboxId: foreignId("mailbox_id").references(() => mailboxes.id, { onDelete: "set null" }),
    /**
     * The mailbox the message was received for, 0 for none: the scope of the duplicate check. Unlike
     * `mailbox_id` it is never cleared, so deleting mailboxes cannot make two stored copies of one
     * message (received by two of our mailboxes) collide.
     */
    mailboxKey: bigint("mailbox_key", { mode: "number" }).notNull().default(0),
    /** The Message-ID with angle brackets, or `sha256:<hex of the raw bytes>` when it has none. */
    messageIdKey: text("message_id_key").notNull(),
    raw: bytea("raw").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    /** The envelope recipient the MTA named (`?to=`), when it did. */
    envelopeTo: text("envelope_to"),
    fromAddress: text("from_address"),
    subject: text("subject"),
    status: inboundEmailStatusEnum("status").notNull().default("received"),
    automatedKind: inboundAutomatedKindEnum("automated_kind"),
    error: text("error"),
    ticketId: foreignId("ticket_id").references(() => tickets.id, { onDelete: "set null" }),
    /** The conversation message this mail became. */
    messageId: foreignId("message_id").references(() => messages.id, { onDelete: "set null" }),
    /** How the ticket was found: `In-Reply-To <id>`, `reply token`, `new ticket`, … */
    threadingReason: text("threading_reason"),
    attempts: integer("attempts").notNull().default(0),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
    processedAt: timestamptz("processed_at"),
  },
  (t) => [
    uniqueIndex("inbound_emails_mailbox_key_message_id_key").on(t.mailboxKey, t.messageIdKey),
    // The loop stop counts a ticket's recent mail.
    index("inbound_emails_ticket_received_idx").on(t.ticketId, t.receivedAt),
    // The Email log: newest first, keyset on (received_at, id).
    index("inbound_emails_received_idx").on(t.receivedAt.desc(), t.id.desc()),
    // Rows waiting for (or needing another) processing run.
    index("inbound_emails_status_received_idx").on(t.status, t.receivedAt),
  ],
);

export type InboundEmail = typeof inboundEmails.$inferSelect;
export type NewInboundEmail = typeof inboundEmails.$inferInsert;

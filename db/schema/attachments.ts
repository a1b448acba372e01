/**
 * Files attached to messages. Bytes live behind the storage interface; the row keeps the facts.
 * An upload from the composer exists before its message: message (and, on a new ticket, ticket) stay
 * null until the message is sent, and only the uploader may attach it.
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { contacts } from "./contacts";
import { messages } from "./messages";
import { tickets } from "./tickets";
import { users } from "./users";

export const attachments = pgTable(
  "attachments",
  {
    id: id(),
    ticketId: foreignId("ticket_id").references(() => tickets.id, { onDelete: "cascade" }),
    messageId: foreignId("message_id").references(() => messages.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    /** Content-ID for inline images referenced as cid: in HTML bodies. */
    contentId: text("content_id"),
    uploadedByUserId: foreignId("uploaded_by_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    uploadedByContactId: foreignId("uploaded_by_contact_id").references(() => contacts.id, {
      onDelete: "set null",
    }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("attachments_message_idx").on(t.messageId),
    index("attachments_ticket_idx").on(t.ticketId),
    index("attachments_pending_idx")
      .on(t.createdAt)
      .where(sql`${t.messageId} is null`),
    check(
      "attachments_message_has_ticket",
      sql`${t.messageId} is null or ${t.ticketId} is not null`,
    ),
  ],
);

export type Attachment = typeof attachments.$inferSelect;

/** Files attached to messages. Bytes live behind the storage interface; the row keeps the facts. */
import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { messages } from "./messages";
import { tickets } from "./tickets";

export const attachments = pgTable(
  "attachments",
  {
    id: id(),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    messageId: foreignId("message_id").references(() => messages.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    /** Content-ID for inline images referenced as cid: in HTML bodies. */
    contentId: text("content_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("attachments_message_idx").on(t.messageId),
    index("attachments_ticket_idx").on(t.ticketId),
  ],
);

export type Attachment = typeof attachments.$inferSelect;

/**
 * The conversation of a ticket: public replies (to or from the requester), internal notes (agents
 * only) and system messages. An author is a user, a contact, or nobody (system).
 */
import { sql } from "drizzle-orm";
import { check, index, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { contacts } from "./contacts";
import { messageKindEnum } from "./enums";
import { tickets } from "./tickets";
import { users } from "./users";

export const messages = pgTable(
  "messages",
  {
    id: id(),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    kind: messageKindEnum("kind").notNull(),
    authorUserId: foreignId("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorContactId: foreignId("author_contact_id").references(() => contacts.id, {
      onDelete: "set null",
    }),
    bodyText: text("body_text").notNull().default(""),
    /** Sanitized HTML, safe to render; null when the message only has text. */
    bodyHtml: text("body_html"),
    /** RFC 5322 Message-ID for messages that came or went by email. */
    emailMessageId: text("email_message_id"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("messages_ticket_created_idx").on(t.ticketId, t.createdAt, t.id),
    index("messages_email_message_id_idx")
      .on(t.emailMessageId)
      .where(sql`${t.emailMessageId} is not null`),
    check("messages_single_author", sql`${t.authorUserId} is null or ${t.authorContactId} is null`),
  ],
);

export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;

/**
 * People around a ticket besides requester and assignee: participants (agents invited to work on it,
 * who then see it in their open lists) and subscribers (email addresses copied on public replies).
 */
import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { contacts } from "./contacts";
import { tickets } from "./tickets";
import { users } from "./users";

export const ticketParticipants = pgTable(
  "ticket_participants",
  {
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    userId: foreignId("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedByUserId: foreignId("added_by_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.userId] }),
    index("ticket_participants_user_idx").on(t.userId),
  ],
);

export const ticketSubscribers = pgTable(
  "ticket_subscribers",
  {
    id: id(),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    contactId: foreignId("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ticket_subscribers_ticket_email_key").on(t.ticketId, sql`lower(${t.email})`),
  ],
);

export type TicketSubscriber = typeof ticketSubscribers.$inferSelect;

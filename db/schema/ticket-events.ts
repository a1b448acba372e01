/**
 * The audit trail: one row per change to a ticket, appended in the same transaction as the change.
 * Rows are never updated (a trigger in the migrations refuses it).
 */
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { contacts } from "./contacts";
import { tickets } from "./tickets";
import { users } from "./users";

export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: id(),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    /** Null with no contact either means the system did it (a timer, the mail pipeline). */
    actorUserId: foreignId("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorContactId: foreignId("actor_contact_id").references(() => contacts.id, {
      onDelete: "set null",
    }),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("ticket_events_ticket_created_idx").on(t.ticketId, t.createdAt)],
);

export type TicketEvent = typeof ticketEvents.$inferSelect;

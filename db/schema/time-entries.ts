/** Time agents spent on a ticket. */
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { tickets } from "./tickets";
import { users } from "./users";

export const timeEntries = pgTable(
  "time_entries",
  {
    id: id(),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    userId: foreignId("user_id").references(() => users.id, { onDelete: "set null" }),
    minutes: integer("minutes").notNull(),
    note: text("note").notNull().default(""),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("time_entries_ticket_idx").on(t.ticketId),
    check("time_entries_minutes_positive", sql`${t.minutes} > 0`),
  ],
);

export type TimeEntry = typeof timeEntries.$inferSelect;

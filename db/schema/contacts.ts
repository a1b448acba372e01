/** Requesters: the customers who write in. One row per email address (case-insensitive). */
import { sql } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps, timestamptz } from "./columns";

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    lastSeenIp: text("last_seen_ip"),
    firstSeenAt: timestamptz("first_seen_at").notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [uniqueIndex("contacts_email_key").on(sql`lower(${t.email})`)],
);

export type Contact = typeof contacts.$inferSelect;
export type NewContact = typeof contacts.$inferInsert;

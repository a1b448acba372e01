/** Requesters: the customers who write in. One row per email address (case-insensitive). */
import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps, timestamptz } from "./columns";

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    lastSeenIp: text("last_seen_ip"),
    firstSeenAt: timestamptz("first_seen_at").notNull().defaultNow(),
    /**
     * Portal links carry this number; bumping it ("sign out everywhere", or an agent revoking access)
     * invalidates every link and portal session issued before.
     */
    portalTokenVersion: integer("portal_token_version").notNull().default(1),
    /** Set when mail to this address hard-bounced: automatic mail is no longer sent to it. */
    suppressedAt: timestamptz("suppressed_at"),
    suppressionReason: text("suppression_reason"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("contacts_email_key").on(sql`lower(${t.email})`),
    // `requester:` token: fuzzy match on name or address.
    index("contacts_email_trgm_idx").using("gin", sql`lower(${t.email}) gin_trgm_ops`),
    index("contacts_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
  ],
);

export type Contact = typeof contacts.$inferSelect;
export type NewContact = typeof contacts.$inferInsert;

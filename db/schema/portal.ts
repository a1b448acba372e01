/**
 * Requester-side records: satisfaction ratings, and a generic sliding-window counter for public
 * endpoints (portal link requests, web form submissions) that must be rate-limited across processes.
 */
import { check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { foreignId, id, timestamps, timestamptz } from "./columns";
import { contacts } from "./contacts";
import { tickets } from "./tickets";

/** One rating per ticket (rating again replaces it). Score 1 (bad) … 5 (great). */
export const csatRatings = pgTable(
  "csat_ratings",
  {
    id: id(),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    contactId: foreignId("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    score: integer("score").notNull(),
    comment: text("comment").notNull().default(""),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("csat_ratings_ticket_key").on(t.ticketId),
    check("csat_ratings_score_check", sql`${t.score} between 1 and 5`),
  ],
);

/** One row per counted hit; `bucket` is e.g. `portal-link:email:a@b.c` or `web-form:ip:1.2.3.4`. */
export const rateLimitEvents = pgTable(
  "rate_limit_events",
  {
    id: id(),
    bucket: text("bucket").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("rate_limit_events_bucket_created_idx").on(t.bucket, t.createdAt)],
);

export type CsatRating = typeof csatRatings.$inferSelect;

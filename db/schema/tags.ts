/** Labels agents put on tickets. Never shown to requesters. */
import { sql } from "drizzle-orm";
import { pgTable, primaryKey, text, uniqueIndex, index } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { tickets } from "./tickets";

export const tags = pgTable(
  "tags",
  {
    id: id(),
    name: text("name").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tags_name_key").on(sql`lower(${t.name})`)],
);

export const ticketTags = pgTable(
  "ticket_tags",
  {
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    tagId: foreignId("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.tagId] }), index("ticket_tags_tag_idx").on(t.tagId)],
);

export type Tag = typeof tags.$inferSelect;

/** Ticket categories (seeded: General, Billing, Technical, Account, Feature Request, Bug Report, Other). */
import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";

export const categories = pgTable(
  "categories",
  {
    id: id(),
    /** Stable lower snake case key used by the API and search tokens, e.g. `feature_request`. */
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    isActive: boolean("is_active").notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("categories_name_key").on(sql`lower(${t.name})`)],
);

export type Category = typeof categories.$inferSelect;

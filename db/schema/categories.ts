/** Ticket categories (seeded: General, Billing, Technical, Account, Feature Request, Bug Report, Other). */
import { boolean, integer, pgTable, text } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";

export const categories = pgTable("categories", {
  id: id(),
  /** Stable lower snake case key used by the API and search tokens, e.g. `feature_request`. */
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  position: integer("position").notNull().default(0),
  isActive: boolean("is_active").notNull().default(true),
  ...timestamps,
});

export type Category = typeof categories.$inferSelect;

/**
 * Which categories an agent follows: a new ticket in one of them, or a ticket moved into one, is
 * announced to the agent like a ticket of their team (lib/notifications/ticket-notifications.ts).
 * Set by admins on the People screen.
 */
import { index, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { categories } from "./categories";
import { foreignId, timestamptz } from "./columns";
import { users } from "./users";

export const userCategories = pgTable(
  "user_categories",
  {
    userId: foreignId("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    categoryId: foreignId("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  // The pair is the key (one row per agent and category); notifying looks agents up by category.
  (t) => [
    primaryKey({ columns: [t.userId, t.categoryId] }),
    index("user_categories_category_idx").on(t.categoryId),
  ],
);

export type UserCategory = typeof userCategories.$inferSelect;

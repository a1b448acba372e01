/** Personal saved views of the inbox: a name and the token query it stands for. */
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { foreignId, id, timestamps } from "./columns";
import { users } from "./users";

export const savedViews = pgTable(
  "saved_views",
  {
    id: id(),
    userId: foreignId("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The search bar's token query, exactly as it appears in the URL (`q`). */
    query: text("query").notNull(),
    /** Sort key as in the URL (`sort`), e.g. `-updated`. */
    sort: text("sort").notNull().default("-updated"),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index("saved_views_user_idx").on(t.userId, t.position),
    uniqueIndex("saved_views_user_name_key").on(t.userId, t.name),
  ],
);

export type SavedView = typeof savedViews.$inferSelect;

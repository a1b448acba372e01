/** Workspace settings: one row per key, value validated by lib/settings.ts. */
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, timestamptz } from "./columns";
import { users } from "./users";

export const workspaceSettings = pgTable("workspace_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  updatedByUserId: foreignId("updated_by_user_id").references(() => users.id, {
    onDelete: "set null",
  }),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

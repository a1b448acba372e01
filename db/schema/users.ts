/** Agents and admins: the people who sign in to the console. */
import { sql } from "drizzle-orm";
import { boolean, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps, timestamptz } from "./columns";
import { userRoleEnum } from "./enums";

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: userRoleEnum("role").notNull().default("agent"),
    passwordHash: text("password_hash"),
    isActive: boolean("is_active").notNull().default(true),
    lastSignInAt: timestamptz("last_sign_in_at"),
    /** Per-agent console preferences (inbox columns, …), validated by lib/users/preferences.ts. */
    preferences: jsonb("preferences").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/**
 * Admin-edited email templates: one row per event (acknowledgement, public reply, agent
 * notifications, …) overriding the default subject and body kept in code
 * (lib/mail/templates/events.ts). No row means the default; an empty subject or body means "do not
 * send this email".
 */
import { pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, timestamptz } from "./columns";
import { users } from "./users";

export const emailTemplates = pgTable("email_templates", {
  eventKey: text("event_key").primaryKey(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  updatedByUserId: foreignId("updated_by_user_id").references(() => users.id, {
    onDelete: "set null",
  }),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export type EmailTemplateRow = typeof emailTemplates.$inferSelect;

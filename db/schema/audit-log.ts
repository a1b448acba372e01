/**
 * The workspace audit log: records that must outlive what they describe, so nothing here is a
 * foreign key to the subject (a purged ticket's `ticket_events` go with it; this row stays).
 * Append-only: a trigger in the migrations refuses UPDATE and DELETE.
 */
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { users } from "./users";

export const auditLogActions = ["ticket.purged"] as const;
export type AuditLogAction = (typeof auditLogActions)[number];

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    action: text("action").$type<AuditLogAction>().notNull(),
    /** Who did it; null means the system (the timer sweep). */
    actorUserId: foreignId("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** What it was about, as it was then (a copy, never a reference). */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("audit_log_action_created_idx").on(t.action, t.createdAt)],
);

export type AuditLogEntry = typeof auditLog.$inferSelect;

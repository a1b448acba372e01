/**
 * What the SLA timers have already announced: one row per ticket, clock, kind and due time. The
 * primary key is the idempotency key of the warning and breach actions (notification, email,
 * escalation): the check inserts here first with `on conflict do nothing` and acts only when its row
 * was new, so a re-run, a second sweep or the durable function racing the sweep never notifies
 * twice. A clock whose due time moves (priority change, a pause) gets a new due time and may warn
 * again, once.
 */
import { sql } from "drizzle-orm";
import { check, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import type { SlaMetric } from "@/lib/sla/engine";
import { foreignId, timestamptz } from "./columns";
import { tickets } from "./tickets";

export const slaNoticeKinds = ["warning", "breach"] as const;
export type SlaNoticeKind = (typeof slaNoticeKinds)[number];

export const slaNotices = pgTable(
  "sla_notices",
  {
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    metric: text("metric").$type<SlaMetric>().notNull(),
    kind: text("kind").$type<SlaNoticeKind>().notNull(),
    /** The due time the notice is about. */
    dueAt: timestamptz("due_at").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.metric, t.kind, t.dueAt] }),
    check(
      "sla_notices_metric_check",
      sql`${t.metric} in ('firstResponse', 'nextResponse', 'resolution')`,
    ),
    check("sla_notices_kind_check", sql`${t.kind} in ('warning', 'breach')`),
  ],
);

export type SlaNotice = typeof slaNotices.$inferSelect;

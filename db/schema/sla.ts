/**
 * SLA policies as admins configure them. The JSON columns hold exactly what the engine's zod schemas
 * accept (`lib/sla/policy.ts`, `lib/sla/calendar.ts`); `lib/admin/sla-policies.ts` validates on
 * every write, and readers parse again so a hand-edited row cannot reach the engine unchecked.
 */
import { boolean, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { BusinessCalendar } from "@/lib/sla/calendar";
import type { SlaConditions, SlaPolicy, SlaWarning } from "@/lib/sla/policy";
import { id, timestamps } from "./columns";

export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: id(),
    name: text("name").notNull(),
    /** Tried in ascending order (ties by id); the first active match applies. */
    position: integer("position").notNull().default(0),
    isActive: boolean("is_active").notNull().default(true),
    conditions: jsonb("conditions").$type<SlaConditions>().notNull().default({}),
    targets: jsonb("targets").$type<SlaPolicy["targets"]>().notNull().default({}),
    calendar: jsonb("calendar").$type<BusinessCalendar>().notNull(),
    warn: jsonb("warn").$type<SlaWarning>().notNull().default({}),
    /** What happens on breach besides notifying: raise priority one step, hand to a team. */
    escalation: jsonb("escalation")
      .$type<{ raisePriority?: boolean; teamId?: number | null }>()
      .notNull()
      .default({}),
    ...timestamps,
  },
  (t) => [index("sla_policies_active_position_idx").on(t.isActive, t.position, t.id)],
);

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type NewSlaPolicyRow = typeof slaPolicies.$inferInsert;

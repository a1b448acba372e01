/**
 * SLA policies: which tickets a policy covers (ordered match conditions), the targets per priority,
 * the calendar its clocks run on and when to warn. `selectPolicy` picks the policy for a ticket.
 * Pure: policies are passed in, so the console, the API and the timers all agree.
 */
import { z } from "zod";
import {
  ticketChannels,
  ticketPriorities,
  type TicketChannel,
  type TicketPriority,
} from "@/db/schema/enum-values";
import { businessCalendarSchema } from "./calendar";

/** A year of minutes: longer targets are configuration mistakes and would make clocks scan far. */
export const maxTargetMinutes = 525_600;

const targetMinutes = z.number().int().positive().max(maxTargetMinutes);

export const slaTargetsSchema = z.object({
  firstResponseMinutes: targetMinutes.optional(),
  /** From the oldest unanswered customer message to the next public agent reply. */
  nextResponseMinutes: targetMinutes.optional(),
  resolutionMinutes: targetMinutes.optional(),
});
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

const ids = z.array(z.number().int().positive()).max(500);

export const slaConditionsSchema = z.object({
  priorities: z.array(z.enum(ticketPriorities)).optional(),
  categoryIds: ids.optional(),
  teamIds: ids.optional(),
  mailboxIds: ids.optional(),
  channels: z.array(z.enum(ticketChannels)).optional(),
});
export type SlaConditions = z.infer<typeof slaConditionsSchema>;

export const slaWarningSchema = z.object({
  /** Warn when this much working time is left before the due time. */
  minutesBefore: z.number().int().min(0).max(maxTargetMinutes).optional(),
  /** Warn when this share of the target has elapsed (1–100). */
  percentElapsed: z.number().min(1).max(100).optional(),
});
export type SlaWarning = z.infer<typeof slaWarningSchema>;

export const slaPolicySchema = z.object({
  id: z.number().int(),
  name: z.string().trim().min(1).max(200),
  /** Lower positions are tried first; ties are broken by id. */
  position: z.number().int(),
  conditions: slaConditionsSchema.default({}),
  targets: z.partialRecord(z.enum(ticketPriorities), slaTargetsSchema),
  calendar: businessCalendarSchema,
  warn: slaWarningSchema.default({}),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;

/** What the conditions look at. A ticket without a category/team/mailbox has null there. */
export type SlaTicketAttributes = {
  priority: TicketPriority;
  categoryId: number | null;
  teamId: number | null;
  mailboxId: number | null;
  channel: TicketChannel;
};

function listMatches<T>(allowed: readonly T[] | undefined, value: T | null): boolean {
  if (!allowed || allowed.length === 0) return true;
  return value !== null && allowed.includes(value);
}

/**
 * Whether a ticket satisfies every condition of a policy. Within one condition any listed value
 * matches; a missing or empty list matches every ticket, including one without that attribute.
 */
export function policyMatches(policy: SlaPolicy, ticket: SlaTicketAttributes): boolean {
  const { conditions } = policy;
  return (
    listMatches(conditions.priorities, ticket.priority) &&
    listMatches(conditions.categoryIds, ticket.categoryId) &&
    listMatches(conditions.teamIds, ticket.teamId) &&
    listMatches(conditions.mailboxIds, ticket.mailboxId) &&
    listMatches(conditions.channels, ticket.channel)
  );
}

/** Policies in the order they are tried: by position, then id. Does not modify the input. */
export function sortPolicies(policies: readonly SlaPolicy[]): SlaPolicy[] {
  return [...policies].sort((a, b) => a.position - b.position || a.id - b.id);
}

/**
 * The first policy (by position) whose conditions the ticket meets, or null. Call again whenever
 * priority, category, team, mailbox or channel change, then recompute with `computeSla`.
 */
export function selectPolicy(
  policies: readonly SlaPolicy[],
  ticket: SlaTicketAttributes,
): SlaPolicy | null {
  return sortPolicies(policies).find((policy) => policyMatches(policy, ticket)) ?? null;
}

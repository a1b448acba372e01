/**
 * The ticket status machine and the rules that tie dates to statuses. Pure: used by every path that
 * changes a ticket, and unit-tested on its own.
 *
 * Open ⇄ Pending ⇄ In Progress ⇄ On Hold ⇄ Resolved → Closed. Closed is final: a customer reply to a
 * closed ticket starts a linked follow-up instead.
 */
import type { TicketStatus } from "@/db/schema";
import { statusLabels } from "./labels";

export const activeStatuses: readonly TicketStatus[] = [
  "open",
  "pending",
  "in_progress",
  "on_hold",
];
/** Statuses that pause the SLA resolution and next-response clocks. */
export const pausedStatuses: readonly TicketStatus[] = ["pending", "on_hold"];

export type TicketTimers = {
  status: TicketStatus;
  assigneeId: number | null;
  remindAt: Date | null;
  snoozedUntil: Date | null;
  autoSolveAt: Date | null;
};

/** Why the transition is refused, or null when it is allowed (same status is a no-op, allowed). */
export function transitionError(from: TicketStatus, to: TicketStatus): string | null {
  if (from === to) return null;
  if (from === "closed") {
    return "Closed tickets cannot be reopened. A reply from the customer starts a follow-up ticket.";
  }
  return null;
}

/**
 * Applies a status change's side effects to the timers: leaving Pending drops the reminder; Resolved
 * and Closed drop snooze, reminder and auto-solve. Returns the timers as they will be stored.
 */
export function applyStatusEffects(next: TicketTimers, previousStatus: TicketStatus): TicketTimers {
  const result = { ...next };
  if (next.status !== previousStatus) {
    if (next.status !== "pending") result.remindAt = null;
    if (next.status === "resolved" || next.status === "closed") {
      result.snoozedUntil = null;
      result.autoSolveAt = null;
    }
  }
  return result;
}

/** Every rule the resulting state must satisfy; messages name the field for forms and the API. */
export function validateTicketState(
  state: TicketTimers,
  changed: { remindAt: boolean; snoozedUntil: boolean; autoSolveAt: boolean },
  now: Date,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (state.status === "in_progress" && state.assigneeId === null) {
    errors.status = "An unassigned ticket cannot be In Progress: claim it or assign it first.";
  }
  if (state.remindAt) {
    if (state.status !== "pending") {
      errors.remindAt = `A reminder needs the ticket to be Pending (it is ${statusLabels[state.status]}).`;
    } else if (changed.remindAt && state.remindAt <= now) {
      errors.remindAt = "The reminder must be in the future.";
    }
  }
  if (state.snoozedUntil) {
    if (state.status === "closed") errors.snoozedUntil = "A closed ticket cannot be snoozed.";
    else if (changed.snoozedUntil && state.snoozedUntil <= now) {
      errors.snoozedUntil = "Snooze until a time in the future.";
    }
  }
  if (state.autoSolveAt) {
    if (state.status === "resolved" || state.status === "closed") {
      errors.autoSolveAt = "The ticket is already solved.";
    } else if (changed.autoSolveAt && state.autoSolveAt <= now) {
      errors.autoSolveAt = "The auto-solve date must be in the future.";
    }
  }
  return errors;
}

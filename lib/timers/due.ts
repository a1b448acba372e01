/**
 * When a ticket's timers are due: the pending reminder (`remind_at`, Pending only), the snooze
 * (`snoozed_until`), auto-solve (`auto_solve_at`, not yet Resolved or Closed) and the SLA check
 * (`sla_next_check_at`). The same rules in
 * TypeScript (re-checked on a locked row before acting) and in SQL (the sweep's query), so the two
 * cannot drift apart.
 */
import { and, eq, isNotNull, lte, notInArray, or, type SQL } from "drizzle-orm";
import { tickets, type Ticket } from "@/db/schema";
import type { TicketChange } from "@/lib/tickets/update-ticket";

type TimerFields = Pick<Ticket, "status" | "remindAt" | "snoozedUntil" | "autoSolveAt">;

export const timerFields = ["remindAt", "snoozedUntil", "autoSolveAt"] as const;

export function isReminderDue(ticket: TimerFields, now: Date): boolean {
  return ticket.status === "pending" && ticket.remindAt !== null && ticket.remindAt <= now;
}

export function isSnoozeDue(ticket: TimerFields, now: Date): boolean {
  return ticket.snoozedUntil !== null && ticket.snoozedUntil <= now;
}

export function isAutoSolveDue(ticket: TimerFields, now: Date): boolean {
  return (
    ticket.autoSolveAt !== null &&
    ticket.autoSolveAt <= now &&
    ticket.status !== "resolved" &&
    ticket.status !== "closed"
  );
}

export function isSlaCheckDue(ticket: Pick<Ticket, "slaNextCheckAt">, now: Date): boolean {
  return ticket.slaNextCheckAt !== null && ticket.slaNextCheckAt <= now;
}

/** The earliest timer that can still fire, or null when none is armed. */
export function nextTimerAt(ticket: TimerFields): Date | null {
  const candidates = [
    ticket.status === "pending" ? ticket.remindAt : null,
    ticket.snoozedUntil,
    ticket.status === "resolved" || ticket.status === "closed" ? null : ticket.autoSolveAt,
  ].filter((d): d is Date => d !== null);
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates.map((d) => d.getTime())));
}

/**
 * SQL for "some timer is due at `now`". Each branch is a range condition on one nullable column,
 * so the partial indexes `tickets_remind_at_idx`, `tickets_snoozed_until_idx`,
 * `tickets_auto_solve_at_idx` and `tickets_sla_next_check_idx` serve it; see docs/architecture.md,
 * "Timers".
 */
export function dueTimersCondition(now: Date): SQL {
  return or(
    and(eq(tickets.status, "pending"), isNotNull(tickets.remindAt), lte(tickets.remindAt, now)),
    and(isNotNull(tickets.snoozedUntil), lte(tickets.snoozedUntil, now)),
    and(
      isNotNull(tickets.autoSolveAt),
      lte(tickets.autoSolveAt, now),
      notInArray(tickets.status, ["resolved", "closed"]),
    ),
    and(isNotNull(tickets.slaNextCheckAt), lte(tickets.slaNextCheckAt, now)),
  )!;
}

/** Whether a change to a ticket armed, moved or dropped one of its timers. */
export function changesTimers(changes: readonly TicketChange[]): boolean {
  return changes.some((change) => (timerFields as readonly string[]).includes(change.field));
}

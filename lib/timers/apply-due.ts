/**
 * Every timer of one ticket at once, for the durable per-ticket function and the sweep: auto-solve
 * first (a ticket solved now needs no reminder), then the reminder, then the snooze, then the SLA
 * check (sla-check.ts) — each one re-checked on the locked row as it stands after the previous one. Running it twice is harmless
 * for the reason each worker gives: a timer that fired is cleared in the same transaction.
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { tickets, type Ticket } from "@/db/schema";
import { autoSolveLockedTicket } from "./auto-solve";
import { nextTimerAt } from "./due";
import { remindOnLockedTicket } from "./pending-reminder";
import { checkSlaOnLockedTicket } from "./sla-check";
import { DomainError } from "@/lib/errors";
import { lockTicket } from "@/lib/tickets/lock";
import type { LockedStep, TimerAction, TimerContext, TimerInput } from "./shared";
import { wakeLockedTicket } from "./snooze";

export type DueTimersResult = {
  ticketId: number;
  /** What fired, in order; empty when nothing was due (or the ticket is gone). */
  actions: TimerAction[];
  outboundEmailIds: number[];
};

const steps: ((tx: Database, ticket: Ticket, context: TimerContext) => Promise<LockedStep>)[] = [
  autoSolveLockedTicket,
  remindOnLockedTicket,
  wakeLockedTicket,
  checkSlaOnLockedTicket,
];

/** On a row locked by the caller. */
export async function applyDueTimersOnLockedTicket(
  tx: Database,
  locked: Ticket,
  context: TimerContext,
): Promise<DueTimersResult> {
  const result: DueTimersResult = { ticketId: locked.id, actions: [], outboundEmailIds: [] };
  let ticket = locked;
  for (const step of steps) {
    const done = await step(tx, ticket, context);
    ticket = done.ticket;
    if (done.result.action !== "not_due" && done.result.action !== "missing") {
      result.actions.push(done.result.action);
      result.outboundEmailIds.push(...done.result.outboundEmailIds);
    }
  }
  return result;
}

export async function applyDueTimers(db: Database, input: TimerInput): Promise<DueTimersResult> {
  try {
    return await db.transaction(async (tx) => {
      const ticket = await lockTicket(tx, { id: input.ticketId });
      return applyDueTimersOnLockedTicket(tx, ticket, input);
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      return { ticketId: input.ticketId, actions: [], outboundEmailIds: [] };
    }
    throw error;
  }
}

/** When the ticket's next timer fires (ISO string, so that it survives a step's JSON), or null. */
export async function findNextTimerAt(db: Database, ticketId: number): Promise<string | null> {
  const [ticket] = await db
    .select({
      status: tickets.status,
      remindAt: tickets.remindAt,
      snoozedUntil: tickets.snoozedUntil,
      autoSolveAt: tickets.autoSolveAt,
    })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  const at = ticket ? nextTimerAt(ticket) : null;
  return at ? at.toISOString() : null;
}

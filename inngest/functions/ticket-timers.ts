/**
 * Inngest: the durable timers of one ticket. On `ticket/timers.changed` it sleeps until the earliest
 * of the ticket's reminder, snooze and auto-solve dates, then re-reads the ticket and applies what is
 * due with the plain workers (lib/timers/apply-due.ts), and repeats for the timers still armed.
 *
 * Restart on change: `singleton` keyed on the ticket with mode `cancel` — a new event for the same
 * ticket cancels the sleeping run and starts a fresh one on the new dates. (Preferred over `cancelOn`
 * with the trigger's own event, which would rely on the triggering event not cancelling the run it
 * starts, and over `debounce`, which is capped at 7 days and would delay a reminder by its period.)
 *
 * Safe to run twice or late: the workers lock and re-read the row and act only on what is due at
 * that moment; a fired timer is cleared in the same transaction. The reconciling sweep
 * (sweep-ticket-timers.ts) serves anything a cancelled or lost run missed.
 */
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { getMailSettings, type MailSettings } from "@/lib/mail/settings";
import { applyDueTimers, findNextTimerAt } from "@/lib/timers/apply-due";
import type { TimerAction } from "@/lib/timers/shared";
import { inngest } from "../client";
import { outboundEmailQueuedEvent, ticketTimersChanged } from "../events";

/** Three timers, each fires at most once per arming; one more round finds nothing left. */
export const MAX_TIMER_ROUNDS = 4;

export type TicketTimersDeps = () => { db: Database; mail: MailSettings };

export function createTicketTimersFunction(deps: TicketTimersDeps) {
  return inngest.createFunction(
    {
      id: "ticket-timers",
      name: "Ticket timers",
      triggers: [ticketTimersChanged],
      singleton: { key: "event.data.ticketId", mode: "cancel" },
      retries: 5,
    },
    async ({ event, step }) => {
      const { ticketId } = event.data;
      const actions: TimerAction[] = [];
      for (let round = 1; round <= MAX_TIMER_ROUNDS; round++) {
        const next = await step.run(`find-next-${round}`, () =>
          findNextTimerAt(deps().db, ticketId),
        );
        if (next === null) break;
        await step.sleepUntil(`sleep-${round}`, new Date(next));
        const done = await step.run(`apply-${round}`, () => {
          const { db, mail } = deps();
          return applyDueTimers(db, { ticketId, now: new Date(), mail });
        });
        actions.push(...done.actions);
        if (done.outboundEmailIds.length > 0) {
          await step.sendEvent(
            `dispatch-${round}`,
            done.outboundEmailIds.map(outboundEmailQueuedEvent),
          );
        }
      }
      return { ticketId, actions };
    },
  );
}

export default createTicketTimersFunction(() => ({ db: getDb(), mail: getMailSettings() }));

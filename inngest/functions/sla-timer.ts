/**
 * Inngest: the durable SLA timer of one ticket. On `ticket/sla.changed` it sleeps until the ticket's
 * stored `sla_next_check_at` (a warning time, then a due time), re-reads the database and runs the
 * SLA check (lib/timers/sla-check.ts): warn, or mark breached, notify and escalate. Then it sleeps
 * until the next check the recomputation stored, and so on until no running clock is left to watch.
 *
 * Restart on change: `cancelOn` the same event for the same ticket — a newer `ticket/sla.changed`
 * cancels this sleeping run, and the new event starts a fresh one on the new due times. (The event
 * that starts a run does not cancel it: Inngest listens for cancellations that arrive after the run
 * was scheduled.)
 *
 * Running it twice is harmless: the check locks and recomputes the ticket from the database and
 * acts only on warnings and breaches it claims first in `sla_notices` (one row per ticket, clock,
 * kind and due time, unique), so a duplicate run, a late wake-up or the reconciling sweep doing the
 * same check finds nothing left to announce. The sweep (sweep-ticket-timers.ts) serves any check a
 * cancelled or lost run missed.
 */
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { getMailSettings, type MailSettings } from "@/lib/mail/settings";
import { checkTicketSla, findNextSlaCheckAt } from "@/lib/timers/sla-check";
import type { TimerAction } from "@/lib/timers/shared";
import { inngest } from "../client";
import { outboundEmailQueuedEvent, ticketSlaChanged } from "../events";

/**
 * Three clocks, each warns and breaches at most once per due time: six checks, and one more round
 * that finds nothing left. A new next-response cycle comes with a new `ticket/sla.changed`.
 */
export const MAX_SLA_ROUNDS = 7;

export type SlaTimerDeps = () => { db: Database; mail: MailSettings };

export type SlaTimerResult = { ticketId: number; actions: TimerAction[] };

export function createSlaTimerFunction(deps: SlaTimerDeps) {
  return inngest.createFunction(
    {
      id: "sla-timer",
      name: "SLA timer",
      triggers: [ticketSlaChanged],
      cancelOn: [{ event: ticketSlaChanged, if: "async.data.ticketId == event.data.ticketId" }],
      retries: 5,
    },
    async ({ event, step }): Promise<SlaTimerResult> => {
      const { ticketId } = event.data;
      const actions: TimerAction[] = [];
      for (let round = 1; round <= MAX_SLA_ROUNDS; round++) {
        const next = await step.run(`find-next-${round}`, () =>
          findNextSlaCheckAt(deps().db, ticketId),
        );
        if (next === null) break;
        await step.sleepUntil(`sleep-${round}`, new Date(next));
        const done = await step.run(`check-${round}`, () => {
          const { db, mail } = deps();
          return checkTicketSla(db, { ticketId, now: new Date(), mail });
        });
        if (done.action === "missing") break;
        if (done.action !== "not_due") actions.push(done.action);
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

export default createSlaTimerFunction(() => ({ db: getDb(), mail: getMailSettings() }));

/**
 * Inngest: every minute, the reconciling timer sweep (lib/timers/sweep.ts) — reminders, snoozes,
 * auto-solve and SLA checks: anything due that a durable per-ticket timer missed (an event lost after the commit, a run cancelled at the wrong
 * moment, dates written by an import). Safe to run twice or alongside the per-ticket function: the
 * sweep locks each due row (`skip locked`), re-checks it, and a fired timer is cleared in the same
 * transaction. One run at a time (concurrency 1) so that a slow run is not overtaken.
 */
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { getMailSettings, type MailSettings } from "@/lib/mail/settings";
import { runTimerSweep } from "@/lib/timers/sweep";
import { inngest } from "../client";
import { outboundEmailQueuedEvent } from "../events";

/** Tickets per run: a minute's worth; a backlog drains over the following runs. */
export const TIMER_SWEEP_RUN_LIMIT = 5_000;

export type SweepTicketTimersDeps = () => { db: Database; mail: MailSettings };

export function createSweepTicketTimersFunction(deps: SweepTicketTimersDeps) {
  return inngest.createFunction(
    {
      id: "sweep-ticket-timers",
      name: "Sweep ticket timers",
      triggers: [{ cron: "* * * * *" }],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const result = await step.run("sweep", () => {
        const { db, mail } = deps();
        return runTimerSweep(db, { now: new Date(), mail, limit: TIMER_SWEEP_RUN_LIMIT });
      });
      const { outboundEmailIds, ...counts } = result;
      if (outboundEmailIds.length > 0) {
        await step.sendEvent("dispatch-emails", outboundEmailIds.map(outboundEmailQueuedEvent));
      }
      return { ...counts, emails: outboundEmailIds.length };
    },
  );
}

export default createSweepTicketTimersFunction(() => ({ db: getDb(), mail: getMailSettings() }));

/**
 * The reconciling timer sweep: finds every ticket with a due timer and applies it. Without Inngest it
 * is what serves timers (every TIMER_SWEEP_INTERVAL_MS); with Inngest a cron function runs it every
 * minute to catch anything a durable timer missed.
 *
 * Batches: each batch is one transaction that selects due rows `for update skip locked` and applies
 * every timer of each row, re-checked on the locked row: the common cases set-based (batch.ts: one
 * UPDATE per kind of timer, multi-row inserts for the audit events, system messages and
 * notifications, with the same outcome per ticket as the workers), the rest with the per-ticket
 * code. A concurrent sweep skips rows this one holds, and once a batch commits its rows are no
 * longer due, so no ticket is acted on twice. If a batch fails, its tickets are retried one
 * transaction each, so that one bad ticket neither blocks the others nor makes the sweep spin on
 * it. The SLA check (`sla_next_check_at` passed) is one of the timers served here.
 */
import { and, asc, gt, notInArray } from "drizzle-orm";
import type { Database, DatabaseHandle } from "@/db/client";
import { tickets } from "@/db/schema";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import type { MailSettings } from "@/lib/mail/settings";
import { sweepDeletedTickets } from "@/lib/tickets/delete-tickets";
import { applyDueTimers, type DueTimersResult } from "./apply-due";
import { applyDueTimersToLockedRows } from "./batch";
import { dueTimersCondition } from "./due";
import type { TimerAction } from "./shared";

/** pg_try_advisory_lock key: "timers" in ASCII. */
export const TIMER_SWEEP_LOCK_KEY = 0x74696d657273;
export const TIMER_SWEEP_INTERVAL_MS = 60_000;

export type TimerSweepOptions = {
  now: Date;
  mail: MailSettings;
  /** At most this many tickets per run (the rest wait for the next run). */
  limit?: number;
  batchSize?: number;
  /** Batches in flight at once (each on its own connection with PostgreSQL). */
  concurrency?: number;
};

export type TimerSweepResult = {
  /** Tickets on which at least one timer fired. */
  tickets: number;
  reminded: number;
  woken: number;
  solved: number;
  autoSolveCancelled: number;
  /** Tickets whose SLA check announced a warning (and no breach) / a breach. */
  slaWarned: number;
  slaBreached: number;
  /** Tickets whose timers failed (logged); they stay due for the next run. */
  failed: number;
  outboundEmailIds: number[];
};

const counters: Record<TimerAction, keyof TimerSweepResult> = {
  reminded: "reminded",
  woken: "woken",
  solved: "solved",
  auto_solve_cancelled: "autoSolveCancelled",
  sla_warned: "slaWarned",
  sla_breached: "slaBreached",
};

export async function runTimerSweep(
  db: Database,
  options: TimerSweepOptions,
): Promise<TimerSweepResult> {
  const { now, mail } = options;
  const limit = options.limit ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const result: TimerSweepResult = {
    tickets: 0,
    reminded: 0,
    woken: 0,
    solved: 0,
    autoSolveCancelled: 0,
    slaWarned: 0,
    slaBreached: 0,
    failed: 0,
    outboundEmailIds: [],
  };
  const failed = new Set<number>();
  let reserved = 0;

  const record = (done: DueTimersResult) => {
    if (done.actions.length === 0) return;
    result.tickets++;
    for (const action of done.actions) (result[counters[action]] as number)++;
    result.outboundEmailIds.push(...done.outboundEmailIds);
  };
  // Rows are handed out in id order from a cursor. Selections are serialised (the processing is
  // not), so every due row below the cursor was either taken by a batch of this run or is locked by
  // someone else — whose change re-checks it — and is left for the next run.
  let cursor = 0;
  let selecting: Promise<unknown> = Promise.resolve();
  const dueRows = (tx: Database, take: number, after: number) =>
    tx
      .select()
      .from(tickets)
      .where(
        and(
          dueTimersCondition(now),
          gt(tickets.id, after),
          failed.size > 0 ? notInArray(tickets.id, [...failed]) : undefined,
        ),
      )
      .orderBy(asc(tickets.id))
      .limit(take);
  const takeRows = (tx: Database, take: number) => {
    const taken = selecting.then(async () => {
      const rows = await dueRows(tx, take, cursor).for("update", { skipLocked: true });
      if (rows.length > 0) cursor = rows[rows.length - 1]!.id;
      return rows;
    });
    selecting = taken.catch(() => undefined);
    return taken;
  };

  const runBatch = async (take: number): Promise<number> => {
    let ids: number[] = [];
    try {
      const done = await db.transaction(async (tx) => {
        const rows = await takeRows(tx, take);
        ids = rows.map((row) => row.id);
        return applyDueTimersToLockedRows(tx, rows, options);
      });
      done.forEach(record);
      return done.length;
    } catch (error) {
      console.error("[timers] a sweep batch failed; retrying its tickets one by one", error);
      for (const ticketId of ids) {
        try {
          record(await applyDueTimers(db, { ticketId, now, mail }));
        } catch (ticketError) {
          console.error(`[timers] ticket ${ticketId}: applying its timers failed`, ticketError);
          failed.add(ticketId);
          result.failed++;
        }
      }
      return ids.length;
    }
  };

  const worker = async () => {
    while (reserved < limit) {
      const take = Math.min(batchSize, limit - reserved);
      reserved += take;
      const found = await runBatch(take);
      if (found < take) {
        reserved -= take - found;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  // Deleted tickets past their retention period go for good (lib/tickets/delete-tickets.ts).
  await sweepDeletedTickets(db, { now, storage: getAttachmentStorage });
  return result;
}

/**
 * One sweep for this process: on PostgreSQL only if no other process holds the sweep's advisory
 * lock (the row locks would keep them from double-acting anyway; the lock keeps them from racing).
 */
export async function sweepTimersExclusively(
  handle: DatabaseHandle,
  options: TimerSweepOptions,
): Promise<TimerSweepResult | null> {
  // PGlite serves one process (its lock file guarantees it): nobody to race with.
  if (handle.kind === "pglite") return runTimerSweep(handle.db, options);

  const connection = await handle.client.reserve();
  try {
    const [row] = await connection<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${TIMER_SWEEP_LOCK_KEY}) as locked`;
    if (!row?.locked) return null;
    try {
      return await runTimerSweep(handle.db, options);
    } finally {
      await connection`select pg_advisory_unlock(${TIMER_SWEEP_LOCK_KEY})`;
    }
  } finally {
    connection.release();
  }
}

const SWEEP_KEY = Symbol.for("helpdesk.timer-sweep");
type GlobalWithSweep = typeof globalThis & { [SWEEP_KEY]?: NodeJS.Timeout };

/**
 * Starts the periodic sweep once per process (dev reloads included); a run never overlaps the
 * previous one. Returns a stop function.
 */
export function startTimerSweep(
  getHandle: () => DatabaseHandle,
  options: {
    getMail: () => MailSettings;
    intervalMs?: number;
    /** Called after a run with the outbox rows it queued (already committed). */
    onEmailsQueued?: (outboundEmailIds: number[]) => Promise<void>;
  },
): () => void {
  const store = globalThis as GlobalWithSweep;
  if (store[SWEEP_KEY]) return () => {};
  let isRunning = false;
  const tick = async () => {
    const result = await sweepTimersExclusively(getHandle(), {
      now: new Date(),
      mail: options.getMail(),
    });
    if (result && result.outboundEmailIds.length > 0) {
      await options.onEmailsQueued?.(result.outboundEmailIds);
    }
  };
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    tick()
      .catch((error: unknown) => console.error("[timers] sweep failed", error))
      .finally(() => {
        isRunning = false;
      });
  }, options.intervalMs ?? TIMER_SWEEP_INTERVAL_MS);
  timer.unref();
  store[SWEEP_KEY] = timer;
  return () => {
    clearInterval(timer);
    store[SWEEP_KEY] = undefined;
  };
}

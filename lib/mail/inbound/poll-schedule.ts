/**
 * Mailbox polling in this process, for when Inngest is not configured (with Inngest the cron
 * function inngest/functions/poll-mailboxes.ts does it): every minute, poll every enabled mailbox,
 * then process the messages stored. A run never overlaps the previous one in this process, and on
 * PostgreSQL a session advisory lock keeps a second instance from polling the same mailboxes at the
 * same moment (which would be harmless — storing is unique per Message-ID — but wasteful).
 */
import type { Database, DatabaseHandle } from "@/db/client";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { dispatchEvents } from "@/lib/events/dispatch";
import type { MailSettings } from "../settings";
import { pollAllMailboxes, summarizePolls, type PollOptions, type PollSummary } from "./imap";
import { runInboundEmailProcessing } from "./run";

/** pg_try_advisory_lock key: "impoll" in ASCII. */
export const MAILBOX_POLL_LOCK_KEY = 0x696d706f6c6c;
export const MAILBOX_POLL_INTERVAL_MS = 60_000;

/** One polling run, unless another process holds the lock (then null). */
export async function pollMailboxesExclusively(
  handle: DatabaseHandle,
  options: PollOptions,
): Promise<PollSummary | null> {
  const run = async () => summarizePolls(await pollAllMailboxes(handle.db, options));
  // PGlite serves one process (its lock file guarantees it): nobody to race with.
  if (handle.kind === "pglite") return run();

  const connection = await handle.client.reserve();
  try {
    const [row] = await connection<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${MAILBOX_POLL_LOCK_KEY}) as locked`;
    if (!row?.locked) return null;
    try {
      return await run();
    } finally {
      await connection`select pg_advisory_unlock(${MAILBOX_POLL_LOCK_KEY})`;
    }
  } finally {
    connection.release();
  }
}

/** Processes what a run stored and sends the alerts it queued, in this process. */
async function handOn(db: Database, summary: PollSummary): Promise<void> {
  for (const inboundEmailId of summary.inboundEmailIds) {
    // A failure is recorded on the row (Email log); the inbound sweep retries lost ones.
    await runInboundEmailProcessing(inboundEmailId, { db, useInngest: false }).catch(
      (error: unknown) => console.error("[imap] processing failed", { inboundEmailId }, error),
    );
  }
  await dispatchEvents(summary.outboundEmailIds.map(outboundEmailQueuedEvent), {
    db,
    useInngest: false,
  });
}

const POLL_KEY = Symbol.for("helpdesk.mailbox-polling");
type GlobalWithPolling = typeof globalThis & { [POLL_KEY]?: NodeJS.Timeout };

/** Starts polling once per process (dev reloads included). Returns a stop function. */
export function startMailboxPolling(
  getHandle: () => DatabaseHandle,
  options: {
    getMail: () => MailSettings;
    secretKey: Buffer | undefined;
    maxBytes?: number;
    intervalMs?: number;
  },
): () => void {
  const store = globalThis as GlobalWithPolling;
  if (store[POLL_KEY]) return () => {};
  let isRunning = false;
  const tick = async () => {
    const handle = getHandle();
    const summary = await pollMailboxesExclusively(handle, {
      secretKey: options.secretKey,
      maxBytes: options.maxBytes,
      mail: options.getMail(),
      now: new Date(),
    });
    if (summary) await handOn(handle.db, summary);
  };
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    tick()
      .catch((error: unknown) => console.error("[imap] polling failed", error))
      .finally(() => {
        isRunning = false;
      });
  }, options.intervalMs ?? MAILBOX_POLL_INTERVAL_MS);
  timer.unref();
  store[POLL_KEY] = timer;
  return () => {
    clearInterval(timer);
    store[POLL_KEY] = undefined;
  };
}

/**
 * The in-process retry sweep, for when Inngest is not configured: every 30 seconds, deliver outbox
 * rows whose next attempt is due. A run never overlaps the previous one, and on PostgreSQL a session
 * advisory lock lets only one process sweep at a time, so two app instances never double-send (the
 * per-row claim would prevent it anyway; the lock keeps them from racing for every row).
 */
import type { DatabaseHandle } from "@/db/client";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { findDueOutboundEmails, sendOutboundEmail } from "./send-outbound-email";
import type { MailTransport } from "./transports/types";

/** pg_try_advisory_lock key: "outbox" in ASCII. */
export const OUTBOX_SWEEP_LOCK_KEY = 0x6f7574626f78;
export const OUTBOX_SWEEP_INTERVAL_MS = 30_000;

export type SweepResult = { locked: boolean; attempted: number; sent: number };

export async function sweepOutbox(
  handle: DatabaseHandle,
  transport: MailTransport,
  options: { now?: Date; limit?: number; storage?: AttachmentStorage } = {},
): Promise<SweepResult> {
  const run = async (): Promise<SweepResult> => {
    const now = options.now ?? new Date();
    const ids = await findDueOutboundEmails(handle.db, now, options.limit ?? 50);
    let sent = 0;
    for (const outboundEmailId of ids) {
      const result = await sendOutboundEmail(handle.db, transport, {
        outboundEmailId,
        now,
        storage: options.storage,
      });
      if (result.outcome === "sent") sent++;
    }
    return { locked: true, attempted: ids.length, sent };
  };

  // PGlite serves one process (its lock file guarantees it): nobody to race with.
  if (handle.kind === "pglite") return run();

  const connection = await handle.client.reserve();
  try {
    const [row] = await connection<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${OUTBOX_SWEEP_LOCK_KEY}) as locked`;
    if (!row?.locked) return { locked: false, attempted: 0, sent: 0 };
    try {
      return await run();
    } finally {
      await connection`select pg_advisory_unlock(${OUTBOX_SWEEP_LOCK_KEY})`;
    }
  } finally {
    connection.release();
  }
}

const SWEEP_KEY = Symbol.for("helpdesk.outbox-sweep");
type GlobalWithSweep = typeof globalThis & { [SWEEP_KEY]?: NodeJS.Timeout };

/** Starts the periodic sweep once per process (dev reloads included); returns a stop function. */
export function startOutboxSweep(
  getHandle: () => DatabaseHandle,
  getTransport: () => MailTransport,
  getStorage?: () => AttachmentStorage,
): () => void {
  const store = globalThis as GlobalWithSweep;
  if (store[SWEEP_KEY]) return () => {};
  let isRunning = false;
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    sweepOutbox(getHandle(), getTransport(), { storage: getStorage?.() })
      .catch((error: unknown) => console.error("[mail] outbox sweep failed", error))
      .finally(() => {
        isRunning = false;
      });
  }, OUTBOX_SWEEP_INTERVAL_MS);
  timer.unref();
  store[SWEEP_KEY] = timer;
  return () => {
    clearInterval(timer);
    store[SWEEP_KEY] = undefined;
  };
}

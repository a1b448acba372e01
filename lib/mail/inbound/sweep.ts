/**
 * The in-process inbound sweep, for when Inngest is not configured: every minute, process messages
 * that were stored but never processed (the process stopped right after storing them, or the
 * after-response run failed to start). Processing claims each row atomically, so a message that is
 * being processed elsewhere is skipped and running this twice is harmless.
 */
import type { Database } from "@/db/client";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { findStaleInboundEmails } from "./process";
import { runInboundEmailProcessing } from "./run";

export const INBOUND_SWEEP_INTERVAL_MS = 60_000;

export async function sweepInboundEmails(
  db: Database,
  options: { now?: Date; storage?: AttachmentStorage } = {},
): Promise<number> {
  const ids = await findStaleInboundEmails(db, options.now ?? new Date());
  for (const inboundEmailId of ids) {
    await runInboundEmailProcessing(inboundEmailId, {
      db,
      storage: options.storage,
      useInngest: false,
    });
  }
  return ids.length;
}

const SWEEP_KEY = Symbol.for("helpdesk.inbound-sweep");
type GlobalWithSweep = typeof globalThis & { [SWEEP_KEY]?: NodeJS.Timeout };

/** Starts the sweep once per process (dev reloads included). */
export function startInboundSweep(getDb: () => Database): void {
  const store = globalThis as GlobalWithSweep;
  if (store[SWEEP_KEY]) return;
  let isRunning = false;
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    sweepInboundEmails(getDb())
      .catch((error: unknown) => console.error("[inbound] sweep failed", error))
      .finally(() => {
        isRunning = false;
      });
  }, INBOUND_SWEEP_INTERVAL_MS);
  timer.unref();
  store[SWEEP_KEY] = timer;
}

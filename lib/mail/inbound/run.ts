/**
 * Running the processing of stored inbound mail from the app: with Inngest configured the
 * `email/inbound.received` event goes there (inngest/functions/process-inbound-email.ts); without it
 * the same work runs in this process after the response. Either way, outbox rows written by the run
 * (an agent answering by email) are dispatched after its commit.
 */
import "server-only";
import { after } from "next/server";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { inboundEmailReceivedEvent, outboundEmailQueuedEvent } from "@/inngest/events";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { getEnv } from "@/lib/env";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "../settings";
import { processInboundEmail, type ProcessOutcome } from "./process";

export type RunOptions = { db?: Database; storage?: AttachmentStorage; useInngest?: boolean };

/** Processes one row now and dispatches the mail it queued. */
export async function runInboundEmailProcessing(
  inboundEmailId: number,
  options: RunOptions & { retry?: boolean } = {},
): Promise<ProcessOutcome> {
  const db = options.db ?? getDb();
  const result = await processInboundEmail(db, options.storage ?? getAttachmentStorage(), {
    inboundEmailId,
    mail: getMailSettings(),
    retry: options.retry,
  });
  if ("outboundEmailIds" in result && result.outboundEmailIds.length > 0) {
    await dispatchEvents(result.outboundEmailIds.map(outboundEmailQueuedEvent), { db });
  }
  return result;
}

/** After the raw row is committed: hand it to Inngest, or process it after the response. */
export async function dispatchInboundEmail(
  inboundEmailId: number,
  options: RunOptions = {},
): Promise<void> {
  if (options.useInngest ?? getEnv().inngest.isConfigured) {
    await dispatchEvents([inboundEmailReceivedEvent(inboundEmailId)], { useInngest: true });
    return;
  }
  const run = () =>
    runInboundEmailProcessing(inboundEmailId, options).catch((error: unknown) => {
      console.error("[inbound] in-process processing failed", { inboundEmailId }, error);
    });
  try {
    after(run);
  } catch {
    // Outside a request (scripts, tests): on the next tick.
    queueMicrotask(() => void run());
  }
}

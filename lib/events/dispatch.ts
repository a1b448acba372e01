/**
 * After a transaction commits, adapters hand its events here. With Inngest configured (INNGEST_DEV or
 * INNGEST_EVENT_KEY) they go to Inngest; without it the same work functions run in this process after
 * the response, and failed or missed rows are picked up by the outbox sweep (lib/mail/outbox-sweep.ts).
 * Never call this inside a transaction: the worker must see the committed rows.
 */
import "server-only";
import { after } from "next/server";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { inngest } from "@/inngest/client";
import { eventSchemas, type AppEvent } from "@/inngest/events";
import { getEnv } from "@/lib/env";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { sendOutboundEmail } from "@/lib/mail/send-outbound-email";
import { getMailTransport, type MailTransport } from "@/lib/mail/transports";

export type DispatchOptions = {
  /** The database the in-process worker uses; the app's by default. */
  db?: Database;
  transport?: MailTransport;
  /** Where the attachments of outgoing mail are read; the app's store by default. */
  storage?: AttachmentStorage;
  /** Send to Inngest (true) or run in this process (false); from the environment by default. */
  useInngest?: boolean;
};

export async function dispatchEvents(
  events: AppEvent[],
  options: DispatchOptions = {},
): Promise<void> {
  if (events.length === 0) return;
  for (const event of events) eventSchemas[event.name].parse(event.data);

  if (options.useInngest ?? getEnv().inngest.isConfigured) {
    try {
      await inngest.send(events);
    } catch (error) {
      // The rows stay due in the outbox; the sweep function dispatches them again.
      console.error("[events] sending to Inngest failed; the outbox sweep will retry", error);
    }
    return;
  }

  for (const event of events) {
    switch (event.name) {
      case "email/outbound.queued": {
        const db = options.db ?? getDb();
        const transport = options.transport ?? getMailTransport();
        const { outboundEmailId } = event.data;
        const storage = options.storage ?? getAttachmentStorage();
        runAfterResponse(
          () => sendOutboundEmail(db, transport, { outboundEmailId, storage }),
          event,
        );
        break;
      }
      case "ticket/timers.changed":
      case "ticket/sla.changed":
        // Nothing to run now: without Inngest the periodic timer sweep (lib/timers/sweep.ts)
        // reads the stored dates (`sla_next_check_at` included) and serves every timer when it
        // falls due.
        break;
    }
  }
}

/** Inside a request: after the response is sent (`after`). Elsewhere (scripts, tests): next tick. */
function runAfterResponse(task: () => Promise<unknown>, event: AppEvent): void {
  const run = () =>
    task().catch((error: unknown) => {
      console.error(`[events] in-process ${event.name} failed`, event.data, error);
    });
  try {
    after(run);
  } catch {
    queueMicrotask(() => void run());
  }
}

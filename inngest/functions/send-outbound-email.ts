/**
 * Inngest: deliver one outbox row when `email/outbound.queued` arrives, and keep retrying it on the
 * outbox's backoff schedule with durable sleeps.
 *
 * Running this twice for the same row (a re-sent event, an Inngest retry after a crash) is harmless:
 * the worker claims the row with one conditional UPDATE, so only one run sends, a sent row is never
 * claimed again, and Resend receives the row's idempotency key.
 */
import { NonRetriableError } from "inngest";
import { getDb } from "@/db";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import type { Database } from "@/db/client";
import { MAX_ATTEMPTS, sendOutboundEmail, type SendOutcome } from "@/lib/mail/send-outbound-email";
import { getMailTransport, type MailTransport } from "@/lib/mail/transports";
import { inngest } from "../client";
import { outboundEmailQueued } from "../events";

export type SendOutboundEmailDeps = () => {
  db: Database;
  transport: MailTransport;
  storage?: AttachmentStorage;
};

export function createSendOutboundEmailFunction(deps: SendOutboundEmailDeps) {
  return inngest.createFunction(
    {
      id: "send-outbound-email",
      name: "Send outbound email",
      triggers: [outboundEmailQueued],
      // For failures of the function itself (database unreachable); delivery failures are
      // recorded on the row and retried by the loop below.
      retries: 5,
    },
    async ({ event, step }) => {
      const { outboundEmailId } = event.data;
      let last: SendOutcome | undefined;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        last = await step.run(`send-attempt-${attempt}`, () => {
          const { db, transport, storage } = deps();
          return sendOutboundEmail(db, transport, { outboundEmailId, now: new Date(), storage });
        });
        if (last.outcome === "missing") {
          throw new NonRetriableError(`Outbound email ${outboundEmailId} does not exist.`);
        }
        if (last.outcome !== "retry") return last;
        await step.sleepUntil(`backoff-${attempt}`, new Date(last.nextAttemptAt));
      }
      return last;
    },
  );
}

export default createSendOutboundEmailFunction(() => ({
  db: getDb(),
  transport: getMailTransport(),
  storage: getAttachmentStorage(),
}));

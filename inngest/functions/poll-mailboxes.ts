/**
 * Inngest: every minute, poll every mailbox that has IMAP polling switched on (lib/mail/inbound/
 * imap.ts), then send each newly stored message to processing and each queued admin alert to the
 * outbox worker.
 *
 * Safe to run twice: a message is deleted (or moved) on the server only after its row is committed,
 * and storing is unique per (mailbox, Message-ID), so a repeated or overlapping poll records a
 * duplicate and creates nothing. One run at a time (concurrency 1) so that a slow server is not
 * polled by two runs at once.
 */
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { getEnv } from "@/lib/env";
import {
  pollAllMailboxes,
  summarizePolls,
  type ImapClientOptions,
  type PollSummary,
} from "@/lib/mail/inbound/imap";
import { getMailSettings, type MailSettings } from "@/lib/mail/settings";
import { inngest } from "../client";
import { inboundEmailReceivedEvent, outboundEmailQueuedEvent } from "../events";

export type PollMailboxesDeps = () => {
  db: Database;
  mail: MailSettings;
  secretKey: Buffer | undefined;
  /** INBOUND_EMAIL_MAX_MB in bytes; 25 MB when not given. */
  maxBytes?: number;
  imap?: ImapClientOptions;
};

/** The plain work of one run: poll every enabled mailbox once. */
export async function pollMailboxesOnce(
  deps: ReturnType<PollMailboxesDeps>,
  now = new Date(),
): Promise<PollSummary> {
  const results = await pollAllMailboxes(deps.db, {
    secretKey: deps.secretKey,
    mail: deps.mail,
    maxBytes: deps.maxBytes,
    now,
    ...deps.imap,
  });
  return summarizePolls(results);
}

export function createPollMailboxesFunction(deps: PollMailboxesDeps) {
  return inngest.createFunction(
    {
      id: "poll-mailboxes",
      name: "Poll mailboxes (IMAP)",
      triggers: [{ cron: "* * * * *" }],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const summary = await step.run("poll", () => pollMailboxesOnce(deps()));
      const { inboundEmailIds, outboundEmailIds, ...counts } = summary;
      if (inboundEmailIds.length > 0) {
        await step.sendEvent("process-inbound", inboundEmailIds.map(inboundEmailReceivedEvent));
      }
      if (outboundEmailIds.length > 0) {
        await step.sendEvent("dispatch-emails", outboundEmailIds.map(outboundEmailQueuedEvent));
      }
      return { ...counts, stored: inboundEmailIds.length, emails: outboundEmailIds.length };
    },
  );
}

export default createPollMailboxesFunction(() => ({
  db: getDb(),
  mail: getMailSettings(),
  secretKey: getEnv().mailboxSecretKey,
  maxBytes: getEnv().inbound.maxBytes,
}));

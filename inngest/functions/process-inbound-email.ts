/**
 * Inngest: process a stored inbound message when `email/inbound.received` arrives, and every five
 * minutes re-dispatch messages that were stored but never processed (an event lost between the
 * insert and the send, a crash).
 *
 * Running the processing twice for the same row is harmless: it claims the row with a conditional
 * UPDATE inside its transaction, so a second run waits and then finds the row already processed.
 * Failures of the mail itself (malformed, a refused reference) are recorded on the row as `failed`
 * and wait for a Retry in the Email log; only failures of the function (database down) are retried.
 */
import { NonRetriableError } from "inngest";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { findStaleInboundEmails, processInboundEmail } from "@/lib/mail/inbound/process";
import { getMailSettings, type MailSettings } from "@/lib/mail/settings";
import { inngest } from "../client";
import {
  inboundEmailReceived,
  inboundEmailReceivedEvent,
  outboundEmailQueuedEvent,
  ticketSlaChangedEvent,
} from "../events";

export type ProcessInboundEmailDeps = () => {
  db: Database;
  storage: AttachmentStorage;
  mail: MailSettings;
};

export function createProcessInboundEmailFunction(deps: ProcessInboundEmailDeps) {
  return inngest.createFunction(
    {
      id: "process-inbound-email",
      name: "Process inbound email",
      triggers: [inboundEmailReceived],
      retries: 5,
    },
    async ({ event, step }) => {
      const { inboundEmailId } = event.data;
      const result = await step.run("process", () => {
        const { db, storage, mail } = deps();
        return processInboundEmail(db, storage, { inboundEmailId, mail, now: new Date() });
      });
      if (result.outcome === "missing") {
        throw new NonRetriableError(`Inbound email ${inboundEmailId} does not exist.`);
      }
      if ("outboundEmailIds" in result && result.outboundEmailIds.length > 0) {
        await step.sendEvent(
          "dispatch-outbound",
          result.outboundEmailIds.map(outboundEmailQueuedEvent),
        );
      }
      // A new ticket or a message on one moves its SLA clocks: the durable SLA timer restarts.
      if (result.outcome === "processed" && result.ticketId !== null) {
        await step.sendEvent("sla-changed", ticketSlaChangedEvent(result.ticketId));
      }
      return result;
    },
  );
}

export const sweepInboundEmails = inngest.createFunction(
  {
    id: "sweep-inbound-emails",
    name: "Sweep inbound emails",
    triggers: [{ cron: "*/5 * * * *" }],
  },
  async ({ step }) => {
    const ids = await step.run("find-stale", () => findStaleInboundEmails(getDb(), new Date()));
    if (ids.length > 0) {
      await step.sendEvent("dispatch-stale", ids.map(inboundEmailReceivedEvent));
    }
    return { dispatched: ids.length };
  },
);

export default createProcessInboundEmailFunction(() => ({
  db: getDb(),
  storage: getAttachmentStorage(),
  mail: getMailSettings(),
}));

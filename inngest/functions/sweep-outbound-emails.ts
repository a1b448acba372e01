/**
 * Inngest: every 5 minutes, re-dispatch outbox rows that are due but that no run is handling (an
 * event lost between commit and send, a run that gave up early). Running it twice is harmless:
 * it only sends events, and the send function's claim lets one run deliver each row.
 */
import { getDb } from "@/db";
import { findDueOutboundEmails } from "@/lib/mail/send-outbound-email";
import { inngest } from "../client";
import { outboundEmailQueuedEvent } from "../events";

export default inngest.createFunction(
  {
    id: "sweep-outbound-emails",
    name: "Sweep outbound emails",
    triggers: [{ cron: "*/5 * * * *" }],
  },
  async ({ step }) => {
    const ids = await step.run("find-due", () => findDueOutboundEmails(getDb(), new Date(), 500));
    if (ids.length > 0) {
      await step.sendEvent("dispatch-due", ids.map(outboundEmailQueuedEvent));
    }
    return { dispatched: ids.length };
  },
);

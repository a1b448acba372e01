/**
 * The emails the timers send — the pending reminder, the auto-solve summary, the SLA warning and
 * breach notices — on the admin-editable templates like every ticket email (lib/mail/ticket-emails.ts:
 * the master switch, empty templates, suppressed addresses and the fallback to the default apply).
 *
 * One function writes them for both the per-ticket workers and the batched sweep (batch.ts): the
 * facts of all the tickets in a few queries, each email rendered in memory, one multi-row insert.
 * Both paths therefore produce exactly the same rows.
 */
import "server-only";
import type { Database } from "@/db/client";
import { enqueueEmails } from "@/lib/mail/outbox";
import {
  prepareTicketEmails,
  type TicketEmailInput,
  type TicketEmailRecipient,
} from "@/lib/mail/ticket-emails";
import { loadTicketFactsOf } from "@/lib/mail/templates/ticket-facts";
import { getNotificationSettings } from "@/lib/notifications/settings";

/** One timer email before its ticket's facts are loaded; `"requester"` is the ticket's requester. */
export type TimerEmail = { ticketId: number; to: TicketEmailRecipient | "requester" } & Omit<
  TicketEmailInput,
  "facts" | "settings" | "to"
>;

/** Queues the emails (those not switched off); returns the outbox ids with their ticket. */
export async function queueTimerEmails(
  tx: Database,
  emails: TimerEmail[],
): Promise<{ ticketId: number; outboundEmailId: number }[]> {
  if (emails.length === 0) return [];
  const [settings, facts] = await Promise.all([
    getNotificationSettings(tx),
    loadTicketFactsOf(
      tx,
      emails.map((e) => e.ticketId),
    ),
  ]);
  const inputs = emails.flatMap(({ ticketId, to, ...email }) => {
    const ticketFacts = facts.get(ticketId);
    if (!ticketFacts) return [];
    const { requester } = ticketFacts;
    const recipient: TicketEmailRecipient =
      to === "requester" ? { email: requester.email, name: requester.name, kind: "requester" } : to;
    return [{ ticketId, input: { ...email, to: recipient, settings, facts: ticketFacts } }];
  });
  const requests = await prepareTicketEmails(
    tx,
    inputs.map((i) => i.input),
  );
  const queued = inputs.flatMap(({ ticketId }, i) => {
    const request = requests[i];
    return request ? [{ ticketId, request }] : [];
  });
  const ids = await enqueueEmails(
    tx,
    queued.map((q) => q.request),
  );
  return queued.map(({ ticketId }, i) => ({ ticketId, outboundEmailId: ids[i]! }));
}

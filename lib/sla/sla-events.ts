/**
 * When an adapter should tell the durable SLA timer (inngest/functions/sla-timer.ts) that a ticket's
 * clocks moved: after a committed change to what the SLA depends on. Without Inngest the event is a
 * no-op and the timer sweep serves `sla_next_check_at`; with Inngest a lost event only delays a
 * warning or breach until the next minute's sweep.
 */
import type { Ticket } from "@/db/schema";
import { ticketSlaChangedEvent, type AppEvent } from "@/inngest/events";

/** Ticket fields the SLA depends on that `applyTicketPatch` can change (mailbox and channel cannot). */
export const slaInputFields: readonly string[] = ["status", "priority", "categoryId", "teamId"];

/**
 * The `ticket/sla.changed` event for a ticket after a change, or nothing: nothing when the change
 * list is given and touches no SLA input, nothing when the ticket has no clock to watch (a timer
 * still sleeping for it wakes, finds nothing due and ends).
 */
export function slaChangedEvents(
  ticket: Pick<Ticket, "id" | "slaPolicyId" | "slaNextCheckAt">,
  changes?: readonly { field: string }[],
): AppEvent[] {
  if (changes && !changes.some((change) => slaInputFields.includes(change.field))) return [];
  if (ticket.slaPolicyId === null && ticket.slaNextCheckAt === null) return [];
  return [ticketSlaChangedEvent(ticket.id)];
}

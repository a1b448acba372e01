/**
 * Snooze: at `snoozed_until` the ticket wakes up — the snooze is cleared, so it is back in the open
 * lists — and its assignee is told (in-app `snooze_ended`).
 *
 * Safe to run twice: the row is locked and re-read, and the worker acts only if `snoozed_until` is
 * still set and ≤ now. Waking clears it in the same transaction, so a second run does nothing; a
 * snooze that an agent moved later or ended meanwhile is left alone.
 */
import type { Database } from "@/db/client";
import type { Ticket, User } from "@/db/schema";
import { notify, type NewNotification } from "@/lib/notifications/notifications";
import { systemActor } from "@/lib/tickets/actor";
import { addSystemMessage, formatStoredDate } from "@/lib/tickets/history";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { applyTicketPatch } from "@/lib/tickets/update-ticket";
import { isSnoozeDue } from "./due";
import {
  activeAssignee,
  notDue,
  withLockedTicket,
  type LockedStep,
  type TimerContext,
  type TimerInput,
  type TimerResult,
} from "./shared";

export const snoozeEndedLine = (snoozedUntil: Date) =>
  `Snooze ended (it was snoozed until ${formatStoredDate(snoozedUntil)})`;

export function snoozeEndedNotification(
  ticket: Ticket,
  assignee: User,
  now: Date,
): NewNotification {
  return {
    userId: assignee.id,
    type: "snooze_ended",
    ticketId: ticket.id,
    title: `${formatTicketNumber(ticket.number)} woke up from its snooze`,
    body: ticket.subject,
    createdAt: now,
  };
}

/** On a row locked by the caller. */
export async function wakeLockedTicket(
  tx: Database,
  current: Ticket,
  { now }: TimerContext,
): Promise<LockedStep> {
  if (!isSnoozeDue(current, now)) return notDue(current);
  const snoozedUntil = current.snoozedUntil!;
  const { ticket } = await applyTicketPatch(
    tx,
    current,
    { snoozedUntil: null },
    { actor: systemActor("Snooze"), now, silent: true },
  );
  await addSystemMessage(tx, { ticketId: ticket.id, text: snoozeEndedLine(snoozedUntil), at: now });
  const assignee = await activeAssignee(tx, ticket);
  if (assignee) await notify(tx, [snoozeEndedNotification(ticket, assignee, now)]);
  return { ticket, result: { ticketId: ticket.id, action: "woken", outboundEmailIds: [] } };
}

export function wakeSnoozedTicket(db: Database, input: TimerInput): Promise<TimerResult> {
  return withLockedTicket(db, input.ticketId, (tx, ticket) => wakeLockedTicket(tx, ticket, input));
}

/**
 * Pending reminder: when a Pending ticket's reminder date passes, the ticket returns to Open and its
 * assignee is reminded (in-app notification and an automatic email through the outbox).
 *
 * Safe to run twice, or late, or after someone changed the ticket: the row is locked and re-read,
 * and the worker acts only if the ticket is still Pending with `remind_at` ≤ now. Acting clears
 * `remind_at` (and leaves Pending) in the same transaction, so a second run finds nothing to do.
 */
import type { Database } from "@/db/client";
import type { Ticket } from "@/db/schema";
import { enqueueEmail } from "@/lib/mail/outbox";
import { notify } from "@/lib/notifications/notifications";
import { systemActor } from "@/lib/tickets/actor";
import { addSystemMessage, formatStoredDate } from "@/lib/tickets/history";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { applyTicketPatch } from "@/lib/tickets/update-ticket";
import { isReminderDue } from "./due";
import {
  activeAssignee,
  notDue,
  withLockedTicket,
  type LockedStep,
  type TimerContext,
  type TimerInput,
  type TimerResult,
} from "./shared";

/** On a row locked by the caller. */
export async function remindOnLockedTicket(
  tx: Database,
  current: Ticket,
  { now, mail }: TimerContext,
): Promise<LockedStep> {
  if (!isReminderDue(current, now)) return notDue(current);
  const remindAt = current.remindAt!;
  const { ticket } = await applyTicketPatch(
    tx,
    current,
    { status: "open" },
    { actor: systemActor("Reminder"), now, silent: true },
  );
  await addSystemMessage(tx, {
    ticketId: ticket.id,
    text: `Back to Open: the reminder set for ${formatStoredDate(remindAt)} is due`,
    at: now,
  });

  const outboundEmailIds: number[] = [];
  const assignee = await activeAssignee(tx, ticket);
  if (assignee) {
    const ref = formatTicketNumber(ticket.number);
    await notify(tx, [
      {
        userId: assignee.id,
        type: "reminder",
        ticketId: ticket.id,
        title: `Reminder: ${ref} is back in Open`,
        body: ticket.subject,
        createdAt: now,
      },
    ]);
    const email = await enqueueEmail(tx, {
      kind: "reminder",
      to: [{ email: assignee.email, name: assignee.name }],
      subject: `Reminder: [${ref}] ${ticket.subject}`,
      text:
        `The reminder you set on ${ref} (“${ticket.subject}”) for ${formatStoredDate(remindAt)} ` +
        `is due. The ticket is back in Open.`,
      automatic: true,
      mail,
      now,
    });
    outboundEmailIds.push(email.id);
  }
  return { ticket, result: { ticketId: ticket.id, action: "reminded", outboundEmailIds } };
}

export function applyPendingReminder(db: Database, input: TimerInput): Promise<TimerResult> {
  return withLockedTicket(db, input.ticketId, (tx, ticket) =>
    remindOnLockedTicket(tx, ticket, input),
  );
}

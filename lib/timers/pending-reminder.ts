/**
 * Pending reminder: when a Pending ticket's reminder date passes, the ticket returns to Open and its
 * assignee is reminded (in-app notification and the `reminder` email, an admin-editable template).
 *
 * Safe to run twice, or late, or after someone changed the ticket: the row is locked and re-read,
 * and the worker acts only if the ticket is still Pending with `remind_at` ≤ now. Acting clears
 * `remind_at` (and leaves Pending) in the same transaction, so a second run finds nothing to do.
 */
import type { Database } from "@/db/client";
import type { Ticket, User } from "@/db/schema";
import type { MailSettings } from "@/lib/mail/settings";
import { notify, type NewNotification } from "@/lib/notifications/notifications";
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
import { queueTimerEmails, type TimerEmail } from "./timer-emails";

/** The conversation line saying why the ticket is back in Open. */
export const reminderLine = (remindAt: Date) =>
  `Back to Open: the reminder set for ${formatStoredDate(remindAt)} is due`;

/** The assignee's bell entry and email (also written by the batched sweep, batch.ts). */
export function reminderNotification(ticket: Ticket, assignee: User, now: Date): NewNotification {
  return {
    userId: assignee.id,
    type: "reminder",
    ticketId: ticket.id,
    title: `Reminder: ${formatTicketNumber(ticket.number)} is back in Open`,
    body: ticket.subject,
    createdAt: now,
  };
}

/** The assignee's email (`reminder` template), the same for the worker and the batched sweep. */
export function reminderEmail(input: {
  ticket: Ticket;
  assignee: User;
  remindAt: Date;
  now: Date;
  mail: MailSettings;
}): TimerEmail {
  const { ticket, assignee, remindAt, now, mail } = input;
  return {
    ticketId: ticket.id,
    event: "reminder",
    mail,
    to: { email: assignee.email, name: assignee.name, kind: "agent" },
    whatHappened:
      `The reminder you set on ${formatTicketNumber(ticket.number)} for ` +
      `${formatStoredDate(remindAt)} is due. The ticket is back in Open.`,
    whatHappenedShort: "Reminder",
    originator: "Reminder",
    now,
  };
}

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
  await addSystemMessage(tx, { ticketId: ticket.id, text: reminderLine(remindAt), at: now });

  const outboundEmailIds: number[] = [];
  const assignee = await activeAssignee(tx, ticket);
  if (assignee) {
    await notify(tx, [reminderNotification(ticket, assignee, now)]);
    const queued = await queueTimerEmails(tx, [
      reminderEmail({ ticket, assignee, remindAt, now, mail }),
    ]);
    outboundEmailIds.push(...queued.map((q) => q.outboundEmailId));
  }
  return { ticket, result: { ticketId: ticket.id, action: "reminded", outboundEmailIds } };
}

export function applyPendingReminder(db: Database, input: TimerInput): Promise<TimerResult> {
  return withLockedTicket(db, input.ticketId, (tx, ticket) =>
    remindOnLockedTicket(tx, ticket, input),
  );
}

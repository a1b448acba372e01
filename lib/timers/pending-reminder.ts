/**
 * Pending reminder: when a Pending ticket's reminder date passes, the ticket returns to Open and its
 * assignee is reminded (in-app notification and an automatic email through the outbox).
 *
 * Safe to run twice, or late, or after someone changed the ticket: the row is locked and re-read,
 * and the worker acts only if the ticket is still Pending with `remind_at` ≤ now. Acting clears
 * `remind_at` (and leaves Pending) in the same transaction, so a second run finds nothing to do.
 */
import type { Database } from "@/db/client";
import type { Ticket, User } from "@/db/schema";
import { enqueueEmail, type EnqueueEmailRequest } from "@/lib/mail/outbox";
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

export function reminderEmail(input: {
  ticket: Ticket;
  assignee: User;
  remindAt: Date;
  now: Date;
  mail: MailSettings;
}): EnqueueEmailRequest {
  const { ticket, assignee, remindAt, now, mail } = input;
  const ref = formatTicketNumber(ticket.number);
  return {
    kind: "reminder",
    to: [{ email: assignee.email, name: assignee.name }],
    subject: `Reminder: [${ref}] ${ticket.subject}`,
    text:
      `The reminder you set on ${ref} (“${ticket.subject}”) for ${formatStoredDate(remindAt)} ` +
      `is due. The ticket is back in Open.`,
    automatic: true,
    mail,
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
    const email = await enqueueEmail(tx, reminderEmail({ ticket, assignee, remindAt, now, mail }));
    outboundEmailIds.push(email.id);
  }
  return { ticket, result: { ticketId: ticket.id, action: "reminded", outboundEmailIds } };
}

export function applyPendingReminder(db: Database, input: TimerInput): Promise<TimerResult> {
  return withLockedTicket(db, input.ticketId, (tx, ticket) =>
    remindOnLockedTicket(tx, ticket, input),
  );
}

/**
 * Auto-solve: at `auto_solve_at`, a ticket the customer has not answered since auto-solve was
 * scheduled is Resolved (with a system message saying so) and, when the agent asked for it, the
 * requester receives a summary email (the public conversation as text). If the customer replied
 * after it was scheduled — the latest `ticket.auto_solve_at_changed` event that set a date, against
 * the latest message from a contact — auto-solve is cancelled instead and the reason recorded.
 *
 * Safe to run twice: the row is locked and re-read, and the worker acts only if `auto_solve_at` is
 * set, ≤ now and the ticket is neither Resolved nor Closed. Both outcomes clear `auto_solve_at` in
 * the same transaction, so a second run does nothing.
 */
import { and, asc, desc, eq, isNotNull, max, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts, messages, ticketEvents, users, type Ticket } from "@/db/schema";
import { enqueueEmail } from "@/lib/mail/outbox";
import { systemActor } from "@/lib/tickets/actor";
import { addSystemMessage, formatStoredDate, recordEvent } from "@/lib/tickets/history";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { applyTicketPatch } from "@/lib/tickets/update-ticket";
import { isAutoSolveDue } from "./due";
import {
  notDue,
  withLockedTicket,
  type LockedStep,
  type TimerContext,
  type TimerInput,
  type TimerResult,
} from "./shared";

/** When auto-solve was last scheduled (null when no event says so, e.g. rows written by import). */
async function autoSolveScheduledAt(tx: Database, ticketId: number): Promise<Date | null> {
  const [row] = await tx
    .select({ at: ticketEvents.createdAt })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticketId),
        eq(ticketEvents.type, "ticket.auto_solve_at_changed"),
        sql`${ticketEvents.data}->>'to' is not null`,
      ),
    )
    .orderBy(desc(ticketEvents.createdAt), desc(ticketEvents.id))
    .limit(1);
  return row?.at ?? null;
}

async function lastCustomerMessageAt(tx: Database, ticketId: number): Promise<Date | null> {
  const [row] = await tx
    .select({ at: max(messages.createdAt) })
    .from(messages)
    .where(
      and(
        eq(messages.ticketId, ticketId),
        eq(messages.kind, "reply"),
        isNotNull(messages.authorContactId),
      ),
    );
  return row?.at ?? null;
}

/** The public conversation (replies both ways, no notes, no system lines) as plain text. */
async function conversationSummary(tx: Database, ticket: Ticket, now: Date): Promise<string> {
  const rows = await tx
    .select({
      bodyText: messages.bodyText,
      createdAt: messages.createdAt,
      agent: users.name,
      customer: contacts.name,
      customerEmail: contacts.email,
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(contacts, eq(contacts.id, messages.authorContactId))
    .where(and(eq(messages.ticketId, ticket.id), eq(messages.kind, "reply")))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const header =
    `Your request ${formatTicketNumber(ticket.number)} (“${ticket.subject}”) was resolved on ` +
    `${formatStoredDate(now)}. Here is the conversation for your records.`;
  const parts = rows.map((row) => {
    const who = row.agent ?? (row.customer || row.customerEmail) ?? "Support";
    return `— ${who}, ${formatStoredDate(row.createdAt)}\n\n${row.bodyText.trim()}`;
  });
  return [header, ...parts].join("\n\n");
}

/** On a row locked by the caller. */
export async function autoSolveLockedTicket(
  tx: Database,
  current: Ticket,
  { now, mail }: TimerContext,
): Promise<LockedStep> {
  if (!isAutoSolveDue(current, now)) return notDue(current);
  const scheduledFor = current.autoSolveAt!;
  const actor = systemActor("Auto-solve");
  const [setAt, repliedAt] = await Promise.all([
    autoSolveScheduledAt(tx, current.id),
    lastCustomerMessageAt(tx, current.id),
  ]);

  if (setAt && repliedAt && repliedAt > setAt) {
    const { ticket } = await applyTicketPatch(
      tx,
      current,
      { autoSolveAt: null },
      { actor, now, silent: true },
    );
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: "timer.auto_solve_cancelled",
      data: { reason: "customer_replied", scheduledFor, setAt, repliedAt },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: ticket.id,
      text: "Auto-solve cancelled: the customer replied after it was scheduled",
      at: now,
    });
    return {
      ticket,
      result: { ticketId: ticket.id, action: "auto_solve_cancelled", outboundEmailIds: [] },
    };
  }

  const { ticket } = await applyTicketPatch(
    tx,
    current,
    { status: "resolved" },
    { actor, now, silent: true },
  );
  await addSystemMessage(tx, {
    ticketId: ticket.id,
    text: `Resolved automatically: no reply from the customer since auto-solve was scheduled for ${formatStoredDate(scheduledFor)}`,
    at: now,
  });

  const outboundEmailIds: number[] = [];
  if (current.autoSolveSendSummary) {
    const [requester] = await tx
      .select({ email: contacts.email, name: contacts.name })
      .from(contacts)
      .where(eq(contacts.id, ticket.requesterId));
    if (requester) {
      const email = await enqueueEmail(tx, {
        kind: "auto_solve_summary",
        to: [{ email: requester.email, name: requester.name }],
        subject: `Resolved: ${ticket.subject}`,
        text: await conversationSummary(tx, ticket, now),
        automatic: true,
        mail,
        ticket: { id: ticket.id, number: ticket.number, mailboxId: ticket.mailboxId },
        now,
      });
      outboundEmailIds.push(email.id);
    }
  }
  return { ticket, result: { ticketId: ticket.id, action: "solved", outboundEmailIds } };
}

export function applyAutoSolve(db: Database, input: TimerInput): Promise<TimerResult> {
  return withLockedTicket(db, input.ticketId, (tx, ticket) =>
    autoSolveLockedTicket(tx, ticket, input),
  );
}

/**
 * Auto-solve: at `auto_solve_at`, a ticket the customer has not answered since auto-solve was
 * scheduled is Resolved (with a system message saying so) and, when the agent asked for it, the
 * requester receives the `auto_solve_summary` email (a template; `#Body#` is the public conversation). If the customer replied
 * after it was scheduled — the latest `ticket.auto_solve_at_changed` event that set a date, against
 * the latest message from a contact — auto-solve is cancelled instead and the reason recorded.
 *
 * Safe to run twice: the row is locked and re-read, and the worker acts only if `auto_solve_at` is
 * set, ≤ now and the ticket is neither Resolved nor Closed. Both outcomes clear `auto_solve_at` in
 * the same transaction, so a second run does nothing.
 */
import { and, desc, eq, isNotNull, max, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { messages, ticketEvents, type Ticket } from "@/db/schema";
import { systemActor } from "@/lib/tickets/actor";
import { addSystemMessage, formatStoredDate, recordEvent } from "@/lib/tickets/history";
import { publicConversationTexts } from "@/lib/tickets/public-conversation";
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
import { queueTimerEmails, type TimerEmail } from "./timer-emails";

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

export const autoSolveCancelledLine =
  "Auto-solve cancelled: the customer replied after it was scheduled";
export const autoSolvedLine = (scheduledFor: Date) =>
  `Resolved automatically: no reply from the customer since auto-solve was scheduled for ${formatStoredDate(scheduledFor)}`;

/** Whether the customer answered after auto-solve was scheduled (then it is cancelled instead). */
export function customerRepliedSince(setAt: Date | null, repliedAt: Date | null): boolean {
  return setAt !== null && repliedAt !== null && repliedAt > setAt;
}

/**
 * The requesters' summary emails (`auto_solve_summary` template) of tickets just resolved by
 * auto-solve, `#Body#` being the public conversation (lib/tickets/public-conversation.ts, the builder
 * "Resolve and send summary" uses too) — one query for any number of tickets.
 */
export async function autoSolveSummaryEmails(
  tx: Database,
  solved: Ticket[],
  { now, mail }: TimerContext,
): Promise<TimerEmail[]> {
  if (solved.length === 0) return [];
  const conversations = await publicConversationTexts(
    tx,
    solved.map((t) => t.id),
  );
  return solved.map((ticket) => ({
    ticketId: ticket.id,
    event: "auto_solve_summary",
    mail,
    to: "requester",
    whatHappened:
      `Your request ${formatTicketNumber(ticket.number)} (“${ticket.subject}”) was resolved on ` +
      formatStoredDate(now),
    whatHappenedShort: "Resolved",
    originator: "Auto-solve",
    body: conversations.get(ticket.id) ?? "",
    now,
  }));
}

/** On a row locked by the caller. */
export async function autoSolveLockedTicket(
  tx: Database,
  current: Ticket,
  context: TimerContext,
): Promise<LockedStep> {
  const { now } = context;
  if (!isAutoSolveDue(current, now)) return notDue(current);
  const scheduledFor = current.autoSolveAt!;
  const actor = systemActor("Auto-solve");
  const [setAt, repliedAt] = await Promise.all([
    autoSolveScheduledAt(tx, current.id),
    lastCustomerMessageAt(tx, current.id),
  ]);

  if (customerRepliedSince(setAt, repliedAt)) {
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
    await addSystemMessage(tx, { ticketId: ticket.id, text: autoSolveCancelledLine, at: now });
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
  await addSystemMessage(tx, { ticketId: ticket.id, text: autoSolvedLine(scheduledFor), at: now });

  const outboundEmailIds: number[] = [];
  if (current.autoSolveSendSummary) {
    const queued = await queueTimerEmails(tx, await autoSolveSummaryEmails(tx, [ticket], context));
    outboundEmailIds.push(...queued.map((q) => q.outboundEmailId));
  }
  return { ticket, result: { ticketId: ticket.id, action: "solved", outboundEmailIds } };
}

export function applyAutoSolve(db: Database, input: TimerInput): Promise<TimerResult> {
  return withLockedTicket(db, input.ticketId, (tx, ticket) =>
    autoSolveLockedTicket(tx, ticket, input),
  );
}

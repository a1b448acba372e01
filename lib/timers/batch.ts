/**
 * The timers of many locked tickets at once, for the reconciling sweep: the same outcome per ticket
 * as `applyDueTimersOnLockedTicket` (apply-due.ts) — the same fields written, the same audit events,
 * system messages, notifications, emails and SLA recomputation — but with one set-based UPDATE per
 * kind of timer and multi-row inserts, so that a backlog of 100,000 due timers is a few hundred
 * statements per thousand tickets instead of dozens per ticket.
 *
 * Only the common case is batched: a ticket (not merged) with exactly one of reminder, snooze or
 * auto-solve due. Everything else — several timers due at once, an SLA check, a merged ticket — goes
 * through the per-ticket code in the same transaction. After the batched status changes the SLA is
 * recomputed, and a ticket whose SLA check became due gets it at once, as in the per-ticket order.
 *
 * The caller holds the rows locked (`for update skip locked`) and commits once, so running this
 * twice is harmless for the same reason as the workers: every fired timer is cleared in the
 * transaction that fired it, and the next selection no longer finds it due.
 */
import { and, eq, inArray, isNotNull, max, sql } from "drizzle-orm";
import { insertMany } from "@/db/bulk-insert";
import type { Database } from "@/db/client";
import {
  messages,
  notifications,
  ticketEvents,
  tickets,
  users,
  type NewMessage,
  type Ticket,
  type User,
} from "@/db/schema";
import type { NewNotification } from "@/lib/notifications/notifications";
import { refreshSlaOfLockedRows } from "@/lib/sla/ticket-sla";
import { applyDueTimersOnLockedTicket, type DueTimersResult } from "./apply-due";
import {
  autoSolveCancelledLine,
  autoSolveSummaryEmails,
  autoSolvedLine,
  customerRepliedSince,
} from "./auto-solve";
import { isAutoSolveDue, isReminderDue, isSlaCheckDue, isSnoozeDue } from "./due";
import { reminderEmail, reminderLine, reminderNotification } from "./pending-reminder";
import type { TimerAction, TimerContext } from "./shared";
import { checkSlaOnLockedTicket } from "./sla-check";
import { snoozeEndedLine, snoozeEndedNotification } from "./snooze";
import { queueTimerEmails, type TimerEmail } from "./timer-emails";

type NewEvent = typeof ticketEvents.$inferInsert;

/** What the batch writes besides the ticket rows, collected and inserted together. */
class Trail {
  events: NewEvent[] = [];
  lines: NewMessage[] = [];
  bell: NewNotification[] = [];
  emails: TimerEmail[] = [];

  constructor(private readonly now: Date) {}

  /** An audit event by the system, as `recordEvent` writes it for a system actor. */
  event(ticketId: number, type: string, data: Record<string, unknown>) {
    this.events.push({
      ticketId,
      actorUserId: null,
      actorContactId: null,
      type,
      data,
      createdAt: this.now,
    });
  }

  change(ticketId: number, field: string, from: unknown, to: unknown) {
    this.event(ticketId, `ticket.${field}_changed`, { from, to });
  }

  line(ticketId: number, text: string) {
    this.lines.push({ ticketId, kind: "system", bodyText: text, createdAt: this.now });
  }

  /** Writes it all; returns the outbox row ids per ticket. */
  async write(tx: Database): Promise<Map<number, number[]>> {
    // Events before messages, as each worker writes them (the patch, then its system line).
    await insertMany(tx, ticketEvents, this.events);
    await insertMany(tx, messages, this.lines);
    await insertMany(tx, notifications, this.bell);
    // Rendered in memory on the facts of all these tickets, then one multi-row insert.
    const byTicket = new Map<number, number[]>();
    for (const { ticketId, outboundEmailId } of await queueTimerEmails(tx, this.emails)) {
      const list = byTicket.get(ticketId) ?? [];
      list.push(outboundEmailId);
      byTicket.set(ticketId, list);
    }
    return byTicket;
  }
}

async function activeUsersById(tx: Database, rows: Ticket[]): Promise<Map<number, User>> {
  const ids = [...new Set(rows.map((r) => r.assigneeId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const found = await tx.select().from(users).where(inArray(users.id, ids));
  return new Map(found.filter((u) => u.isActive).map((u) => [u.id, u]));
}

const ids = (rows: Ticket[]) => rows.map((row) => row.id);

/** Pending → Open, reminder cleared; the assignee is told in the app and by email. */
async function remind(tx: Database, rows: Ticket[], trail: Trail, context: TimerContext) {
  const { now } = context;
  const changes = { status: "open", remindAt: null, resolvedAt: null, updatedAt: now } as const;
  await tx
    .update(tickets)
    .set(changes)
    .where(inArray(tickets.id, ids(rows)));
  // The rows as stored now, without reading them back: every column set is known.
  const updated = rows.map((row) => ({ ...row, ...changes }));
  const assignees = await activeUsersById(tx, rows);
  for (const row of rows) {
    trail.change(row.id, "status", row.status, "open");
    trail.change(row.id, "remind_at", row.remindAt, null);
    trail.line(row.id, reminderLine(row.remindAt!));
    const assignee = row.assigneeId === null ? undefined : assignees.get(row.assigneeId);
    if (!assignee) continue;
    trail.bell.push(reminderNotification(row, assignee, now));
    trail.emails.push(
      reminderEmail({ ticket: row, assignee, remindAt: row.remindAt!, ...context }),
    );
  }
  return updated;
}

/** Snooze cleared; the assignee is told in the app. */
async function wake(tx: Database, rows: Ticket[], trail: Trail, { now }: TimerContext) {
  await tx
    .update(tickets)
    .set({ snoozedUntil: null, updatedAt: now })
    .where(inArray(tickets.id, ids(rows)));
  const assignees = await activeUsersById(tx, rows);
  for (const row of rows) {
    trail.change(row.id, "snoozed_until", row.snoozedUntil, null);
    trail.line(row.id, snoozeEndedLine(row.snoozedUntil!));
    const assignee = row.assigneeId === null ? undefined : assignees.get(row.assigneeId);
    if (assignee) trail.bell.push(snoozeEndedNotification(row, assignee, now));
  }
}

/** Resolved (with the summary email when asked for), or cancelled when the customer replied since. */
async function autoSolve(tx: Database, rows: Ticket[], trail: Trail, context: TimerContext) {
  const { now } = context;
  const ticketIds = ids(rows);
  const [scheduled, replied] = await Promise.all([
    tx
      .select({ ticketId: ticketEvents.ticketId, at: max(ticketEvents.createdAt) })
      .from(ticketEvents)
      .where(
        and(
          inArray(ticketEvents.ticketId, ticketIds),
          eq(ticketEvents.type, "ticket.auto_solve_at_changed"),
          sql`${ticketEvents.data}->>'to' is not null`,
        ),
      )
      .groupBy(ticketEvents.ticketId),
    tx
      .select({ ticketId: messages.ticketId, at: max(messages.createdAt) })
      .from(messages)
      .where(
        and(
          inArray(messages.ticketId, ticketIds),
          eq(messages.kind, "reply"),
          isNotNull(messages.authorContactId),
        ),
      )
      .groupBy(messages.ticketId),
  ]);
  const setAtOf = new Map(scheduled.map((r) => [r.ticketId, r.at]));
  const repliedAtOf = new Map(replied.map((r) => [r.ticketId, r.at]));

  const cancel: Ticket[] = [];
  const solve: Ticket[] = [];
  for (const row of rows) {
    const setAt = setAtOf.get(row.id) ?? null;
    const repliedAt = repliedAtOf.get(row.id) ?? null;
    if (customerRepliedSince(setAt, repliedAt)) {
      cancel.push(row);
      trail.change(row.id, "auto_solve_at", row.autoSolveAt, null);
      trail.event(row.id, "timer.auto_solve_cancelled", {
        reason: "customer_replied",
        scheduledFor: row.autoSolveAt,
        setAt,
        repliedAt,
      });
      trail.line(row.id, autoSolveCancelledLine);
    } else {
      solve.push(row);
      // The fields resolving changes, in the order `applyTicketPatch` records them.
      trail.change(row.id, "status", row.status, "resolved");
      if (row.remindAt) trail.change(row.id, "remind_at", row.remindAt, null);
      if (row.snoozedUntil) trail.change(row.id, "snoozed_until", row.snoozedUntil, null);
      trail.change(row.id, "auto_solve_at", row.autoSolveAt, null);
      trail.line(row.id, autoSolvedLine(row.autoSolveAt!));
    }
  }
  if (cancel.length > 0) {
    await tx
      .update(tickets)
      .set({ autoSolveAt: null, updatedAt: now })
      .where(inArray(tickets.id, ids(cancel)));
  }
  let updated: Ticket[] = [];
  if (solve.length > 0) {
    const changes = {
      status: "resolved",
      resolvedAt: now,
      remindAt: null,
      snoozedUntil: null,
      autoSolveAt: null,
      updatedAt: now,
    } as const;
    await tx
      .update(tickets)
      .set(changes)
      .where(inArray(tickets.id, ids(solve)));
    updated = solve.map((row) => ({ ...row, ...changes }));
    const summaries = updated.filter((row) => row.autoSolveSendSummary);
    trail.emails.push(...(await autoSolveSummaryEmails(tx, summaries, context)));
  }
  return { cancelled: new Set(ids(cancel)), updated };
}

type Kind = "reminder" | "snooze" | "autoSolve";

/** The one timer due on a row, or null when it needs the per-ticket path. */
function singleDueTimer(row: Ticket, now: Date): Kind | null {
  if (row.mergedIntoId !== null || isSlaCheckDue(row, now)) return null;
  const due: Kind[] = [];
  if (isAutoSolveDue(row, now)) due.push("autoSolve");
  if (isReminderDue(row, now)) due.push("reminder");
  if (isSnoozeDue(row, now)) due.push("snooze");
  return due.length === 1 ? due[0]! : null;
}

/** Applies every due timer of `rows` (locked by the caller); one result per row, in row order. */
export async function applyDueTimersToLockedRows(
  tx: Database,
  rows: Ticket[],
  context: TimerContext,
): Promise<DueTimersResult[]> {
  const { now } = context;
  const byKind: Record<Kind, Ticket[]> = { reminder: [], snooze: [], autoSolve: [] };
  const oneByOne: Ticket[] = [];
  for (const row of rows) {
    const kind = singleDueTimer(row, now);
    if (kind) byKind[kind].push(row);
    else oneByOne.push(row);
  }

  const results = new Map<number, DueTimersResult>();
  const result = (ticketId: number) => {
    let entry = results.get(ticketId);
    if (!entry) results.set(ticketId, (entry = { ticketId, actions: [], outboundEmailIds: [] }));
    return entry;
  };
  const record = (ticketId: number, action: TimerAction) => result(ticketId).actions.push(action);

  const trail = new Trail(now);
  const statusChanged: Ticket[] = [];
  if (byKind.autoSolve.length > 0) {
    const done = await autoSolve(tx, byKind.autoSolve, trail, context);
    for (const row of byKind.autoSolve) {
      record(row.id, done.cancelled.has(row.id) ? "auto_solve_cancelled" : "solved");
    }
    statusChanged.push(...done.updated);
  }
  if (byKind.reminder.length > 0) {
    statusChanged.push(...(await remind(tx, byKind.reminder, trail, context)));
    for (const row of byKind.reminder) record(row.id, "reminded");
  }
  if (byKind.snooze.length > 0) {
    await wake(tx, byKind.snooze, trail, context);
    for (const row of byKind.snooze) record(row.id, "woken");
  }
  for (const [ticketId, emailIds] of await trail.write(tx)) {
    result(ticketId).outboundEmailIds.push(...emailIds);
  }

  // A status change moves the SLA clocks; a clock it put at risk or past due is checked now.
  for (const row of await refreshSlaOfLockedRows(tx, statusChanged, now)) {
    if (!isSlaCheckDue(row, now)) continue;
    const checked = await checkSlaOnLockedTicket(tx, row, context);
    const { action, outboundEmailIds } = checked.result;
    if (action !== "not_due" && action !== "missing") {
      result(row.id).actions.push(action);
      result(row.id).outboundEmailIds.push(...outboundEmailIds);
    }
  }

  for (const row of oneByOne)
    results.set(row.id, await applyDueTimersOnLockedTicket(tx, row, context));
  return rows.map(
    (row) => results.get(row.id) ?? { ticketId: row.id, actions: [], outboundEmailIds: [] },
  );
}

/**
 * The SLA engine applied to stored tickets: builds a ticket's history from its audit events and
 * messages, picks the policy for its current attributes, and keeps the denormalised result on the
 * ticket row (`sla_policy_id`, `sla_state`, `sla_due_at`, `sla_next_check_at`) in the transaction of
 * the change. The engine (`engine.ts`) stays pure; this module owns the reads and the one write.
 */
import "server-only";
import { and, asc, eq, gt, inArray, isNull, notInArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  messages,
  slaPolicies,
  ticketEvents,
  ticketPriorities,
  tickets,
  ticketStatuses,
  type SlaPolicyRow,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { computeSla, slaMetrics, type SlaHistoryEvent, type SlaResult } from "./engine";
import { selectPolicy, slaPolicySchema, type SlaPolicy } from "./policy";

/**
 * A customer reply that reopens a ticket is stored a few milliseconds before the status change it
 * causes (`add-customer-reply.ts` keeps the conversation in order that way). The engine applies a
 * reopen before a message only at the same instant, so a system status change this close after a
 * customer message is moved onto the message's instant.
 */
const CAUSED_STATUS_WINDOW_MS = 5;

const RECOMPUTE_BATCH_SIZE = 200;

const isPriority = (value: unknown): value is TicketPriority =>
  ticketPriorities.includes(value as TicketPriority);
const isStatus = (value: unknown): value is TicketStatus =>
  ticketStatuses.includes(value as TicketStatus);

/** A stored row as the engine's policy, or null when it does not parse (never written by the app). */
export function toSlaPolicy(row: SlaPolicyRow): SlaPolicy | null {
  const parsed = slaPolicySchema.safeParse({
    id: row.id,
    name: row.name,
    position: row.position,
    conditions: row.conditions,
    targets: row.targets,
    calendar: row.calendar,
    warn: row.warn,
  });
  return parsed.success ? parsed.data : null;
}

/** Active policies in the order they are tried. */
export async function loadActiveSlaPolicies(db: Database): Promise<SlaPolicy[]> {
  const rows = await db
    .select()
    .from(slaPolicies)
    .where(eq(slaPolicies.isActive, true))
    .orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
  return rows.map(toSlaPolicy).filter((policy): policy is SlaPolicy => policy !== null);
}

type HistoryTicket = Pick<Ticket, "id" | "createdAt" | "priority" | "status">;

async function buildHistory(db: Database, ticket: HistoryTicket): Promise<SlaHistoryEvent[]> {
  const [events, replies] = await Promise.all([
    db
      .select({
        type: ticketEvents.type,
        data: ticketEvents.data,
        actorUserId: ticketEvents.actorUserId,
        actorContactId: ticketEvents.actorContactId,
        createdAt: ticketEvents.createdAt,
      })
      .from(ticketEvents)
      .where(
        and(
          eq(ticketEvents.ticketId, ticket.id),
          inArray(ticketEvents.type, ["ticket.status_changed", "ticket.priority_changed"]),
        ),
      )
      .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id)),
    db
      .select({
        authorUserId: messages.authorUserId,
        authorContactId: messages.authorContactId,
        createdAt: messages.createdAt,
      })
      .from(messages)
      .where(and(eq(messages.ticketId, ticket.id), eq(messages.kind, "reply")))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
  ]);

  // The created event does not carry priority or status: the first change's `from` says what they
  // were at creation, and without a change they are what the row holds now.
  const firstPriority = events.find((e) => e.type === "ticket.priority_changed")?.data.from;
  const firstStatus = events.find((e) => e.type === "ticket.status_changed")?.data.from;
  const history: SlaHistoryEvent[] = [
    {
      at: ticket.createdAt,
      type: "created",
      priority: isPriority(firstPriority) ? firstPriority : ticket.priority,
      status: isStatus(firstStatus) ? firstStatus : ticket.status,
    },
  ];

  const customerTimes = replies
    .filter((m) => m.authorContactId !== null)
    .map((m) => m.createdAt.getTime());
  for (const event of events) {
    const to = event.data.to;
    if (event.type === "ticket.priority_changed" && isPriority(to)) {
      history.push({ at: event.createdAt, type: "priority", to });
    } else if (event.type === "ticket.status_changed" && isStatus(to)) {
      let at = event.createdAt;
      if (event.actorUserId === null && event.actorContactId === null) {
        const t = at.getTime();
        const cause = customerTimes.find((c) => c <= t && t - c <= CAUSED_STATUS_WINDOW_MS);
        if (cause !== undefined) at = new Date(cause);
      }
      history.push({ at, type: "status", to });
    }
  }
  for (const message of replies) {
    if (message.authorContactId !== null) {
      history.push({ at: message.createdAt, type: "customer_message" });
    } else if (message.authorUserId !== null) {
      history.push({ at: message.createdAt, type: "agent_reply" });
    }
  }
  return history;
}

/**
 * The engine's history of one ticket: creation, status and priority changes from the audit trail,
 * customer messages and public agent replies from the conversation (notes and system messages do
 * not count).
 */
export async function loadSlaHistory(db: Database, ticketId: number): Promise<SlaHistoryEvent[]> {
  const [ticket] = await db
    .select({
      id: tickets.id,
      createdAt: tickets.createdAt,
      priority: tickets.priority,
      status: tickets.status,
    })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
  return buildHistory(db, ticket);
}

/** The earliest due time of a clock that is still running (overdue ones included). */
export function nearestDueAt(result: SlaResult): Date | null {
  let nearest: Date | null = null;
  for (const metric of slaMetrics) {
    const { dueAt, metAt, remainingMinutes } = result[metric];
    if (!dueAt || metAt || remainingMinutes === null) continue;
    if (!nearest || dueAt < nearest) nearest = dueAt;
  }
  return nearest;
}

async function computeForTicket(
  db: Database,
  ticket: Ticket,
  policies: readonly SlaPolicy[],
  now: Date,
): Promise<{ result: SlaResult; policy: SlaPolicy | null }> {
  const policy = selectPolicy(policies, {
    priority: ticket.priority,
    categoryId: ticket.categoryId,
    teamId: ticket.teamId,
    mailboxId: ticket.mailboxId,
    channel: ticket.channel,
  });
  const history = policy ? await buildHistory(db, ticket) : null;
  const result = computeSla({
    policy,
    history: history ?? [{ at: ticket.createdAt, type: "created", priority: ticket.priority }],
    now,
  });
  return { result, policy };
}

/** Whether a clock is running and already at risk or breached (the SLA check has work to do). */
export function needsSlaAttention(result: SlaResult): boolean {
  return slaMetrics.some((metric) => {
    const { state, metAt, dueAt } = result[metric];
    return (state === "at_risk" || state === "breached") && metAt === null && dueAt !== null;
  });
}

/**
 * When the SLA check (lib/timers/sla-check.ts) should next look at the ticket. The check itself
 * stores the engine's `nextCheckAt`. Any other recomputation must not lose a check: one already
 * due stays due, and a clock that is already at risk or breached (a priority raised past its
 * target, a change made between the warning time and the sweep) is checked at once — the check
 * announces each due time only once, so an extra look is harmless.
 */
function nextSlaCheckAt(ticket: Ticket, result: SlaResult, now: Date, isCheck: boolean) {
  if (isCheck) return result.nextCheckAt;
  const candidates = [result.nextCheckAt];
  if (ticket.slaNextCheckAt && ticket.slaNextCheckAt <= now) candidates.push(ticket.slaNextCheckAt);
  if (needsSlaAttention(result)) candidates.push(now);
  const times = candidates.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

async function storeSla(
  tx: Database,
  ticket: Ticket,
  policies: readonly SlaPolicy[],
  now: Date,
  isCheck = false,
): Promise<{ sla: SlaResult; ticket: Ticket }> {
  const { result, policy } = await computeForTicket(tx, ticket, policies, now);
  const columns = {
    slaPolicyId: policy?.id ?? null,
    slaState: policy ? result.state : null,
    slaDueAt: policy ? nearestDueAt(result) : null,
    slaNextCheckAt: policy ? nextSlaCheckAt(ticket, result, now, isCheck) : null,
  } satisfies Partial<Ticket>;
  const unchanged =
    ticket.slaPolicyId === columns.slaPolicyId &&
    ticket.slaState === columns.slaState &&
    ticket.slaDueAt?.getTime() === columns.slaDueAt?.getTime() &&
    ticket.slaNextCheckAt?.getTime() === columns.slaNextCheckAt?.getTime();
  if (unchanged) return { sla: result, ticket };
  // Not `updated_at`: the clocks moving is not activity on the ticket.
  const [stored] = await tx
    .update(tickets)
    .set(columns)
    .where(eq(tickets.id, ticket.id))
    .returning();
  return { sla: result, ticket: stored ?? { ...ticket, ...columns } };
}

/**
 * Recomputes a ticket's SLA as of `now` and stores it on the row. Call inside the transaction that
 * changed the ticket, after the change (its events and messages written). Returns the computation
 * and the stored row.
 */
export async function refreshTicketSla(
  tx: Database,
  input: {
    ticketId: number;
    now: Date;
    /** Set by the SLA check only: store the engine's next check exactly (see `nextSlaCheckAt`). */
    isCheck?: boolean;
  },
): Promise<{ sla: SlaResult; ticket: Ticket }> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, input.ticketId));
  if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
  return storeSla(tx, ticket, await loadActiveSlaPolicies(tx), input.now, input.isCheck);
}

/**
 * `refreshTicketSla` for many rows the caller has just changed and holds locked (the batched timer
 * sweep): the policies are read once, and a ticket no policy matches costs no query unless its
 * stored columns must be cleared. Returns the rows as stored afterwards, in the same order.
 */
export async function refreshSlaOfLockedRows(
  tx: Database,
  rows: readonly Ticket[],
  now: Date,
): Promise<Ticket[]> {
  if (rows.length === 0) return [];
  const policies = await loadActiveSlaPolicies(tx);
  const stored: Ticket[] = [];
  for (const row of rows) stored.push((await storeSla(tx, row, policies, now)).ticket);
  return stored;
}

/**
 * After a policy change: recomputes every ticket that is not solved or merged, in batches of
 * locked rows (one transaction per batch, so a large backlog never holds every ticket at once).
 * Returns how many tickets were recomputed.
 */
export async function recomputeOpenTicketSla(db: Database, now: Date): Promise<number> {
  let afterId = 0;
  let count = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const policies = await loadActiveSlaPolicies(tx);
      const rows = await tx
        .select()
        .from(tickets)
        .where(
          and(
            gt(tickets.id, afterId),
            notInArray(tickets.status, ["resolved", "closed"]),
            isNull(tickets.mergedIntoId),
          ),
        )
        .orderBy(asc(tickets.id))
        .limit(RECOMPUTE_BATCH_SIZE)
        .for("update");
      for (const row of rows) await storeSla(tx, row, policies, now);
      return rows;
    });
    count += batch.length;
    const last = batch.at(-1);
    if (!last || batch.length < RECOMPUTE_BATCH_SIZE) return count;
    afterId = last.id;
  }
}

export type TicketSla = SlaResult & { policyName: string | null };

/** The full computation for the console (metrics and timeline), as of `now`; null = no such ticket. */
export async function getTicketSla(
  db: Database,
  input: { actor: Actor; ticketNumber: number; now: Date },
): Promise<TicketSla | null> {
  if (!can(input.actor, "tickets.view")) {
    throw new DomainError("FORBIDDEN", "You do not have permission to view tickets.");
  }
  const [ticket] = await db.select().from(tickets).where(eq(tickets.number, input.ticketNumber));
  if (!ticket) return null;
  const { result, policy } = await computeForTicket(
    db,
    ticket,
    await loadActiveSlaPolicies(db),
    input.now,
  );
  return { ...result, policyName: policy?.name ?? null };
}

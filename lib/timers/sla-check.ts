/**
 * The SLA check: when a ticket's `sla_next_check_at` passes, recompute its SLA as of now (which marks
 * it at risk or breached) and announce what happened by itself. A running clock that reached its
 * warning threshold warns its owner — the assignee, or else the team's leads, or else every admin —
 * in the app and by email (the `sla_warning` / `sla_breached` templates). A clock that reached its due time tells the assignee and the team's leads
 * (admins when there is neither) and is escalated as its policy says: priority one step up and/or
 * handed to a team, through `applyTicketPatch` with a system actor, so the change is audited and
 * shown like any other.
 *
 * Safe to run twice, late, or from the durable function and the sweep at once: the row is locked
 * and recomputed from the database, and every warning and breach is first claimed in `sla_notices`
 * (key: ticket, clock, kind, due time) with `on conflict do nothing`; only a new claim notifies,
 * emails or escalates. A breach that the escalation itself causes (a higher priority has a shorter
 * target) is claimed silently, so escalating never cascades.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  slaNotices,
  slaPolicies,
  teamMembers,
  teams,
  tickets,
  users,
  type SlaNoticeKind,
  type Ticket,
  type TicketPriority,
  type User,
} from "@/db/schema";
import { notify } from "@/lib/notifications/notifications";
import { slaMetrics, type SlaMetric, type SlaResult } from "@/lib/sla/engine";
import { slaEscalationSchema } from "@/lib/sla/policy-input";
import { refreshTicketSla } from "@/lib/sla/ticket-sla";
import { systemActor } from "@/lib/tickets/actor";
import { formatStoredDate, recordEvent } from "@/lib/tickets/history";
import { priorityLabels } from "@/lib/tickets/labels";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { applyTicketPatch, type TicketChange } from "@/lib/tickets/update-ticket";
import { isSlaCheckDue } from "./due";
import {
  notDue,
  withLockedTicket,
  type LockedStep,
  type TimerContext,
  type TimerInput,
  type TimerResult,
} from "./shared";
import { queueTimerEmails } from "./timer-emails";

export const slaMetricLabels: Record<SlaMetric, string> = {
  firstResponse: "first response",
  nextResponse: "next response",
  resolution: "resolution",
};

const nextPriority: Record<TicketPriority, TicketPriority> = {
  low: "medium",
  medium: "high",
  high: "urgent",
  urgent: "urgent",
};

type Notice = { metric: SlaMetric; kind: SlaNoticeKind; dueAt: Date };

/**
 * What a recomputation says is owed: a breach for each running clock past its due time, a warning
 * for each running clock past its warning threshold but not yet due.
 */
export function owedNotices(sla: SlaResult): Notice[] {
  const owed: Notice[] = [];
  for (const metric of slaMetrics) {
    const { state, dueAt, metAt } = sla[metric];
    if (!dueAt || metAt) continue;
    if (state === "breached") owed.push({ metric, kind: "breach", dueAt });
    else if (state === "at_risk") owed.push({ metric, kind: "warning", dueAt });
  }
  return owed;
}

/** Inserts the notices; returns those that were new (the ones to act on). */
async function claimNotices(
  tx: Database,
  ticketId: number,
  notices: Notice[],
  now: Date,
): Promise<Notice[]> {
  if (notices.length === 0) return [];
  const claimed = await tx
    .insert(slaNotices)
    .values(notices.map((n) => ({ ticketId, ...n, createdAt: now })))
    .onConflictDoNothing()
    .returning({ metric: slaNotices.metric, kind: slaNotices.kind, dueAt: slaNotices.dueAt });
  return claimed;
}

async function activeUsers(tx: Database, ids: number[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(users).where(inArray(users.id, ids));
  return rows.filter((user) => user.isActive);
}

async function teamLeads(tx: Database, teamId: number | null): Promise<User[]> {
  if (teamId === null) return [];
  const rows = await tx
    .select({ user: users })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.isLead, true)));
  return rows.map((row) => row.user).filter((user) => user.isActive);
}

async function activeAdmins(tx: Database): Promise<User[]> {
  return tx
    .select()
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)));
}

/**
 * Who hears about it. Warning: the assignee, else the team's leads, else the admins. Breach: the
 * assignee and the team's leads — of the team it had and of the team the escalation handed it
 * to — else the admins.
 */
export async function slaRecipients(
  tx: Database,
  ticket: Pick<Ticket, "assigneeId" | "teamId">,
  kind: SlaNoticeKind,
  formerTeamId: number | null = null,
): Promise<User[]> {
  const [assignee] = await activeUsers(tx, ticket.assigneeId === null ? [] : [ticket.assigneeId]);
  const leads = [
    ...(await teamLeads(tx, ticket.teamId)),
    ...(formerTeamId !== null && formerTeamId !== ticket.teamId
      ? await teamLeads(tx, formerTeamId)
      : []),
  ];
  let people: User[];
  if (kind === "warning") people = assignee ? [assignee] : leads;
  else people = [...(assignee ? [assignee] : []), ...leads];
  if (people.length === 0) people = await activeAdmins(tx);
  const seen = new Set<number>();
  return people.filter((user) => !seen.has(user.id) && seen.add(user.id));
}

/** The policy's escalation as a ticket patch (empty when there is nothing to change). */
async function escalationPatch(
  tx: Database,
  ticket: Ticket,
): Promise<{ priority?: TicketPriority; teamId?: number }> {
  if (ticket.slaPolicyId === null) return {};
  const [policy] = await tx
    .select({ escalation: slaPolicies.escalation })
    .from(slaPolicies)
    .where(eq(slaPolicies.id, ticket.slaPolicyId));
  const parsed = slaEscalationSchema.safeParse(policy?.escalation ?? {});
  if (!parsed.success) return {};
  const patch: { priority?: TicketPriority; teamId?: number } = {};
  if (parsed.data.raisePriority && ticket.priority !== "urgent") {
    patch.priority = nextPriority[ticket.priority];
  }
  const teamId = parsed.data.teamId;
  if (teamId && teamId !== ticket.teamId) {
    // A team deleted since the policy was saved is skipped rather than failing the check.
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (team) patch.teamId = teamId;
  }
  return patch;
}

export type SlaCheckOutcome = {
  warned: SlaMetric[];
  breached: SlaMetric[];
  escalation: TicketChange[];
  outboundEmailIds: number[];
};

function describeEscalation(changes: TicketChange[], teamName: string | null): string[] {
  const lines: string[] = [];
  for (const change of changes) {
    if (change.field === "priority") {
      lines.push(
        `The priority was raised from ${priorityLabels[change.from as TicketPriority]} to ${
          priorityLabels[change.to as TicketPriority]
        }.`,
      );
    }
    if (change.field === "teamId" && teamName) lines.push(`The ticket was handed to ${teamName}.`);
  }
  return lines;
}

async function announce(
  tx: Database,
  ticket: Ticket,
  kind: SlaNoticeKind,
  notices: Notice[],
  escalation: { lines: string[]; formerTeamId: number | null },
  { now, mail }: TimerContext,
): Promise<number[]> {
  const recipients = await slaRecipients(tx, ticket, kind, escalation.formerTeamId);
  const ref = formatTicketNumber(ticket.number);
  const actor = systemActor("SLA");
  const type = kind === "warning" ? "sla_warning" : "sla_breached";
  const metrics = notices.map((n) => slaMetricLabels[n.metric]).join(" and ");
  const title =
    kind === "warning"
      ? `${ref} is about to breach its ${metrics} target`
      : `${ref} breached its ${metrics} target`;
  const dueLines = notices.map(
    (n) =>
      `${slaMetricLabels[n.metric][0]!.toUpperCase()}${slaMetricLabels[n.metric].slice(1)} ` +
      `${kind === "warning" ? "is due" : "was due"} ${formatStoredDate(n.dueAt)}.`,
  );

  for (const notice of notices) {
    await recordEvent(tx, {
      ticketId: ticket.id,
      actor,
      type: kind === "warning" ? "sla.warning" : "sla.breached",
      data: { metric: notice.metric, dueAt: notice.dueAt, notified: recipients.map((u) => u.id) },
      at: now,
    });
  }
  await notify(
    tx,
    recipients.map((user) => ({
      userId: user.id,
      type,
      ticketId: ticket.id,
      title,
      body: ticket.subject,
      createdAt: now,
    })),
  );
  // The `sla_warning` / `sla_breached` template: #What_Happened# is the title, #Body# the due times
  // and what the escalation changed.
  const queued = await queueTimerEmails(
    tx,
    recipients.map((user) => ({
      ticketId: ticket.id,
      event: type,
      mail,
      to: { email: user.email, name: user.name, kind: "agent" as const },
      whatHappened: title,
      whatHappenedShort: kind === "warning" ? "SLA warning" : "SLA breached",
      originator: "SLA",
      body: [...dueLines, ...escalation.lines].join("\n\n"),
      now,
    })),
  );
  return queued.map((q) => q.outboundEmailId);
}

const noEscalation = { lines: [], formerTeamId: null };

/** On a row locked by the caller. */
export async function checkSlaOnLockedTicket(
  tx: Database,
  current: Ticket,
  context: TimerContext,
): Promise<LockedStep & { outcome: SlaCheckOutcome }> {
  const outcome: SlaCheckOutcome = {
    warned: [],
    breached: [],
    escalation: [],
    outboundEmailIds: [],
  };
  if (!isSlaCheckDue(current, context.now)) return { ...notDue(current), outcome };
  const { now } = context;

  // Merged and deleted tickets are nobody's work any more: stop checking them.
  if (current.mergedIntoId !== null || current.deletedAt !== null) {
    const [ticket] = await tx
      .update(tickets)
      .set({ slaNextCheckAt: null })
      .where(eq(tickets.id, current.id))
      .returning();
    return { ...notDue(ticket ?? current), outcome };
  }

  let { sla, ticket } = await refreshTicketSla(tx, { ticketId: current.id, now, isCheck: true });
  const fresh = await claimNotices(tx, ticket.id, owedNotices(sla), now);
  const warnings = fresh.filter((n) => n.kind === "warning");
  const breaches = fresh.filter((n) => n.kind === "breach");

  const escalation = { lines: [] as string[], formerTeamId: ticket.teamId };
  if (breaches.length > 0) {
    const patch = await escalationPatch(tx, ticket);
    if (Object.keys(patch).length > 0) {
      const done = await applyTicketPatch(tx, ticket, patch, {
        actor: systemActor("SLA escalation"),
        now,
        mail: context.mail,
      });
      outcome.escalation = done.changes;
      outcome.outboundEmailIds.push(...done.outboundEmailIds);
      const [team] = patch.teamId
        ? await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, patch.teamId))
        : [];
      escalation.lines = describeEscalation(done.changes, team?.name ?? null);
      // The new targets may put clocks past due at once: part of this breach, not a new one.
      ({ sla, ticket } = await refreshTicketSla(tx, { ticketId: ticket.id, now, isCheck: true }));
      await claimNotices(tx, ticket.id, owedNotices(sla), now);
    }
  }

  if (warnings.length > 0) {
    outcome.warned = warnings.map((n) => n.metric);
    outcome.outboundEmailIds.push(
      ...(await announce(tx, ticket, "warning", warnings, noEscalation, context)),
    );
  }
  if (breaches.length > 0) {
    outcome.breached = breaches.map((n) => n.metric);
    outcome.outboundEmailIds.push(
      ...(await announce(tx, ticket, "breach", breaches, escalation, context)),
    );
  }

  const action = breaches.length > 0 ? "sla_breached" : warnings.length > 0 ? "sla_warned" : null;
  if (!action) return { ...notDue(ticket), outcome };
  return {
    ticket,
    result: { ticketId: ticket.id, action, outboundEmailIds: outcome.outboundEmailIds },
    outcome,
  };
}

/** One transaction: lock the ticket, recompute, announce what is owed. */
export function checkTicketSla(db: Database, input: TimerInput): Promise<TimerResult> {
  return withLockedTicket(db, input.ticketId, (tx, ticket) =>
    checkSlaOnLockedTicket(tx, ticket, input),
  );
}

/** When the ticket's SLA should next be checked (ISO string, for a step's JSON), or null. */
export async function findNextSlaCheckAt(db: Database, ticketId: number): Promise<string | null> {
  const [row] = await db
    .select({ at: tickets.slaNextCheckAt })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  return row?.at ? row.at.toISOString() : null;
}

/**
 * Changing a ticket's fields: status (through the status machine), priority, category, assignee,
 * team, tags, subject and its dates. Every path that changes these — the console, the REST API, bulk
 * updates, timers, the mail pipeline — goes through `applyTicketPatch`.
 *
 * Concurrency: the row is locked, re-read, and only the fields this patch really changes are written,
 * so two agents editing different fields at once both keep their change; on the same field the last
 * write wins and both changes are in the audit trail.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  categories,
  teams,
  ticketPriorities,
  tickets,
  ticketStatuses,
  users,
  type Ticket,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { notifyTicketChanged } from "@/lib/notifications/ticket-notifications";
import { slaInputFields } from "@/lib/sla/sla-events";
import { refreshTicketSla } from "@/lib/sla/ticket-sla";
import { actorName, actorUserId, assertCanWork, type SystemActor, type TicketActor } from "./actor";
import { addSystemMessage, formatStoredDate, recordEvent } from "./history";
import { priorityLabels, statusLabels } from "./labels";
import { assertNotMerged, lockTicket, type TicketRef } from "./lock";
import { applyStatusEffects, transitionError, validateTicketState } from "./status";
import { normaliseTagNames, setTicketTags, tagNameSchema } from "./tags";

const optionalDate = z.coerce.date({ error: "must be a date" }).nullable().optional();
const optionalId = z.number().int().positive().nullable().optional();

export const ticketPatchSchema = z
  .object({
    subject: z.string().trim().min(1, { error: "Subject cannot be empty." }).max(300).optional(),
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    categoryId: optionalId,
    assigneeId: optionalId,
    teamId: optionalId,
    tags: z.array(tagNameSchema).max(30, { error: "At most 30 tags." }).optional(),
    dueAt: optionalDate,
    remindAt: optionalDate,
    snoozedUntil: optionalDate,
    autoSolveAt: optionalDate,
    autoSolveSendSummary: z.boolean().optional(),
  })
  .strict();
export type TicketPatch = z.input<typeof ticketPatchSchema>;

type DateField = "dueAt" | "remindAt" | "snoozedUntil" | "autoSolveAt";
const dateFields: readonly DateField[] = ["dueAt", "remindAt", "snoozedUntil", "autoSolveAt"];

export type TicketChange = { field: string; from: unknown; to: unknown };

export type ApplyPatchOptions = {
  actor: TicketActor;
  now: Date;
  /** Say nothing in the conversation (the caller writes its own system message). */
  silent?: boolean;
  /**
   * Mail context for the emails a change causes (assignment, taken, moved, closed). Without it the
   * bell still rings but no email is written; every app adapter passes it.
   */
  mail?: MailSettings;
};

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  }
  return a === b;
}

async function nameOf(
  tx: Database,
  table: typeof users | typeof teams | typeof categories,
  id: number | null,
): Promise<string | null> {
  if (id === null) return null;
  const [row] = await tx.select({ name: table.name }).from(table).where(eq(table.id, id));
  return row?.name ?? null;
}

/** Validates that the referenced assignee, team and category exist and may be used. */
export async function checkReferences(
  tx: Database,
  patch: { assigneeId?: number | null; teamId?: number | null; categoryId?: number | null },
) {
  const errors: Record<string, string[]> = {};
  if (patch.assigneeId) {
    const [user] = await tx
      .select({ isActive: users.isActive })
      .from(users)
      .where(eq(users.id, patch.assigneeId));
    if (!user?.isActive) errors.assigneeId = ["That agent does not exist or is deactivated."];
  }
  if (patch.teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, patch.teamId));
    if (!team) errors.teamId = ["That team does not exist."];
  }
  if (patch.categoryId) {
    const [category] = await tx
      .select({ isActive: categories.isActive })
      .from(categories)
      .where(eq(categories.id, patch.categoryId));
    if (!category?.isActive) errors.categoryId = ["That category does not exist or is inactive."];
  }
  if (Object.keys(errors).length > 0) {
    throw new DomainError("INVALID", Object.values(errors)[0]![0]!, errors);
  }
}

/**
 * Applies a validated patch to a ticket locked by the caller's transaction. Returns the stored row
 * and the list of changes (empty when the patch changed nothing).
 */
export async function applyTicketPatch(
  tx: Database,
  current: Ticket,
  rawPatch: TicketPatch,
  options: ApplyPatchOptions,
): Promise<{ ticket: Ticket; changes: TicketChange[]; outboundEmailIds: number[] }> {
  const parsed = ticketPatchSchema.safeParse(rawPatch);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid change.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  const patch = parsed.data;
  const { actor, now } = options;
  assertNotMerged(current);
  await checkReferences(tx, patch);

  const status = patch.status ?? current.status;
  const refused = transitionError(current.status, status);
  if (refused) throw new DomainError("CONFLICT", refused, { status: [refused] });

  const pick = <K extends keyof Ticket>(key: K): Ticket[K] =>
    (patch as Partial<Ticket>)[key] !== undefined ? (patch as Ticket)[key] : current[key];
  const timers = applyStatusEffects(
    {
      status,
      assigneeId: pick("assigneeId"),
      remindAt: pick("remindAt"),
      snoozedUntil: pick("snoozedUntil"),
      autoSolveAt: pick("autoSolveAt"),
    },
    current.status,
  );
  const changedFlag = (field: "remindAt" | "snoozedUntil" | "autoSolveAt") =>
    patch[field] !== undefined && !sameValue(patch[field], current[field]);
  const invalid = validateTicketState(
    timers,
    {
      remindAt: changedFlag("remindAt"),
      snoozedUntil: changedFlag("snoozedUntil"),
      autoSolveAt: changedFlag("autoSolveAt"),
    },
    now,
  );
  if (Object.keys(invalid).length > 0) {
    const details = Object.fromEntries(Object.entries(invalid).map(([k, v]) => [k, [v]]));
    throw new DomainError("INVALID", Object.values(invalid)[0]!, details);
  }

  const next = {
    subject: pick("subject"),
    status: timers.status,
    priority: pick("priority"),
    categoryId: pick("categoryId"),
    assigneeId: timers.assigneeId,
    teamId: pick("teamId"),
    dueAt: pick("dueAt"),
    remindAt: timers.remindAt,
    snoozedUntil: timers.snoozedUntil,
    autoSolveAt: timers.autoSolveAt,
    autoSolveSendSummary: pick("autoSolveSendSummary"),
  };
  const changes: TicketChange[] = [];
  const update: Partial<Ticket> = {};
  for (const [field, value] of Object.entries(next) as [keyof typeof next, unknown][]) {
    if (!sameValue(value, current[field])) {
      changes.push({ field, from: current[field], to: value });
      (update as Record<string, unknown>)[field] = value;
    }
  }
  if (update.status) {
    if (update.status === "resolved") update.resolvedAt = now;
    if (update.status === "closed") {
      update.closedAt = now;
      update.resolvedAt = current.resolvedAt ?? now;
    }
    if (update.status !== "resolved" && update.status !== "closed") update.resolvedAt = null;
  }

  let tagChange: { added: string[]; removed: string[] } | null = null;
  if (patch.tags) {
    tagChange = await setTicketTags(tx, current.id, normaliseTagNames(patch.tags));
    if (tagChange.added.length === 0 && tagChange.removed.length === 0) tagChange = null;
    else changes.push({ field: "tags", from: tagChange.removed, to: tagChange.added });
  }

  if (changes.length === 0) return { ticket: current, changes, outboundEmailIds: [] };

  const [ticket] = await tx
    .update(tickets)
    .set({ ...update, updatedAt: now })
    .where(eq(tickets.id, current.id))
    .returning();

  for (const change of changes) {
    await recordEvent(tx, {
      ticketId: current.id,
      actor,
      type: `ticket.${change.field === "tags" ? "tags_changed" : `${snake(change.field)}_changed`}`,
      data: { from: change.from, to: change.to },
      at: now,
    });
  }
  if (!options.silent) {
    for (const text of await describeChanges(tx, actor, current, changes, tagChange)) {
      await addSystemMessage(tx, { ticketId: current.id, text, at: now });
    }
  }

  const outboundEmailIds = await notifyTicketChanged(tx, {
    mail: options.mail,
    before: current,
    after: ticket!,
    actorUserId: actorUserId(actor),
    actorName: actorName(actor),
    now,
  });
  // Mailbox and channel never change here; the other attributes the SLA depends on do.
  if (changes.some((change) => slaInputFields.includes(change.field))) {
    const { ticket: refreshed } = await refreshTicketSla(tx, { ticketId: current.id, now });
    return { ticket: refreshed, changes, outboundEmailIds };
  }
  return { ticket: ticket!, changes, outboundEmailIds };
}

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

async function describeChanges(
  tx: Database,
  actor: TicketActor,
  before: Ticket,
  changes: TicketChange[],
  tagChange: { added: string[]; removed: string[] } | null,
): Promise<string[]> {
  const who = actorName(actor);
  const byField = new Map(changes.map((c) => [c.field, c]));
  const lines: string[] = [];
  const assignee = byField.get("assigneeId");
  const status = byField.get("status");
  const isClaim =
    actor.type === "user" && assignee?.to === actor.id && status?.to === "in_progress";

  if (isClaim) {
    lines.push(`${who} claimed the ticket`);
  } else {
    if (assignee) {
      const name = await nameOf(tx, users, assignee.to as number | null);
      lines.push(
        name
          ? assignee.to === actorUserId(actor)
            ? `${who} assigned the ticket to themselves`
            : `${who} assigned the ticket to ${name}`
          : `${who} unassigned the ticket`,
      );
    }
    if (status) {
      lines.push(
        `${who} changed the status from ${statusLabels[before.status]} to ${
          statusLabels[status.to as Ticket["status"]]
        }`,
      );
    }
  }
  const team = byField.get("teamId");
  if (team) {
    const name = await nameOf(tx, teams, team.to as number | null);
    lines.push(name ? `${who} moved the ticket to team ${name}` : `${who} removed the team`);
  }
  const priority = byField.get("priority");
  if (priority) {
    lines.push(
      `${who} changed the priority from ${priorityLabels[before.priority]} to ${
        priorityLabels[priority.to as Ticket["priority"]]
      }`,
    );
  }
  const category = byField.get("categoryId");
  if (category) {
    const [from, to] = await Promise.all([
      nameOf(tx, categories, before.categoryId),
      nameOf(tx, categories, category.to as number | null),
    ]);
    lines.push(`${who} changed the category from ${from ?? "none"} to ${to ?? "none"}`);
  }
  const subject = byField.get("subject");
  if (subject)
    lines.push(`${who} changed the subject from “${before.subject}” to “${String(subject.to)}”`);

  const dateWords: Record<DateField, [string, string]> = {
    dueAt: ["set the due date to", "removed the due date"],
    remindAt: ["set a reminder for", "removed the reminder"],
    snoozedUntil: ["snoozed the ticket until", "ended the snooze"],
    autoSolveAt: ["scheduled auto-solve for", "cancelled auto-solve"],
  };
  for (const field of dateFields) {
    const change = byField.get(field);
    if (!change) continue;
    // Timers dropped by a status change are implied by the status line.
    if (change.to === null && status && field !== "dueAt") continue;
    const [set, cleared] = dateWords[field];
    lines.push(
      change.to ? `${who} ${set} ${formatStoredDate(change.to as Date)}` : `${who} ${cleared}`,
    );
  }
  if (tagChange) {
    const parts = [];
    if (tagChange.added.length) parts.push(`added ${plural("tag", tagChange.added)}`);
    if (tagChange.removed.length) parts.push(`removed ${plural("tag", tagChange.removed)}`);
    lines.push(`${who} ${parts.join(" and ")}`);
  }
  return lines;
}

function plural(word: string, items: string[]): string {
  return `${word}${items.length === 1 ? "" : "s"} ${items.join(", ")}`;
}

/** The use case: one transaction that locks, checks and applies the patch. */
export async function updateTicket(
  db: Database,
  input: {
    actor: Actor | SystemActor;
    ticket: TicketRef;
    patch: TicketPatch;
    now?: Date;
    /** For the emails the change causes (see ApplyPatchOptions.mail). */
    mail?: MailSettings;
  },
): Promise<{ ticket: Ticket; changes: TicketChange[]; outboundEmailIds: number[] }> {
  const actor = assertCanWork(input.actor);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const current = await lockTicket(tx, input.ticket);
    return applyTicketPatch(tx, current, input.patch, { actor, now, mail: input.mail });
  });
}

/** Claim = assign to me and start working: In Progress. */
export async function claimTicket(
  db: Database,
  input: { actor: Actor; ticket: TicketRef; now?: Date; mail?: MailSettings },
): Promise<{ ticket: Ticket; changes: TicketChange[]; outboundEmailIds: number[] }> {
  const actor = assertCanWork(input.actor);
  if (actor.type !== "user")
    throw new DomainError("FORBIDDEN", "Only an agent can claim a ticket.");
  return updateTicket(db, {
    actor,
    ticket: input.ticket,
    patch: { assigneeId: actor.id, status: "in_progress" },
    now: input.now,
    mail: input.mail,
  });
}

/**
 * Where a new ticket from email or the web form goes: the first active routing rule (by position,
 * then id) whose subject text matches case-insensitively — and whose mailbox is the ticket's, or
 * any — sets team, category and priority (each optional); the mailbox's defaults fill whatever the
 * rule leaves unset, and whatever the caller set explicitly always wins.
 */
import "server-only";
import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  categories,
  mailboxes,
  routingRules,
  teams,
  type TicketChannel,
  type TicketPriority,
} from "@/db/schema";
import { priorityLabels } from "./labels";

/** Channels whose tickets come from outside (a customer's mail or form) and are routed. */
export const routedChannels: readonly TicketChannel[] = ["email", "web"];

export type RoutingFields = {
  teamId?: number | null;
  categoryId?: number | null;
  priority?: TicketPriority;
};

export type RoutingOutcome = {
  teamId: number | null | undefined;
  categoryId: number | null | undefined;
  priority: TicketPriority | undefined;
  /** The rule that routed the ticket and what it set, for the ticket's history. */
  rule: {
    id: number;
    position: number;
    subjectContains: string;
    set: { team?: string; category?: string; priority?: TicketPriority };
  } | null;
};

/** Case-insensitive substring match, the same for every caller (and for the admin preview). */
export function subjectMatches(subject: string, contains: string): boolean {
  const needle = contains.trim().toLocaleLowerCase();
  return needle.length > 0 && subject.toLocaleLowerCase().includes(needle);
}

/**
 * Resolves team / category / priority for a new ticket. `explicit` holds only what the caller set
 * (undefined = not set); those are kept as they are.
 */
export async function routeNewTicket(
  tx: Database,
  input: { subject: string; mailboxId: number | null; explicit: RoutingFields },
): Promise<RoutingOutcome> {
  const { explicit } = input;
  const outcome: RoutingOutcome = {
    teamId: explicit.teamId,
    categoryId: explicit.categoryId,
    priority: explicit.priority,
    rule: null,
  };
  const open = () =>
    outcome.teamId === undefined ||
    outcome.categoryId === undefined ||
    outcome.priority === undefined;
  if (!open()) return outcome;

  const rules = await tx
    .select({
      id: routingRules.id,
      position: routingRules.position,
      subjectContains: routingRules.subjectContains,
      teamId: routingRules.teamId,
      teamName: teams.name,
      categoryId: routingRules.categoryId,
      categoryName: categories.name,
      categoryActive: categories.isActive,
      priority: routingRules.priority,
    })
    .from(routingRules)
    .leftJoin(teams, eq(teams.id, routingRules.teamId))
    .leftJoin(categories, eq(categories.id, routingRules.categoryId))
    .where(
      and(
        eq(routingRules.isActive, true),
        input.mailboxId === null
          ? isNull(routingRules.mailboxId)
          : or(isNull(routingRules.mailboxId), eq(routingRules.mailboxId, input.mailboxId)),
      ),
    )
    .orderBy(asc(routingRules.position), asc(routingRules.id));
  const rule = rules.find((r) => subjectMatches(input.subject, r.subjectContains));
  if (rule) {
    const set: NonNullable<RoutingOutcome["rule"]>["set"] = {};
    if (outcome.teamId === undefined && rule.teamId !== null) {
      outcome.teamId = rule.teamId;
      set.team = rule.teamName ?? undefined;
    }
    // A category switched off after the rule was written is skipped rather than failing the mail.
    if (outcome.categoryId === undefined && rule.categoryId !== null && rule.categoryActive) {
      outcome.categoryId = rule.categoryId;
      set.category = rule.categoryName ?? undefined;
    }
    if (outcome.priority === undefined && rule.priority !== null) {
      outcome.priority = rule.priority;
      set.priority = rule.priority;
    }
    if (Object.keys(set).length > 0) {
      outcome.rule = {
        id: rule.id,
        position: rule.position,
        subjectContains: rule.subjectContains,
        set,
      };
    }
  }

  if (open() && input.mailboxId !== null) {
    const [mailbox] = await tx
      .select({
        defaultTeamId: mailboxes.defaultTeamId,
        defaultCategoryId: mailboxes.defaultCategoryId,
        defaultPriority: mailboxes.defaultPriority,
      })
      .from(mailboxes)
      .where(eq(mailboxes.id, input.mailboxId));
    if (mailbox) {
      // Only what is still unset: an explicit null ("no team") stays null.
      if (outcome.teamId === undefined) outcome.teamId = mailbox.defaultTeamId;
      if (outcome.categoryId === undefined) outcome.categoryId = mailbox.defaultCategoryId;
      if (outcome.priority === undefined) outcome.priority = mailbox.defaultPriority;
    }
  }
  return outcome;
}

/** "Routed by the rule “subject contains payment”: team Billing, priority High". */
export function describeRouting(rule: NonNullable<RoutingOutcome["rule"]>): string {
  const parts = [
    rule.set.team ? `team ${rule.set.team}` : null,
    rule.set.category ? `category ${rule.set.category}` : null,
    rule.set.priority ? `priority ${priorityLabels[rule.set.priority]}` : null,
  ].filter(Boolean);
  return `Routed by the rule “subject contains ${rule.subjectContains}”: ${parts.join(", ")}`;
}

/**
 * Where a new ticket from email or the web form goes: the first active routing rule (by position,
 * then id) whose text the subject contains, equals or starts with (as the rule says, ignoring case)
 * — and whose mailbox is the ticket's, or any — sets team, category and priority (each optional);
 * the mailbox's defaults fill whatever the rule leaves unset, its default assignee takes the ticket
 * when they are an active agent of the ticket's team (or it has none), and whatever the caller set
 * explicitly always wins.
 */
import "server-only";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  categories,
  mailboxes,
  routingRules,
  teamMembers,
  teams,
  users,
  type RoutingMatch,
  type TicketChannel,
  type TicketPriority,
} from "@/db/schema";
import { priorityLabels, routingMatchLabels } from "./labels";

/** Channels whose tickets come from outside (a customer's mail or form) and are routed. */
export const routedChannels: readonly TicketChannel[] = ["email", "web"];

export type RoutingFields = {
  teamId?: number | null;
  categoryId?: number | null;
  priority?: TicketPriority;
  assigneeId?: number | null;
};

export type RoutingOutcome = {
  teamId: number | null | undefined;
  categoryId: number | null | undefined;
  priority: TicketPriority | undefined;
  assigneeId: number | null | undefined;
  /** The rule that routed the ticket and what it set, for the ticket's history. */
  rule: {
    id: number;
    position: number;
    subjectText: string;
    subjectMatch: RoutingMatch;
    set: { team?: string; category?: string; priority?: TicketPriority };
  } | null;
};

/**
 * Does a subject match a rule's text? Case-insensitive; `equals` and `starts_with` ignore the
 * subject's surrounding spaces. The same for every caller.
 */
export function subjectMatches(subject: string, text: string, match: RoutingMatch): boolean {
  const needle = text.trim().toLocaleLowerCase();
  if (needle.length === 0) return false;
  const haystack = subject.trim().toLocaleLowerCase();
  if (match === "equals") return haystack === needle;
  if (match === "starts_with") return haystack.startsWith(needle);
  return haystack.includes(needle);
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
    assigneeId: explicit.assigneeId,
    rule: null,
  };
  const open = () =>
    outcome.teamId === undefined ||
    outcome.categoryId === undefined ||
    outcome.priority === undefined;
  if (!open() && outcome.assigneeId !== undefined) return outcome;

  const rules = await tx
    .select({
      id: routingRules.id,
      position: routingRules.position,
      subjectText: routingRules.subjectText,
      subjectMatch: routingRules.subjectMatch,
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
  const rule = rules.find((r) => subjectMatches(input.subject, r.subjectText, r.subjectMatch));
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
        subjectText: rule.subjectText,
        subjectMatch: rule.subjectMatch,
        set,
      };
    }
  }

  if ((open() || outcome.assigneeId === undefined) && input.mailboxId !== null) {
    const [mailbox] = await tx
      .select({
        defaultTeamId: mailboxes.defaultTeamId,
        defaultCategoryId: mailboxes.defaultCategoryId,
        defaultPriority: mailboxes.defaultPriority,
        defaultAssigneeId: mailboxes.defaultAssigneeId,
        assigneeActive: users.isActive,
        assigneeTeamIds: sql<
          (number | string)[]
        >`coalesce((select array_agg(${teamMembers.teamId}) from ${teamMembers} where ${teamMembers.userId} = ${mailboxes.defaultAssigneeId}), '{}')`,
      })
      .from(mailboxes)
      .leftJoin(users, eq(users.id, mailboxes.defaultAssigneeId))
      .where(eq(mailboxes.id, input.mailboxId));
    if (mailbox) {
      // Only what is still unset: an explicit null ("no team") stays null.
      if (outcome.teamId === undefined) outcome.teamId = mailbox.defaultTeamId;
      if (outcome.categoryId === undefined) outcome.categoryId = mailbox.defaultCategoryId;
      if (outcome.priority === undefined) outcome.priority = mailbox.defaultPriority;
      // The default assignee works the ticket only where they could pick it up themselves: while
      // active, and in the team the ticket ended up with (rules may have sent it elsewhere).
      const teamId = outcome.teamId ?? null;
      if (
        outcome.assigneeId === undefined &&
        mailbox.defaultAssigneeId !== null &&
        mailbox.assigneeActive === true &&
        (teamId === null || mailbox.assigneeTeamIds.map(Number).includes(teamId))
      ) {
        outcome.assigneeId = mailbox.defaultAssigneeId;
      }
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
  return `Routed by the rule “subject ${routingMatchLabels[rule.subjectMatch]} ${rule.subjectText}”: ${parts.join(", ")}`;
}

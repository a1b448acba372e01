/**
 * The inbox's views: built-in presets, the queue tabs (Unassigned, Mine, each teammate, my team —
 * each with Open, Snoozed and Closed) and the agent's saved views. A view is nothing but a token
 * query and a sort, so every view is also a shareable URL and runs through the same query layer.
 */
import "server-only";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { teamMembers, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { listSavedViews } from "./saved-views";
import { quoteValue } from "./search/parse";

export type InboxView = { key: string; label: string; query: string; sort?: string };
export type InboxQueue = { key: string; label: string; tabs: InboxView[] };
export type InboxViews = {
  presets: InboxView[];
  queues: InboxQueue[];
  saved: (InboxView & { id: number })[];
};

export const presetViews: InboxView[] = [
  { key: "open", label: "Open tickets", query: "status:active" },
  { key: "my-open", label: "My open tickets", query: "assignee:me status:active" },
  {
    key: "urgent-unassigned",
    label: "Urgent unassigned",
    query: "priority:urgent assignee:none status:active",
  },
  { key: "sla-breaching", label: "SLA breaching", query: "sla:breaching status:active" },
  { key: "all", label: "All tickets", query: "" },
];

/** The view /tickets opens with when the URL names none. */
export const defaultViewKey = "open";

const queueTabs = [
  { key: "open", label: "Open", filter: "status:active -is:snoozed" },
  { key: "snoozed", label: "Snoozed", filter: "is:snoozed" },
  { key: "closed", label: "Closed", filter: "status:resolved,closed" },
] as const;

function queue(key: string, label: string, base: string): InboxQueue {
  return {
    key,
    label,
    tabs: queueTabs.map((tab) => ({
      key: `${key}.${tab.key}`,
      label: tab.label,
      query: `${base} ${tab.filter}`,
    })),
  };
}

/** Active agents who share a team with the actor, by name. */
async function listTeammates(db: Database, actor: UserActor) {
  const myTeams = db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, actor.id));
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(teamMembers, eq(teamMembers.userId, users.id))
    .where(
      and(inArray(teamMembers.teamId, myTeams), ne(users.id, actor.id), eq(users.isActive, true)),
    )
    .orderBy(asc(users.name), asc(users.id));
}

export async function getInboxViews(db: Database, actor: UserActor): Promise<InboxViews> {
  const [teammates, saved, [membership]] = await Promise.all([
    listTeammates(db, actor),
    listSavedViews(db, actor),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(teamMembers)
      .where(eq(teamMembers.userId, actor.id)),
  ]);
  const queues = [
    queue("unassigned", "Unassigned", "assignee:none"),
    queue("mine", "Mine", "assignee:me"),
    // By email: names need not be unique, emails are.
    ...teammates.map((t) => queue(`agent-${t.id}`, t.name, `assignee:${quoteValue(t.email)}`)),
  ];
  if (Number(membership?.count ?? 0) > 0) queues.push(queue("team", "My team", "team:mine"));
  return {
    presets: presetViews,
    queues,
    saved: saved.map((v) => ({
      id: v.id,
      key: `saved-${v.id}`,
      label: v.name,
      query: v.query,
      sort: v.sort,
    })),
  };
}

/** Every view by key, for finding the one a URL names. */
export function allViews(views: InboxViews): InboxView[] {
  return [...views.presets, ...views.queues.flatMap((q) => q.tabs), ...views.saved];
}

/** Views are compared by their query with whitespace normalised. */
export const sameQuery = (a: string, b: string) =>
  a.trim().replace(/\s+/g, " ") === b.trim().replace(/\s+/g, " ");

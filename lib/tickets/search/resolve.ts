/**
 * Turns parsed search terms into ticket predicates the query layer can run: names become ids
 * (assignee, team, category, tag), `me` / `mine` become the actor's ids. A name that matches nothing
 * (or too many things) is reported as a problem instead of silently matching nothing.
 */
import "server-only";
import { and, eq, ilike, inArray, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { categories, tags, teamMembers, teams, users } from "@/db/schema";
import type { TicketChannel, TicketPriority, TicketStatus } from "@/db/schema/enum-values";
import { can, type UserActor } from "@/lib/auth/permissions";
import {
  parseSearch,
  type DateRange,
  type IsValue,
  type ParsedSearch,
  type SearchProblem,
  type SlaFilterValue,
} from "./parse";

export type TicketPredicate = { negated: boolean } & (
  | { kind: "status"; values: TicketStatus[] }
  | { kind: "priority"; values: TicketPriority[] }
  | { kind: "channel"; values: TicketChannel[] }
  | { kind: "category"; ids: number[] }
  /** null = unassigned / no team */
  | { kind: "assignee"; ids: (number | null)[] }
  | { kind: "team"; ids: (number | null)[] }
  | { kind: "tag"; ids: number[] }
  /** Substrings of the requester's name or email (case-insensitive). */
  | { kind: "requester"; patterns: string[] }
  | { kind: "created" | "updated"; range: DateRange }
  | { kind: "sla"; values: SlaFilterValue[] }
  | { kind: "is"; values: IsValue[] }
  /** Tickets this user works on: assigned to them or invited as a participant. */
  | { kind: "involving"; userId: number }
);

export type ResolvedSearch = {
  predicates: TicketPredicate[];
  text: string;
  problems: SearchProblem[];
};

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

async function resolveUsers(
  db: Database,
  actor: UserActor,
  values: string[],
): Promise<{ ids: (number | null)[]; bad: string[] }> {
  const ids: (number | null)[] = [];
  const bad: string[] = [];
  for (const value of values) {
    const v = value.toLowerCase();
    if (v === "me") ids.push(actor.id);
    else if (v === "none" || v === "unassigned" || v === "nobody") ids.push(null);
    else {
      const rows = await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(
          or(
            eq(sql`lower(${users.email})`, v),
            ilike(users.name, `%${escapeLike(value)}%`),
            ilike(users.email, `${escapeLike(value)}%`),
          ),
        )
        .limit(10);
      const exact = rows.filter((r) => r.name.toLowerCase() === v || r.email.toLowerCase() === v);
      const chosen = exact.length > 0 ? exact : rows;
      if (chosen.length === 0) bad.push(value);
      else ids.push(...chosen.map((r) => r.id));
    }
  }
  return { ids, bad };
}

async function resolveTeams(
  db: Database,
  actor: UserActor,
  values: string[],
): Promise<{ ids: (number | null)[]; bad: string[] }> {
  const ids: (number | null)[] = [];
  const bad: string[] = [];
  for (const value of values) {
    const v = value.toLowerCase();
    if (v === "none") ids.push(null);
    else if (v === "mine" || v === "my") {
      const rows = await db
        .select({ id: teamMembers.teamId })
        .from(teamMembers)
        .where(eq(teamMembers.userId, actor.id));
      // An agent in no team has no "my team" tickets: match nothing rather than everything.
      ids.push(...(rows.length ? rows.map((r) => r.id) : [-1]));
    } else {
      const rows = await db
        .select({ id: teams.id })
        .from(teams)
        .where(eq(sql`lower(${teams.name})`, v));
      if (rows.length === 0) bad.push(value);
      else ids.push(...rows.map((r) => r.id));
    }
  }
  return { ids, bad };
}

async function resolveCategories(db: Database, values: string[]) {
  const lowered = values.map((v) => v.toLowerCase());
  const rows = await db
    .select({ id: categories.id, name: categories.name, slug: categories.slug })
    .from(categories)
    .where(or(inArray(sql`lower(${categories.name})`, lowered), inArray(categories.slug, lowered)));
  const bad = values.filter(
    (v) =>
      !rows.some((r) => r.name.toLowerCase() === v.toLowerCase() || r.slug === v.toLowerCase()),
  );
  return { ids: rows.map((r) => r.id), bad };
}

async function resolveTags(db: Database, values: string[]) {
  const lowered = values.map((v) => v.toLowerCase());
  const rows = await db
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(inArray(sql`lower(${tags.name})`, lowered));
  const bad = values.filter((v) => !rows.some((r) => r.name.toLowerCase() === v.toLowerCase()));
  return { ids: rows.map((r) => r.id), bad };
}

export async function resolveSearch(
  db: Database,
  actor: UserActor,
  parsed: ParsedSearch,
): Promise<ResolvedSearch> {
  const predicates: TicketPredicate[] = [];
  const problems = [...parsed.problems];
  const unknown = (raw: string, key: string, bad: string[]) =>
    problems.push({ term: raw, message: `No ${key} named "${bad.join(", ")}".` });

  for (const term of parsed.terms) {
    const { negated, raw } = term;
    switch (term.key) {
      case "status":
      case "priority":
      case "channel":
      case "sla":
      case "is":
        if (term.key === "is" && term.values.includes("deleted") && !can(actor, "tickets.delete")) {
          problems.push({ term: raw, message: "Only admins can see deleted tickets." });
          break;
        }
        predicates.push({ kind: term.key, negated, values: term.values } as TicketPredicate);
        break;
      case "created":
      case "updated":
        predicates.push({ kind: term.key, negated, range: term.range });
        break;
      case "assignee": {
        const { ids, bad } = await resolveUsers(db, actor, term.values);
        if (bad.length) unknown(raw, "agent", bad);
        else predicates.push({ kind: "assignee", negated, ids });
        break;
      }
      case "team": {
        const { ids, bad } = await resolveTeams(db, actor, term.values);
        if (bad.length) unknown(raw, "team", bad);
        else predicates.push({ kind: "team", negated, ids });
        break;
      }
      case "category": {
        const { ids, bad } = await resolveCategories(db, term.values);
        if (bad.length) unknown(raw, "category", bad);
        else predicates.push({ kind: "category", negated, ids });
        break;
      }
      case "tag": {
        const { ids, bad } = await resolveTags(db, term.values);
        if (bad.length) unknown(raw, "tag", bad);
        else predicates.push({ kind: "tag", negated, ids });
        break;
      }
      case "requester":
        predicates.push({ kind: "requester", negated, patterns: term.values });
        break;
    }
  }
  return { predicates, text: parsed.text, problems };
}

/** Parse and resolve in one step: what pages, exports and the API call. */
export async function resolveQuery(
  db: Database,
  actor: UserActor,
  query: string,
  now: Date = new Date(),
): Promise<ResolvedSearch> {
  return resolveSearch(db, actor, parseSearch(query, now));
}

/** Values offered by the search bar's autocomplete for each key that names things. */
export async function searchSuggestions(db: Database) {
  const [agentRows, teamRows, categoryRows, tagRows] = await Promise.all([
    db
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.isActive, true)))
      .orderBy(users.name),
    db.select({ name: teams.name }).from(teams).orderBy(teams.name),
    db.select({ name: categories.name }).from(categories).orderBy(categories.name),
    db.select({ name: tags.name }).from(tags).orderBy(tags.name).limit(500),
  ]);
  return {
    assignee: ["me", "none", ...agentRows.map((u) => u.name)],
    team: ["mine", "none", ...teamRows.map((t) => t.name)],
    category: categoryRows.map((c) => c.name),
    tag: tagRows.map((t) => t.name),
  };
}
export type SearchSuggestions = Awaited<ReturnType<typeof searchSuggestions>>;

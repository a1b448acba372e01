/**
 * The ticket list query: the one read path behind the inbox, its counts, bulk "all N matching",
 * CSV/PDF export and the REST API list endpoint. Filters are resolved predicates (resolve.ts) plus
 * free text; results are keyset-paged on (sort value, id), so a deep page costs what page one costs.
 *
 * Free text matches the ticket's full-text document (subject + message bodies, kept by triggers in
 * `ticket_search_documents`, GIN-indexed) or, for typos, the subject by trigram word similarity
 * (`subject %> text`, GIN trigram index). Results are ranked when sorted by relevance, and the page's
 * rows carry highlighted fragments, marked with HIGHLIGHT_START / HIGHLIGHT_END (never HTML, so a
 * subject cannot inject markup).
 */
import "server-only";
import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { rowsOf, type Database } from "@/db/client";
import {
  categories,
  contacts,
  tags,
  teams,
  ticketParticipants,
  ticketReads,
  tickets,
  ticketTags,
  users,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from "@/db/schema";
import { ticketChannels, ticketPriorities, ticketStatuses } from "@/db/schema/enum-values";
import { can, type Actor, type UserActor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import type { ResolvedSearch, TicketPredicate } from "./resolve";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
export const HIGHLIGHT_START = "\u0002";
export const HIGHLIGHT_END = "\u0003";

export const ticketSorts = [
  "-updated",
  "updated",
  "-created",
  "created",
  "-number",
  "number",
  "priority",
  "-priority",
  "due",
  "-due",
  "relevance",
] as const;
export type TicketSort = (typeof ticketSorts)[number];
export const ticketSortSchema = z.enum(ticketSorts);

export type TicketListRow = {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: Ticket["channel"];
  category: string | null;
  requesterName: string;
  requesterEmail: string;
  assigneeName: string | null;
  teamName: string | null;
  tags: string[];
  /** Stored SLA (null = no policy applies) and the nearest running due time. */
  slaState: Ticket["slaState"];
  slaDueAt: Date | null;
  dueAt: Date | null;
  snoozedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** Changed since this agent last opened it (or never opened). */
  unread: boolean;
  /** With free text: the subject and a message fragment with matches marked. */
  highlight: { subject: string | null; snippet: string | null } | null;
};

export type TicketListPage = { rows: TicketListRow[]; nextCursor: string | null };

/** The simple filters the REST API and older callers pass; folded into predicates. */
export type TicketListFilters = {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  categoryIds?: number[];
  /** A user id, or null for unassigned tickets. */
  assigneeId?: number | null;
  /** Tickets this user works on: assigned to them or invited as a participant. */
  involvingUserId?: number;
  teamId?: number;
  requesterEmail?: string;
  /** Free text. */
  q?: string;
};

export type TicketListInput = {
  actor: Actor;
  search?: ResolvedSearch;
  sort?: TicketSort;
  cursor?: string;
  limit?: number;
  now?: Date;
  /** Mark free-text matches in the page (default); exports and bulk actions skip it. */
  highlight?: boolean;
} & TicketListFilters;

function assertCanViewTickets(actor: Actor): asserts actor is UserActor {
  if (!can(actor, "tickets.view")) {
    throw new DomainError("FORBIDDEN", "You do not have permission to view tickets.");
  }
}

function legacyPredicates(input: TicketListFilters): TicketPredicate[] {
  const out: TicketPredicate[] = [];
  const negated = false;
  if (input.statuses?.length) out.push({ kind: "status", negated, values: input.statuses });
  if (input.priorities?.length) out.push({ kind: "priority", negated, values: input.priorities });
  if (input.categoryIds?.length) out.push({ kind: "category", negated, ids: input.categoryIds });
  if (input.assigneeId !== undefined)
    out.push({ kind: "assignee", negated, ids: [input.assigneeId] });
  if (input.teamId !== undefined) out.push({ kind: "team", negated, ids: [input.teamId] });
  if (input.involvingUserId !== undefined)
    out.push({ kind: "involving", negated, userId: input.involvingUserId });
  return out;
}

/** `(col = any(ids)) or col is null` for lists that may contain null ("none"). */
function idsWithNull(column: SQL | typeof tickets.assigneeId, ids: (number | null)[]): SQL {
  const concrete = ids.filter((id): id is number => id !== null);
  const parts: SQL[] = [];
  if (concrete.length) parts.push(sql`${column} in ${sql`(${sql.join(concrete, sql`, `)})`}`);
  if (ids.includes(null)) parts.push(sql`${column} is null`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

const slaStates: Record<string, string[]> = {
  breaching: ["breached"],
  "at-risk": ["at_risk"],
  ok: ["ok"],
  paused: ["paused"],
  met: ["met"],
};

/**
 * `column in ('a', 'b')` with the values inlined as literals rather than parameters: they come from
 * a closed enum (checked here again), and literals let the planner match the partial indexes on
 * active statuses even under a generic plan (postgres.js prepares statements).
 */
function enumIn(
  column: SQL | typeof tickets.status,
  values: readonly string[],
  allowed: readonly string[],
): SQL {
  const safe = values.filter((v) => allowed.includes(v));
  if (safe.length === 0) return sql`false`;
  return sql`${column} in (${sql.raw(safe.map((v) => `'${v}'`).join(", "))})`;
}

function predicateSql(p: TicketPredicate, actor: UserActor, now: Date): SQL {
  switch (p.kind) {
    case "status":
      return enumIn(tickets.status, p.values, ticketStatuses);
    case "priority":
      return enumIn(sql`${tickets.priority}`, p.values, ticketPriorities);
    case "channel":
      return enumIn(sql`${tickets.channel}`, p.values, ticketChannels);
    case "category":
      return p.ids.length ? inArray(tickets.categoryId, p.ids) : sql`false`;
    case "assignee":
      return idsWithNull(tickets.assigneeId, p.ids);
    case "team":
      return idsWithNull(sql`${tickets.teamId}`, p.ids);
    case "tag":
      return p.ids.length
        ? sql`exists (select 1 from ${ticketTags} where ${ticketTags.ticketId} = ${tickets.id} and ${inArray(ticketTags.tagId, p.ids)})`
        : sql`false`;
    case "requester": {
      const likes = p.patterns.map((pattern) => {
        const like = `%${pattern.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        return sql`(lower(${contacts.email}) like ${like} or lower(${contacts.name}) like ${like})`;
      });
      return sql`exists (select 1 from ${contacts} where ${contacts.id} = ${tickets.requesterId} and (${sql.join(likes, sql` or `)}))`;
    }
    case "created":
    case "updated": {
      const column = p.kind === "created" ? tickets.createdAt : tickets.updatedAt;
      const parts: SQL[] = [];
      if (p.range.from) parts.push(sql`${column} >= ${p.range.from.toISOString()}`);
      if (p.range.to) parts.push(sql`${column} < ${p.range.to.toISOString()}`);
      return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
    }
    case "sla": {
      const states = p.values.flatMap((v) => slaStates[v] ?? []);
      const parts: SQL[] = [];
      if (states.length) parts.push(inArray(tickets.slaState, states as never[]));
      if (p.values.includes("none"))
        parts.push(sql`(${tickets.slaState} is null or ${tickets.slaState} = 'none')`);
      return sql`(${sql.join(parts, sql` or `)})`;
    }
    case "is": {
      const parts = p.values.map((v): SQL => {
        switch (v) {
          case "snoozed":
            return sql`(${tickets.snoozedUntil} is not null and ${tickets.snoozedUntil} > ${now.toISOString()})`;
          case "unassigned":
            return isNull(tickets.assigneeId);
          case "assigned":
            return sql`${tickets.assigneeId} is not null`;
          case "unread":
            return sql`not exists (select 1 from ${ticketReads} where ${ticketReads.ticketId} = ${tickets.id} and ${ticketReads.userId} = ${actor.id} and ${ticketReads.readAt} >= ${tickets.updatedAt})`;
          case "deleted":
            return sql`${tickets.deletedAt} is not null`;
        }
      });
      return sql`(${sql.join(parts, sql` or `)})`;
    }
    case "involving":
      return sql`(${tickets.assigneeId} = ${p.userId} or exists (select 1 from ${ticketParticipants} where ${ticketParticipants.ticketId} = ${tickets.id} and ${ticketParticipants.userId} = ${p.userId}))`;
  }
}

/** websearch syntax ("phrases", -not, or) in the english configuration the documents use. */
const tsQuery = (text: string) => sql`websearch_to_tsquery('english', ${text})`;

/** Ticket ids whose document matches, or whose subject is a fuzzy match for the text. */
function textMatchSql(text: string): SQL {
  const fullText = sql`select ticket_id from ticket_search_documents where document @@ ${tsQuery(text)}`;
  if (!isPlainText(text)) return sql`${tickets.id} in (${fullText})`;
  return sql`${tickets.id} in (${fullText} union select id from tickets where subject %> ${text})`;
}

/**
 * Every text match with its score parts, one row per side: the full-text rank of the document, and
 * the subject's trigram word similarity for subjects that are a fuzzy match (`%>`, the typo
 * threshold). Grouped by ticket and summed, that is the relevance: a ticket is ranked once, from the
 * search documents and the few fuzzy subjects alone — no ticket row is read per full-text match.
 * `liveOnly` keeps merged and deleted tickets out here already (the documents carry `is_live`).
 */
function rankedMatchesSql(text: string, liveOnly: boolean): SQL {
  const live = liveOnly ? sql` and is_live` : sql``;
  const fullText = sql`select ticket_id, ts_rank(document, ${tsQuery(text)}) as rank from ticket_search_documents where document @@ ${tsQuery(text)}${live}`;
  const liveTicket = liveOnly ? sql` and merged_into_id is null and deleted_at is null` : sql``;
  const fuzzy = isPlainText(text)
    ? sql` union all select id, word_similarity(${text}, subject) from tickets where subject %> ${text}${liveTicket}`
    : sql``;
  return sql`(${fullText}${fuzzy}) matched`;
}

/**
 * Fuzzy subject matching is for typos in plain words. A query with a "phrase", a -exclusion or an
 * `or` is precise on purpose: a trigram match would bring back what it excludes or split the phrase.
 */
function isPlainText(text: string): boolean {
  return !/"|(^|\s)-\S|(^|\s)or(\s|$)/i.test(text);
}

/** Deleted tickets are listed only for those who may restore them, and only when asked for. */
function wantsDeletedTickets(input: { actor: UserActor; predicates: TicketPredicate[] }): boolean {
  return (
    can(input.actor, "tickets.delete") &&
    input.predicates.some((p) => p.kind === "is" && !p.negated && p.values.includes("deleted"))
  );
}

/** The WHERE clause for a search, shared by the list, the counts, bulk updates and exports. */
export function ticketSearchWhere(input: {
  actor: UserActor;
  predicates: TicketPredicate[];
  text: string;
  now: Date;
  /** The caller joins the text matches itself (the relevance-ranked list). */
  textJoined?: boolean;
}): SQL {
  const conditions: SQL[] = [sql`${tickets.mergedIntoId} is null`];
  if (!wantsDeletedTickets(input)) conditions.push(sql`${tickets.deletedAt} is null`);
  for (const p of input.predicates) {
    const condition = predicateSql(p, input.actor, input.now);
    // Negation treats "unknown" (null columns) as not matching, so -assignee:bob keeps unassigned.
    conditions.push(p.negated ? sql`not coalesce(${condition}, false)` : condition);
  }
  if (input.text && !input.textJoined) conditions.push(textMatchSql(input.text));
  return and(...conditions)!;
}

type SortSpec = { expr: SQL; direction: "asc" | "desc"; cast: string; needsDocument?: boolean };

function sortSpec(sort: TicketSort, text: string): SortSpec {
  const desc = sort.startsWith("-");
  const direction = desc ? "desc" : "asc";
  switch (sort.replace(/^-/, "")) {
    case "created":
      return { expr: sql`${tickets.createdAt}`, direction, cast: "timestamptz" };
    case "number":
      return { expr: sql`${tickets.number}`, direction, cast: "bigint" };
    case "priority":
      // Enum order is urgent, high, medium, low: "priority" ascending = most urgent first.
      return { expr: sql`${tickets.priority}`, direction, cast: "ticket_priority" };
    case "due":
      return {
        expr: desc
          ? sql`coalesce(${tickets.dueAt}, '-infinity'::timestamptz)`
          : sql`coalesce(${tickets.dueAt}, 'infinity'::timestamptz)`,
        direction,
        cast: "timestamptz",
      };
    case "relevance":
      if (text) {
        return {
          // `m` is the ranked match set the page is chosen from (rankedMatchesSql).
          expr: sql`m.match_rank`,
          needsDocument: true,
          direction: "desc",
          cast: "real",
        };
      }
      return { expr: sql`${tickets.updatedAt}`, direction: "desc", cast: "timestamptz" };
    default:
      return { expr: sql`${tickets.updatedAt}`, direction, cast: "timestamptz" };
  }
}

const cursorSchema = z.tuple([z.string().max(100), z.number().int().positive()]);

export function encodeCursor(value: string, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

export function decodeCursor(value: string): { value: string; id: number } | null {
  try {
    const parsed = cursorSchema.safeParse(
      JSON.parse(Buffer.from(value, "base64url").toString("utf8")),
    );
    return parsed.success ? { value: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

function resolvedInput(input: TicketListInput): {
  actor: UserActor;
  predicates: TicketPredicate[];
  text: string;
  now: Date;
} {
  assertCanViewTickets(input.actor);
  const predicates = [...legacyPredicates(input), ...(input.search?.predicates ?? [])];
  const text = [input.search?.text ?? "", input.q ?? ""].join(" ").trim().slice(0, 200);
  if (input.requesterEmail) {
    predicates.push({ kind: "requester", negated: false, patterns: [input.requesterEmail.trim()] });
  }
  return { actor: input.actor, predicates, text, now: input.now ?? new Date() };
}

/** Does a cursor's sort value have the shape of this sort's column (so the cast cannot fail)? */
function isValidCursorValue(value: string, cast: string): boolean {
  switch (cast) {
    case "timestamptz":
      return (
        value === "infinity" ||
        value === "-infinity" ||
        (/^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(value) &&
          !Number.isNaN(Date.parse(value.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00"))))
      );
    case "bigint":
      return /^\d{1,15}$/.test(value);
    case "ticket_priority":
      return (ticketPriorities as readonly string[]).includes(value);
    case "real":
      return /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(value);
    default:
      return false;
  }
}

/** A page size from any caller: whole, at least 1, at most MAX_PAGE_SIZE. */
export function clampPageSize(limit: number | undefined): number {
  const n = limit === undefined || !Number.isFinite(limit) ? DEFAULT_PAGE_SIZE : Math.trunc(limit);
  return Math.min(Math.max(n, 1), MAX_PAGE_SIZE);
}

/**
 * The page query exactly as listTickets runs it (one statement: rows, names and tags), exposed so
 * the benchmark can run the very same SQL text directly.
 */
export function buildTicketListQuery(db: Database, input: TicketListInput) {
  const resolved = resolvedInput(input);
  const limit = clampPageSize(input.limit);
  const sort = input.sort ?? (resolved.text ? "relevance" : "-updated");
  const spec = sortSpec(sort, resolved.text);
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.cursor && (!cursor || !isValidCursorValue(cursor.value, spec.cast))) {
    throw new DomainError("INVALID", "The page cursor is not valid.");
  }

  // Ranking with no filter but "live" (the usual search) needs no ticket row at all: the page is
  // ranked from the search documents alone and only its rows are joined to tickets. With filters,
  // or for deleted tickets (admins), each match is checked against its ticket row.
  const liveOnly = !wantsDeletedTickets(resolved);
  const rankedAlone = spec.needsDocument === true && liveOnly && resolved.predicates.length === 0;
  const idExpr = rankedAlone ? sql`m.match_ticket_id` : sql`${tickets.id}`;
  const where = rankedAlone
    ? []
    : [ticketSearchWhere({ ...resolved, textJoined: spec.needsDocument })];
  if (cursor) {
    const op = spec.direction === "desc" ? sql`<` : sql`>`;
    where.push(
      sql`(${spec.expr}, ${idExpr}) ${op} (${cursor.value}::${sql.raw(spec.cast)}, ${cursor.id})`,
    );
  }
  // drizzle-kit writes `desc` index columns as DESC NULLS LAST; saying the same here (a no-op on
  // these never-null sort values) lets the planner walk those indexes in order, both ways.
  const dir = sql.raw(spec.direction === "desc" ? "desc nulls last" : "asc nulls first");
  // The page is chosen first, from tickets alone (and the ranked matches when sorting by relevance);
  // names, tags and read markers are joined to its rows only. A sort that cannot walk an index
  // (relevance, a rare tag) then sorts ids and sort keys, not fully joined rows.
  const pageColumns = {
    id: sql<number>`${idExpr}`.as("page_id"),
    sortKey: sql<string>`${spec.expr}`.as("sort_key"),
  };
  let inner;
  if (spec.needsDocument) {
    const matches = db
      .select({
        ticketId: sql<number>`matched.ticket_id`.as("match_ticket_id"),
        rank: sql<number>`sum(matched.rank)::real`.as("match_rank"),
      })
      .from(rankedMatchesSql(resolved.text, liveOnly))
      .groupBy(sql`matched.ticket_id`)
      .as("m");
    inner = rankedAlone
      ? db.select(pageColumns).from(matches).$dynamic()
      : db
          .select(pageColumns)
          .from(tickets)
          .innerJoin(matches, eq(matches.ticketId, tickets.id))
          .$dynamic();
  } else {
    inner = db.select(pageColumns).from(tickets).$dynamic();
  }
  const page = db.$with("page").as(
    inner
      .where(where.length ? and(...where) : undefined)
      .orderBy(sql`${spec.expr} ${dir}`, sql`${idExpr} ${dir}`)
      .limit(limit + 1),
  );
  const assignee = alias(users, "assignee");
  const query = db
    .with(page)
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      channel: tickets.channel,
      category: categories.name,
      requesterName: contacts.name,
      requesterEmail: contacts.email,
      assigneeName: assignee.name,
      teamName: teams.name,
      slaState: tickets.slaState,
      slaDueAt: tickets.slaDueAt,
      dueAt: tickets.dueAt,
      snoozedUntil: tickets.snoozedUntil,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
      deletedAt: tickets.deletedAt,
      sortValue: sql<string>`("page"."sort_key")::text`.as("sort_value"),
      readAt: ticketReads.readAt,
      // Tags in the same statement: one round trip per page.
      tags: sql<
        string[]
      >`array(select ${tags.name} from ${ticketTags} join ${tags} on ${tags.id} = ${ticketTags.tagId} where ${ticketTags.ticketId} = ${tickets.id} order by ${tags.name})`,
    })
    .from(page)
    .innerJoin(tickets, eq(tickets.id, page.id))
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .leftJoin(
      ticketReads,
      and(eq(ticketReads.ticketId, tickets.id), eq(ticketReads.userId, resolved.actor.id)),
    )
    // Qualified: an output column named like the key would otherwise win in ORDER BY.
    .orderBy(sql`"page"."sort_key" ${dir}`, sql`"page"."page_id" ${dir}`);
  return { query, limit, text: resolved.text };
}

export async function listTickets(db: Database, input: TicketListInput): Promise<TicketListPage> {
  const { query, limit, text } = buildTicketListQuery(db, input);
  const rows = await query;
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const highlights =
    text && ids.length && input.highlight !== false
      ? await loadHighlights(db, ids, text)
      : new Map();
  const last = page.at(-1);
  return {
    rows: page.map(({ sortValue: _sortValue, readAt, tags: tagNames, ...row }) => ({
      ...row,
      tags: parseTextArray(tagNames),
      unread: !readAt || new Date(readAt) < row.updatedAt,
      highlight: highlights.get(row.id) ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.sortValue, last.id) : null,
  };
}

/** A text[] from the driver: an array (postgres.js, PGlite) or, defensively, its `{a,b}` literal. */
function parseTextArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === "{}") return [];
  return value
    .slice(1, -1)
    .split(",")
    .map((v) => v.replace(/^"(.*)"$/, "$1"));
}

/** The statement behind a page's highlights (exported for the benchmark's raw-SQL side). */
export function highlightSql(ids: number[], text: string): SQL {
  const options = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "`;
  const q = tsQuery(text);
  return sql`
    select t.id, t.subject as plain,
           ts_headline('english', t.subject, ${q}, ${`${options}, HighlightAll=true`}) as subject,
           (select ts_headline('english', m.body_text, ${q}, ${options})
              from messages m
             where m.ticket_id = t.id and m.kind <> 'system'
               and to_tsvector('english', m.body_text) @@ ${q}
             -- Newest first along messages_ticket_created_idx: parsing stops at the first match.
             order by m.created_at desc, m.id desc limit 1) as snippet
      from tickets t
     where t.id in (${sql.join(ids, sql`, `)})`;
}

async function loadHighlights(
  db: Database,
  ids: number[],
  text: string,
): Promise<Map<number, { subject: string | null; snippet: string | null }>> {
  const result = await db.execute(highlightSql(ids, text));
  const map = new Map<number, { subject: string | null; snippet: string | null }>();
  for (const row of rowsOf<{
    id: number | string;
    plain: string;
    subject: string;
    snippet: string | null;
  }>(result)) {
    map.set(Number(row.id), {
      // ts_headline drops what its parser reads as markup (`<b>`); a highlight that is not the
      // subject with markers added would show the agent a different subject, so none is given.
      subject:
        row.subject.includes(HIGHLIGHT_START) && stripHighlight(row.subject) === row.plain
          ? row.subject
          : null,
      snippet: row.snippet,
    });
  }
  return map;
}

/** The text without the highlight markers. */
export function stripHighlight(value: string): string {
  return value.replaceAll(HIGHLIGHT_START, "").replaceAll(HIGHLIGHT_END, "");
}

/** How many tickets match (for "select all N matching" and view counts). */
export async function countTickets(db: Database, input: TicketListInput): Promise<number> {
  const resolved = resolvedInput(input);
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(tickets)
    .where(ticketSearchWhere(resolved));
  return Number(row?.count ?? 0);
}

/**
 * Every matching ticket id, in list order, in batches (bulk updates of "all N matching", exports):
 * memory stays bounded however many tickets match.
 */
export async function* iterateTicketPages(
  db: Database,
  input: Omit<TicketListInput, "cursor" | "limit">,
): AsyncGenerator<TicketListRow[]> {
  let cursor: string | undefined;
  do {
    const page = await listTickets(db, { ...input, cursor, limit: MAX_PAGE_SIZE });
    if (page.rows.length) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

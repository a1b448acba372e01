/**
 * REST API v1 ticket endpoints: list (filtered, keyset-paged), create, read and change. Each handler
 * translates the API's names into ids, calls the one domain function or query for the job, and
 * answers with the ticket in the API's shape.
 */
import "server-only";
import { z } from "zod";
import {
  ticketPriorities,
  ticketStatuses,
  type TicketPriority,
  type TicketStatus,
} from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { createTicket } from "@/lib/tickets/create-ticket";
import { findTicket } from "@/lib/tickets/lock";
import {
  decodeCursor,
  listTickets,
  MAX_PAGE_SIZE,
  type TicketListFilters,
} from "@/lib/tickets/queries";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";
import { MAX_QUERY_LENGTH } from "@/lib/tickets/search/parse";
import { ticketSorts, ticketSortSchema, type TicketSort } from "@/lib/tickets/search/query";
import { resolveQuery, type ResolvedSearch } from "@/lib/tickets/search/resolve";
import { updateTicket, type TicketPatch } from "@/lib/tickets/update-ticket";
import type { Database } from "@/db/client";
import { outboundEmailQueuedEvent, ticketTimersChangedEvent } from "@/inngest/events";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "@/lib/mail/settings";
import { slaChangedEvents } from "@/lib/sla/sla-events";
import { changesTimers } from "@/lib/timers/due";
import { apiRoute, type ApiHandler } from "./handler";
import { ApiError, jsonResponse, notFound, type ApiErrorDetails } from "./http";
import { findCategoryIds, findUserId, resolveTicketReferences } from "./references";
import { createTicketBodySchema, updateTicketBodySchema } from "./schemas";
import { loadApiTicket, loadApiTickets } from "./serialize";

export const DEFAULT_LIST_LIMIT = 25;

export type TicketParams = { ref: string };
type NoParams = Record<string, never>;

/** The ticket number in a `{ref}` path segment (`TKT-001`, `tkt-1` or `1`), or a 404. */
export function ticketNumberFrom(params: TicketParams): number {
  const number = parseTicketRef(params.ref);
  if (number === null) throw notFound();
  return number;
}

function ticketUrl(origin: string, number: number): string {
  return `${origin}/api/v1/tickets/${formatTicketNumber(number)}`;
}

// ------------------------------------------------------------------------------------------------
// GET /api/v1/tickets
// ------------------------------------------------------------------------------------------------

const listParameters = [
  "status",
  "priority",
  "category",
  "assignee",
  "requester",
  "q",
  "sort",
  "limit",
  "cursor",
] as const;
const requesterFilterSchema = z.email();

/** Comma lists, also accepted as repeated parameters: `status=open,pending` = `status=open&status=pending`. */
function listValues(search: URLSearchParams, name: string): string[] {
  return search
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
}

function enumValues<T extends string>(
  values: string[],
  allowed: readonly T[],
  name: string,
  details: ApiErrorDetails,
): T[] {
  const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length > 0) {
    details[name] = [
      `Unknown ${name} ${unknown.map((v) => `“${v}”`).join(", ")}: use ${allowed.join(", ")}.`,
    ];
  }
  return values as T[];
}

type ListQuery = TicketListFilters & {
  limit: number;
  cursor?: string;
  search?: ResolvedSearch;
  sort?: TicketSort;
};

/** Every query parameter checked at once; all problems come back together as one 422. */
export async function parseTicketListQuery(
  db: Database,
  actor: UserActor,
  search: URLSearchParams,
): Promise<ListQuery> {
  const details: ApiErrorDetails = {};
  for (const name of new Set(search.keys())) {
    if (!(listParameters as readonly string[]).includes(name)) {
      details[name] = [`Unknown parameter; the filters are ${listParameters.join(", ")}.`];
    }
  }
  const query: ListQuery = { limit: DEFAULT_LIST_LIMIT };

  const statuses = enumValues<TicketStatus>(
    listValues(search, "status"),
    ticketStatuses,
    "status",
    details,
  );
  if (statuses.length > 0) query.statuses = statuses;
  const priorities = enumValues<TicketPriority>(
    listValues(search, "priority"),
    ticketPriorities,
    "priority",
    details,
  );
  if (priorities.length > 0) query.priorities = priorities;

  const slugs = listValues(search, "category");
  if (slugs.length > 0) {
    const { ids, unknown } = await findCategoryIds(db, slugs);
    if (unknown.length > 0) {
      details.category = [`Unknown category ${unknown.map((s) => `“${s}”`).join(", ")}.`];
    }
    query.categoryIds = ids;
  }

  const assignee = search.get("assignee")?.trim();
  if (assignee) {
    if (assignee.toLowerCase() === "none") query.assigneeId = null;
    else {
      const id = await findUserId(db, assignee);
      if (id === null) {
        details.assignee = [`There is no user “${assignee}”: give an email, an id, or none.`];
      } else query.assigneeId = id;
    }
  }

  const requester = search.get("requester")?.trim();
  if (requester) {
    if (!requesterFilterSchema.safeParse(requester).success) {
      details.requester = ["Give the requester's email address."];
    } else query.requesterEmail = requester;
  }

  // The inbox's search language: `status:open tag:vip "card declined" refund` (docs/api.md).
  const q = search.get("q")?.trim();
  if (q) {
    if (q.length > MAX_QUERY_LENGTH) {
      details.q = [`Keep the search to ${MAX_QUERY_LENGTH} characters or fewer.`];
    } else {
      const resolved = await resolveQuery(db, actor, q);
      const problems = resolved.problems.map((p) => `${p.term}: ${p.message}`);
      if (resolved.predicates.some((p) => p.kind === "is" && p.values.includes("deleted"))) {
        problems.push("is:deleted: deleted tickets are not available through the API.");
      }
      if (problems.length > 0) details.q = problems;
      else query.search = resolved;
    }
  }

  const sort = search.get("sort");
  if (sort !== null) {
    const parsed = ticketSortSchema.safeParse(sort.trim());
    if (!parsed.success) details.sort = [`Unknown sort; use one of ${ticketSorts.join(", ")}.`];
    else query.sort = parsed.data;
  }

  const limit = search.get("limit");
  if (limit !== null) {
    const n = /^\d{1,4}$/.test(limit.trim()) ? Number(limit) : NaN;
    if (!(n >= 1 && n <= MAX_PAGE_SIZE)) {
      details.limit = [`Give a whole number from 1 to ${MAX_PAGE_SIZE}.`];
    } else query.limit = n;
  }

  const cursor = search.get("cursor");
  if (cursor !== null) {
    if (!decodeCursor(cursor)) {
      details.cursor = ["Not a valid cursor: pass the next_cursor of the previous page."];
    } else query.cursor = cursor;
  }

  const first = Object.entries(details)[0];
  if (first) throw new ApiError(422, "validation_failed", `${first[0]}: ${first[1][0]}`, details);
  return query;
}

export const listTicketsHandler: ApiHandler<NoParams> = apiRoute<NoParams>(
  {},
  async ({ db, actor, url }) => {
    const query = await parseTicketListQuery(db, actor, url.searchParams);
    const page = await listTickets(db, { actor, ...query });
    const data = await loadApiTickets(db, {
      actor,
      where: { ids: page.rows.map((row) => row.id) },
    });
    return jsonResponse({ data, next_cursor: page.nextCursor });
  },
);

// ------------------------------------------------------------------------------------------------
// POST /api/v1/tickets
// ------------------------------------------------------------------------------------------------

export const createTicketHandler: ApiHandler<NoParams> = apiRoute(
  { body: createTicketBodySchema },
  async ({ db, actor, origin }, body) => {
    const references = await resolveTicketReferences(db, {
      category: body.category,
      assignee: body.assignee,
      team: body.team,
    });
    const { ticket, outboundEmailIds } = await createTicket(db, {
      actor,
      mail: getMailSettings(),
      subject: body.subject,
      body: body.body,
      requester: body.requester,
      channel: body.channel,
      priority: body.priority,
      tags: body.tags,
      dueAt: body.due_at,
      ...references,
    });
    await dispatchEvents(
      [...outboundEmailIds.map(outboundEmailQueuedEvent), ...slaChangedEvents(ticket)],
      { db },
    );
    const json = await loadApiTicket(db, { actor, number: ticket.number });
    return jsonResponse(json, {
      status: 201,
      headers: { Location: ticketUrl(origin, ticket.number) },
    });
  },
);

// ------------------------------------------------------------------------------------------------
// GET /api/v1/tickets/{ref}
// ------------------------------------------------------------------------------------------------

export const getTicketHandler: ApiHandler<TicketParams> = apiRoute<TicketParams>(
  {},
  async ({ db, actor, params }) => {
    const ticket = await loadApiTicket(db, { actor, number: ticketNumberFrom(params) });
    if (!ticket) throw notFound();
    return jsonResponse(ticket);
  },
);

// ------------------------------------------------------------------------------------------------
// PATCH /api/v1/tickets/{ref}
// ------------------------------------------------------------------------------------------------

export const updateTicketHandler: ApiHandler<TicketParams> = apiRoute(
  { body: updateTicketBodySchema },
  async ({ db, actor, params }, body) => {
    const number = ticketNumberFrom(params);
    // An unknown (or deleted) ticket is a 404 whatever the body says.
    const existing = await findTicket(db, { number });
    if (!existing || existing.deletedAt) throw notFound();
    const references = await resolveTicketReferences(db, {
      category: body.category,
      assignee: body.assignee,
      team: body.team,
    });
    const patch: TicketPatch = {
      subject: body.subject,
      status: body.status,
      priority: body.priority,
      tags: body.tags,
      dueAt: body.due_at,
      remindAt: body.remind_at,
      snoozedUntil: body.snoozed_until,
      autoSolveAt: body.auto_solve_at,
      ...references,
    };
    // The domain schema is strict about keys: send only what the client sent.
    const defined = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ) as TicketPatch;
    const { ticket, changes, outboundEmailIds } = await updateTicket(db, {
      actor,
      ticket: { number },
      patch: defined,
      mail: getMailSettings(),
    });
    // After the commit: the mail it caused, and the durable timer function restarts on the new dates.
    await dispatchEvents(
      [
        ...outboundEmailIds.map(outboundEmailQueuedEvent),
        ...(changesTimers(changes) ? [ticketTimersChangedEvent(ticket.id)] : []),
        ...slaChangedEvents(ticket, changes),
      ],
      { db },
    );
    const json = await loadApiTicket(db, { actor, number });
    if (!json) throw notFound();
    return jsonResponse(json);
  },
);

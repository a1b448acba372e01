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
import { createTicket } from "@/lib/tickets/create-ticket";
import { findTicket } from "@/lib/tickets/lock";
import {
  decodeCursor,
  listTickets,
  MAX_PAGE_SIZE,
  type TicketListFilters,
} from "@/lib/tickets/queries";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";
import { updateTicket, type TicketPatch } from "@/lib/tickets/update-ticket";
import type { Database } from "@/db/client";
import { ticketTimersChangedEvent } from "@/inngest/events";
import { dispatchEvents } from "@/lib/events/dispatch";
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

type ListQuery = TicketListFilters & { limit: number; cursor?: string };

/** Every query parameter checked at once; all problems come back together as one 422. */
export async function parseTicketListQuery(
  db: Database,
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

  const q = search.get("q")?.trim();
  if (q) {
    if (q.length > 200) details.q = ["Keep the search to 200 characters or fewer."];
    else query.q = q;
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
    const query = await parseTicketListQuery(db, url.searchParams);
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
    const { ticket } = await createTicket(db, {
      actor,
      subject: body.subject,
      body: body.body,
      requester: body.requester,
      channel: body.channel,
      priority: body.priority,
      tags: body.tags,
      dueAt: body.due_at,
      ...references,
    });
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
    // An unknown ticket is a 404 whatever the body says.
    if (!(await findTicket(db, { number }))) throw notFound();
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
    const { ticket, changes } = await updateTicket(db, {
      actor,
      ticket: { number },
      patch: defined,
    });
    // After the commit: the durable timer function restarts on the new dates.
    if (changesTimers(changes)) await dispatchEvents([ticketTimersChangedEvent(ticket.id)]);
    const json = await loadApiTicket(db, { actor, number });
    if (!json) throw notFound();
    return jsonResponse(json);
  },
);

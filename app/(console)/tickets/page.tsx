/**
 * The inbox: where agents live. Everything the list shows is in the URL (`view`, `q`, `sort`,
 * `cursor`), so any view can be shared and reloaded; the server resolves the token query, runs the
 * keyset-paged list and the view counts in parallel, and hands plain rows to the client table.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ExportMenu } from "@/components/inbox/export-menu";
import { InboxTable } from "@/components/inbox/inbox-table";
import { SearchBar } from "@/components/inbox/search-bar";
import type { HighlightSegment, InboxRow } from "@/components/inbox/types";
import {
  SaveViewButton,
  ViewRail,
  type RailQueue,
  type RailView,
} from "@/components/inbox/view-rail";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { listActiveCategories, listAssignableUsers, listTeams } from "@/lib/admin/lookups";
import { can, type UserActor } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { defaultInboxColumns } from "@/lib/tickets/inbox-columns";
import { inboxHref } from "@/lib/tickets/inbox-url";
import {
  allViews,
  defaultViewKey,
  getInboxViews,
  sameQuery,
  type InboxView,
} from "@/lib/tickets/inbox-views";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { resolveQuery, searchSuggestions, type ResolvedSearch } from "@/lib/tickets/search/resolve";
import {
  countTickets,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  listTickets,
  ticketSortSchema,
  type TicketListPage,
  type TicketListRow,
  type TicketSort,
} from "@/lib/tickets/search/query";
import { getUserPreferences } from "@/lib/users/preferences";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Tickets" };

// Anything malformed falls back to its default instead of failing the page: an unknown sort to the
// default order, a repeated parameter to none. Query problems are reported by the search bar.
const paramsSchema = z.object({
  view: z.string().max(80).optional().catch(undefined),
  q: z.string().max(2000).optional().catch(undefined),
  sort: ticketSortSchema.optional().catch(undefined),
  cursor: z.string().max(300).optional().catch(undefined),
});

/** Splits ts_headline output at its marker characters into text and matches. */
function segments(marked: string | null): HighlightSegment[] | null {
  if (!marked) return null;
  const out: HighlightSegment[] = [];
  let text = "";
  let hit = false;
  const flush = () => {
    if (text) out.push({ text, hit });
    text = "";
  };
  for (const ch of marked) {
    if (ch === HIGHLIGHT_START) {
      flush();
      hit = true;
    } else if (ch === HIGHLIGHT_END) {
      flush();
      hit = false;
    } else text += ch;
  }
  flush();
  return out;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toInboxRow(row: TicketListRow): InboxRow {
  return {
    id: row.id,
    number: row.number,
    ref: formatTicketNumber(row.number),
    subject: row.subject,
    subjectHighlight: segments(row.highlight?.subject ?? null),
    snippet: segments(row.highlight?.snippet ?? null),
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    category: row.category,
    requesterName: row.requesterName,
    requesterEmail: row.requesterEmail,
    assigneeName: row.assigneeName,
    teamName: row.teamName,
    tags: row.tags,
    slaState: row.slaState,
    slaDueAt: iso(row.slaDueAt),
    dueAt: iso(row.dueAt),
    snoozedUntil: iso(row.snoozedUntil),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    unread: row.unread,
  };
}

/** A view's count, or null when it cannot be counted (it is then shown without one). */
async function countView(db: Database, actor: UserActor, view: InboxView, now: Date) {
  try {
    const search = await resolveQuery(db, actor, view.query, now);
    return await countTickets(db, { actor, search, now });
  } catch (error) {
    console.error("[inbox] counting a view failed", view.key, error);
    return null;
  }
}

export default async function TicketsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("tickets.view", "/tickets");
  const params = paramsSchema.parse(await searchParams);
  const db = getDb();
  const now = new Date();

  const [views, preferences, suggestions, categories, users, teams] = await Promise.all([
    getInboxViews(db, actor),
    getUserPreferences(db, actor.id),
    searchSuggestions(db),
    listActiveCategories(db),
    listAssignableUsers(db),
    listTeams(db),
  ]);
  const everyView = allViews(views);

  // Which view is showing: the one the URL names (if its query is still the one shown), else the
  // first view with exactly this query, so a shared or typed query still lights up its view.
  let view: InboxView | undefined =
    params.view !== undefined
      ? everyView.find((v) => v.key === params.view)
      : params.q === undefined
        ? everyView.find((v) => v.key === defaultViewKey)
        : undefined;
  const q = (params.q ?? view?.query ?? "").trim();
  if (view && !sameQuery(view.query, q)) view = undefined;
  view ??= everyView.find((v) => sameQuery(v.query, q));
  const viewSort = ticketSortSchema.safeParse(view?.sort);
  const sort: TicketSort | undefined =
    params.sort ?? (viewSort.success ? viewSort.data : undefined);
  const activeQueue = view ? views.queues.find((qu) => qu.tabs.includes(view!)) : undefined;

  // The rail counts only what it shows: presets, each queue's Open tab, saved views, and the tabs
  // of the queue being looked at; all counts run in parallel with the list itself.
  const counted = new Map<string, InboxView>();
  for (const v of [
    ...views.presets,
    ...views.queues.map((qu) => qu.tabs[0]!),
    ...views.saved,
    ...(activeQueue?.tabs ?? []),
  ])
    counted.set(v.key, v);

  const search: ResolvedSearch = await resolveQuery(db, actor, q, now);
  const effectiveSort: TicketSort = sort ?? (search.text ? "relevance" : "-updated");
  let page: TicketListPage | null = null;
  let listProblem: string | null = null;
  const [listResult, total, ...counts] = await Promise.all([
    listTickets(db, { actor, search, sort: effectiveSort, cursor: params.cursor, now }).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    countTickets(db, { actor, search, now }),
    ...[...counted.values()].map((v) => countView(db, actor, v, now)),
  ]);
  if (listResult.ok) page = listResult.result;
  else if (isDomainError(listResult.error)) listProblem = listResult.error.message;
  else if (params.cursor) {
    // A hand-edited cursor can decode yet not fit this sort; that is bad input, not a crash.
    console.error("[inbox] listing with a cursor failed", listResult.error);
    listProblem = "The page cursor is not valid.";
  } else throw listResult.error;
  const countOf = new Map([...counted.keys()].map((key, i) => [key, counts[i] ?? null]));

  const railView = (v: InboxView): RailView => ({
    key: v.key,
    label: v.label,
    query: v.query,
    sort: v.sort,
    count: countOf.get(v.key) ?? null,
  });
  const railQueues: RailQueue[] = views.queues.map((qu) => ({
    key: qu.key,
    label: qu.label,
    open: railView(qu.tabs[0]!),
  }));
  const firstPage = inboxHref({ view: view?.key, q, sort });
  const rows = page?.rows.map(toInboxRow) ?? [];

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Tickets</h1>
          <p className="text-sm text-muted-foreground">
            {view ? (activeQueue ? `${activeQueue.label} · ${view.label}` : view.label) : "Search"}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <SaveViewButton query={q} sort={effectiveSort} />
          <ExportMenu query={q} sort={sort} />
          <Button asChild size="sm" variant="outline">
            <Link href="/tickets/compose">New email</Link>
          </Button>
          <Button asChild size="sm">
            <Link href="/tickets/new">New ticket</Link>
          </Button>
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-[13rem_minmax(0,1fr)]">
        <ViewRail
          presets={views.presets.map(railView)}
          queues={railQueues}
          saved={views.saved.map((v) => ({ ...railView(v), id: v.id }))}
          activeKey={view?.key ?? null}
          activeQueue={activeQueue?.key ?? null}
        />
        <div className="flex min-w-0 flex-col gap-3">
          <SearchBar
            key={q}
            query={q}
            sort={sort}
            problems={search.problems}
            suggestions={suggestions}
          />
          {activeQueue ? (
            <nav aria-label={`${activeQueue.label} tabs`} className="flex gap-1 border-b pb-2">
              {activeQueue.tabs.map((tab) => {
                const count = countOf.get(tab.key);
                return (
                  <Link
                    key={tab.key}
                    href={inboxHref({ view: tab.key, q: tab.query, sort })}
                    aria-current={tab.key === view?.key ? "page" : undefined}
                    className={cn(
                      "rounded-md px-3 py-1 text-sm text-muted-foreground hover:bg-muted",
                      tab.key === view?.key && "bg-muted font-medium text-foreground",
                    )}
                  >
                    {tab.label}
                    {count !== null && count !== undefined ? (
                      <span className="ml-1.5 text-xs tabular-nums">{count}</span>
                    ) : null}
                  </Link>
                );
              })}
            </nav>
          ) : null}
          {listProblem ? (
            <Alert>
              {listProblem}{" "}
              <Link className="underline" href={firstPage}>
                Go to the first page
              </Link>
            </Alert>
          ) : null}
          {page && rows.length === 0 ? (
            <p className="py-12 text-center text-muted-foreground">
              {params.cursor ? "No more tickets." : "No tickets match."}
            </p>
          ) : null}
          {page && rows.length > 0 ? (
            <InboxTable
              rows={rows}
              query={q}
              sort={effectiveSort}
              view={view?.key}
              total={total}
              visibleColumns={preferences.inboxColumns ?? defaultInboxColumns}
              serverNow={now.toISOString()}
              canDelete={can(actor, "tickets.delete")}
              bulkOptions={{
                categories: categories.map((c) => ({ id: c.id, name: c.name })),
                users: users.map((u) => ({ id: u.id, name: u.name })),
                teams,
                tags: suggestions.tag,
              }}
            />
          ) : null}
          <div className="flex justify-end gap-2">
            {params.cursor ? (
              <Button variant="outline" size="sm" asChild>
                <Link href={firstPage}>First page</Link>
              </Button>
            ) : null}
            {page?.nextCursor ? (
              <Button variant="outline" size="sm" asChild>
                <Link href={inboxHref({ view: view?.key, q, sort, cursor: page.nextCursor })}>
                  Next page
                </Link>
              </Button>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

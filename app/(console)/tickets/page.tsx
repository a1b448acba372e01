import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { SlaBadge } from "@/components/tickets/sla-badge";
import { PriorityBadge, StatusBadge } from "@/components/tickets/ticket-badges";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { getDb } from "@/db";
import { ticketStatuses, type TicketStatus } from "@/db/schema";
import { requirePagePermission } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { channelLabels, statusLabels } from "@/lib/tickets/labels";
import { listTickets, type TicketListFilters } from "@/lib/tickets/queries";
import type { UserActor } from "@/lib/auth/permissions";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Tickets" };

const activeStatuses: TicketStatus[] = ["open", "pending", "in_progress", "on_hold"];
type View = {
  key: string;
  label: string;
  filters: (actor: UserActor) => TicketListFilters;
};
const views: View[] = [
  { key: "active", label: "Active", filters: () => ({ statuses: activeStatuses }) },
  // "New" is Open and unassigned: what nobody has picked up yet.
  { key: "new", label: "New", filters: () => ({ statuses: ["open"], assigneeId: null }) },
  {
    key: "mine",
    label: "Mine",
    filters: (actor) => ({ statuses: activeStatuses, involvingUserId: actor.id }),
  },
  ...ticketStatuses.map((s) => ({
    key: s,
    label: statusLabels[s],
    filters: () => ({ statuses: [s] }),
  })),
  { key: "all", label: "All", filters: () => ({}) },
];

const searchSchema = z.object({
  view: z.enum(views.map((v) => v.key) as [string, ...string[]]).catch("active"),
  cursor: z.string().max(200).optional().catch(undefined),
});

export default async function TicketsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("tickets.view", "/tickets");
  const params = searchSchema.parse(await searchParams);
  const view = views.find((v) => v.key === params.view) ?? views[0]!;

  const renderedAt = new Date().toISOString();
  let page: Awaited<ReturnType<typeof listTickets>> | null = null;
  let problem: string | null = null;
  try {
    page = await listTickets(getDb(), { actor, ...view.filters(actor), cursor: params.cursor });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = error.message;
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Tickets</h1>
        <Button asChild size="sm">
          <Link href="/tickets/new">New ticket</Link>
        </Button>
      </div>
      <nav aria-label="Ticket views" className="flex flex-wrap gap-1 border-b pb-2">
        {views.map((v) => (
          <Link
            key={v.key}
            href={`/tickets?view=${v.key}`}
            aria-current={v.key === view.key ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1 text-sm text-muted-foreground hover:bg-muted",
              v.key === view.key && "bg-muted font-medium text-foreground",
            )}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      {problem ? (
        <Alert>
          {problem}{" "}
          <Link className="underline" href={`/tickets?view=${view.key}`}>
            Start from the first page
          </Link>
        </Alert>
      ) : null}
      {page && page.rows.length === 0 ? (
        <p className="py-12 text-center text-muted-foreground">No tickets in this view.</p>
      ) : null}
      {page && page.rows.length > 0 ? (
        <div className="rounded-lg border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-24">Ticket</TableHead>
                <TableHead>Subject</TableHead>
                <TableHead>Requester</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Priority</TableHead>
                <TableHead>SLA</TableHead>
                <TableHead>Category</TableHead>
                <TableHead>Channel</TableHead>
                <TableHead>Assignee</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.rows.map((ticket) => {
                const ref = formatTicketNumber(ticket.number);
                return (
                  <TableRow key={ticket.id}>
                    <TableCell className="font-mono text-xs text-muted-foreground">{ref}</TableCell>
                    <TableCell className="max-w-md">
                      <Link href={`/tickets/${ref}`} className="font-medium hover:underline">
                        {ticket.subject}
                      </Link>
                      {ticket.teamName ? (
                        <div className="text-xs text-muted-foreground">{ticket.teamName}</div>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <div>{ticket.requesterName || ticket.requesterEmail}</div>
                      {ticket.requesterName ? (
                        <div className="text-xs text-muted-foreground">{ticket.requesterEmail}</div>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={ticket.status} />
                    </TableCell>
                    <TableCell>
                      <PriorityBadge priority={ticket.priority} />
                    </TableCell>
                    <TableCell>
                      {ticket.slaState && ticket.slaState !== "none" ? (
                        <SlaBadge
                          state={ticket.slaState}
                          dueAt={ticket.slaDueAt?.toISOString() ?? null}
                          serverNow={renderedAt}
                        />
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </TableCell>
                    <TableCell>{ticket.category ?? "—"}</TableCell>
                    <TableCell>{channelLabels[ticket.channel]}</TableCell>
                    <TableCell>
                      {ticket.assigneeName ?? (
                        <span className="text-muted-foreground">Unassigned</span>
                      )}
                    </TableCell>
                    <TableCell className="text-xs whitespace-nowrap text-muted-foreground">
                      <LocalTime iso={ticket.updatedAt.toISOString()} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        {params.cursor ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={`/tickets?view=${view.key}`}>First page</Link>
          </Button>
        ) : null}
        {page?.nextCursor ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={`/tickets?view=${view.key}&cursor=${page.nextCursor}`}>Next page</Link>
          </Button>
        ) : null}
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, GitMerge } from "lucide-react";
import { Composer } from "@/components/tickets/composer";
import { Conversation } from "@/components/tickets/conversation";
import { SubjectEditor } from "@/components/tickets/subject-editor";
import { TicketActions } from "@/components/tickets/ticket-actions";
import { SlaBadge } from "@/components/tickets/sla-badge";
import { SlaTimeline } from "@/components/tickets/sla-timeline";
import { PriorityBadge, StatusBadge } from "@/components/tickets/ticket-badges";
import { TicketFields } from "@/components/tickets/ticket-fields";
import { TicketSidebar } from "@/components/tickets/sidebar/ticket-sidebar";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listActiveCategories, listAssignableUsers, listTeams } from "@/lib/admin/lookups";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listCannedResponsesFor } from "@/lib/canned-responses/canned-responses";
import { getSetting } from "@/lib/settings";
import { getTicketSla } from "@/lib/sla/ticket-sla";
import { channelLabels } from "@/lib/tickets/labels";
import { getAdjacentTickets, getTicketDetail } from "@/lib/tickets/queries";
import { markTicketRead } from "@/lib/tickets/read-markers";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";
import { DeletedBanner } from "./deleted-banner";

type Props = { params: Promise<{ ref: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const number = parseTicketRef((await params).ref);
  return { title: number ? formatTicketNumber(number) : "Ticket" };
}

export default async function TicketPage({ params }: Props) {
  const { ref } = await params;
  const actor = await requirePagePermission("tickets.view", `/tickets/${encodeURIComponent(ref)}`);
  const number = parseTicketRef(ref);
  if (!number) notFound();
  const db = getDb();
  const ticket = await getTicketDetail(db, { actor, number });
  if (!ticket) notFound();

  const now = new Date();
  const [categories, users, teams, canned, defaultKind, adjacent, sla] = await Promise.all([
    listActiveCategories(db),
    listAssignableUsers(db),
    listTeams(db),
    listCannedResponsesFor(db, actor),
    getSetting(db, "composer.defaultKind"),
    getAdjacentTickets(db, { actor, ticket }),
    getTicketSla(db, { actor, ticketNumber: ticket.number, now }),
    // Opening the ticket clears its unread marker in this agent's inbox.
    markTicketRead(db, { actor, ticketId: ticket.id }),
  ]);
  // A deactivated category or agent still shows on the tickets that carry it.
  if (ticket.categoryId && !categories.some((c) => c.id === ticket.categoryId)) {
    categories.push({
      id: ticket.categoryId,
      slug: ticket.categorySlug ?? "",
      name: `${ticket.category} (inactive)`,
    });
  }
  if (ticket.assigneeId && !users.some((u) => u.id === ticket.assigneeId)) {
    users.push({
      id: ticket.assigneeId,
      name: `${ticket.assigneeName} (deactivated)`,
      email: ticket.assigneeEmail ?? "",
      role: "agent",
    });
  }
  const readOnly =
    ticket.status === "closed" || ticket.mergedIntoId !== null || ticket.deletedAt !== null;
  const iso = (d: Date | null) => d?.toISOString() ?? null;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-2">
          <Link
            href="/tickets"
            className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
          >
            <ArrowLeft className="size-4" aria-hidden /> Tickets
          </Link>
          <div className="flex flex-wrap items-center gap-3">
            <span className="font-mono text-sm text-muted-foreground">
              {formatTicketNumber(ticket.number)}
            </span>
            <SubjectEditor number={ticket.number} subject={ticket.subject} readOnly={readOnly} />
          </div>
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            <SlaBadge
              state={ticket.slaState}
              dueAt={iso(ticket.slaDueAt)}
              serverNow={now.toISOString()}
            />
            <span>via {channelLabels[ticket.channel]}</span>
            {ticket.tags.map((tag) => (
              <Badge key={tag} className="bg-muted">
                {tag}
              </Badge>
            ))}
          </div>
        </div>
        <TicketActions
          number={ticket.number}
          status={ticket.status}
          isMine={ticket.assigneeId === actor.id && ticket.status === "in_progress"}
          readOnly={readOnly}
          previous={adjacent.previous}
          next={adjacent.next}
        />
      </div>

      {ticket.deletedAt ? (
        <DeletedBanner
          ticketId={ticket.id}
          deletedAt={ticket.deletedAt.toISOString()}
          purgeAt={new Date(
            ticket.deletedAt.getTime() +
              (await getSetting(db, "tickets.deletedRetentionDays")) * 86_400_000,
          ).toISOString()}
        />
      ) : null}
      {ticket.mergedIntoNumber ? (
        <Alert tone="info">
          <GitMerge className="mr-1 inline size-4" aria-hidden />
          This ticket was merged into{" "}
          <Link
            className="font-medium underline"
            href={`/tickets/${formatTicketNumber(ticket.mergedIntoNumber)}`}
          >
            {formatTicketNumber(ticket.mergedIntoNumber)}
          </Link>
          .
        </Alert>
      ) : null}
      {ticket.followUpOfNumber ? (
        <Alert tone="info">
          Follow-up to{" "}
          <Link
            className="font-medium underline"
            href={`/tickets/${formatTicketNumber(ticket.followUpOfNumber)}`}
          >
            {formatTicketNumber(ticket.followUpOfNumber)}
          </Link>
          .
        </Alert>
      ) : null}
      {ticket.followUpNumbers.length > 0 ? (
        <Alert tone="info">
          Continued in{" "}
          {ticket.followUpNumbers.map((n, i) => (
            <span key={n}>
              {i > 0 ? ", " : ""}
              <Link className="font-medium underline" href={`/tickets/${formatTicketNumber(n)}`}>
                {formatTicketNumber(n)}
              </Link>
            </span>
          ))}
          .
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <section aria-label="Conversation">
            <Conversation
              messages={ticket.messages}
              canMove={can(actor, "tickets.work") && ticket.mergedIntoId === null}
            />
          </section>
          {readOnly ? (
            <p className="text-sm text-muted-foreground">
              {ticket.mergedIntoId ? "Merged tickets" : "Closed tickets"} can no longer be written
              on.
            </p>
          ) : (
            <Composer
              number={ticket.number}
              defaultKind={defaultKind}
              currentStatus={ticket.status}
              cannedResponses={canned.map((c) => ({
                id: c.id,
                title: c.title,
                body: c.body,
                shared: c.ownerUserId === null,
              }))}
              cannedContext={{
                requesterName: ticket.requester.name,
                requesterEmail: ticket.requester.email,
                ticketNumber: ticket.number,
                subject: ticket.subject,
                agentName: actor.name,
                agentEmail: actor.email,
                category: ticket.category,
              }}
            />
          )}
        </div>
        <aside className="flex flex-col gap-4" aria-label="Ticket details">
          <Card>
            <CardHeader>
              <CardTitle>Properties</CardTitle>
            </CardHeader>
            <CardContent>
              <TicketFields
                number={ticket.number}
                readOnly={readOnly}
                values={{
                  status: ticket.status,
                  priority: ticket.priority,
                  categoryId: ticket.categoryId,
                  assigneeId: ticket.assigneeId,
                  teamId: ticket.teamId,
                  tags: ticket.tags,
                  dueAt: iso(ticket.dueAt),
                  remindAt: iso(ticket.remindAt),
                  snoozedUntil: iso(ticket.snoozedUntil),
                  autoSolveAt: iso(ticket.autoSolveAt),
                  autoSolveSendSummary: ticket.autoSolveSendSummary,
                }}
                options={{ categories, users, teams }}
              />
            </CardContent>
          </Card>
          {sla && sla.policyId !== null ? <SlaTimeline sla={sla} /> : null}
          <TicketSidebar ticket={ticket} actor={actor} />
        </aside>
      </div>
    </div>
  );
}

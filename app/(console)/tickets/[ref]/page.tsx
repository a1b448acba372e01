import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { Conversation } from "@/components/tickets/conversation";
import { PriorityBadge, StatusBadge } from "@/components/tickets/ticket-badges";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { channelLabels } from "@/lib/tickets/labels";
import { getTicketDetail } from "@/lib/tickets/queries";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";

type Props = { params: Promise<{ ref: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const number = parseTicketRef((await params).ref);
  return { title: number ? formatTicketNumber(number) : "Ticket" };
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

function formatDate(value: Date | null): string {
  return value ? dateFormat.format(value) : "—";
}

export default async function TicketPage({ params }: Props) {
  const { ref } = await params;
  const actor = await requirePagePermission("tickets.view", `/tickets/${encodeURIComponent(ref)}`);
  const number = parseTicketRef(ref);
  if (!number) notFound();
  const ticket = await getTicketDetail(getDb(), { actor, number });
  if (!ticket) notFound();

  const fields: [string, React.ReactNode][] = [
    ["Status", <StatusBadge key="s" status={ticket.status} />],
    ["Priority", <PriorityBadge key="p" priority={ticket.priority} />],
    ["Category", ticket.category ?? "—"],
    ["Channel", channelLabels[ticket.channel]],
    ["Assignee", ticket.assigneeName ?? "Unassigned"],
    ["Team", ticket.teamName ?? "—"],
    ["Due", formatDate(ticket.dueAt)],
    ["Snoozed until", formatDate(ticket.snoozedUntil)],
    ["Reminder", formatDate(ticket.remindAt)],
    ["Auto-solve", formatDate(ticket.autoSolveAt)],
    ["Created", formatDate(ticket.createdAt)],
    ["Updated", formatDate(ticket.updatedAt)],
  ];

  return (
    <div className="flex flex-col gap-6">
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
          <h1 className="text-xl font-semibold">{ticket.subject}</h1>
        </div>
        {ticket.tags.length > 0 ? (
          <div className="flex flex-wrap gap-1" aria-label="Tags">
            {ticket.tags.map((tag) => (
              <Badge key={tag} className="bg-muted">
                {tag}
              </Badge>
            ))}
          </div>
        ) : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <section aria-label="Conversation">
          <Conversation messages={ticket.messages} />
        </section>
        <aside className="flex flex-col gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Requester</CardTitle>
            </CardHeader>
            <CardContent className="text-sm">
              <div className="font-medium">{ticket.requester.name || ticket.requester.email}</div>
              <div className="text-muted-foreground">{ticket.requester.email}</div>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                {fields.map(([label, value]) => (
                  <div key={label} className="contents">
                    <dt className="text-muted-foreground">{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            </CardContent>
          </Card>
        </aside>
      </div>
    </div>
  );
}

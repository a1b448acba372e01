/** The requester's tickets, open ones first, with their status in plain words. */
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PortalShell } from "@/components/portal/portal-shell";
import { SignOutEverywhereButton } from "@/components/portal/sign-out-everywhere";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { getDb } from "@/db";
import { getPortalBranding } from "@/lib/portal/branding";
import { listPortalTickets, type PortalTicketSummary } from "@/lib/portal/queries";
import { getPortalActor } from "@/lib/portal/session";
import { formatTicketNumber } from "@/lib/tickets/ref";

export const metadata: Metadata = { title: "My requests" };

export default async function PortalHomePage() {
  const actor = await getPortalActor();
  if (!actor) redirect("/portal/link?reason=signed-out");
  const db = getDb();
  const [{ open, finished }, branding] = await Promise.all([
    listPortalTickets(db, { actor }),
    getPortalBranding(db, null),
  ]);
  return (
    <PortalShell branding={branding} actions={<SignOutEverywhereButton />}>
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold">My requests</h1>
        <p className="text-sm text-muted-foreground">Signed in as {actor.email}</p>
      </div>
      <TicketList title="Open requests" tickets={open} empty="You have no open requests." />
      <TicketList title="Closed requests" tickets={finished} empty="No closed requests yet." />
    </PortalShell>
  );
}

function TicketList({
  title,
  tickets,
  empty,
}: {
  title: string;
  tickets: PortalTicketSummary[];
  empty: string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>
        {tickets.length === 0 ? (
          <p className="text-sm text-muted-foreground">{empty}</p>
        ) : (
          <ul className="flex flex-col divide-y" aria-label={title}>
            {tickets.map((ticket) => (
              <li key={ticket.number} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3">
                <Link
                  href={`/portal/tickets/${formatTicketNumber(ticket.number)}`}
                  className="min-w-0 flex-1 font-medium break-words hover:underline"
                >
                  {ticket.subject}
                </Link>
                <span className="text-sm text-muted-foreground">{ticket.statusText}</span>
                <span className="w-full text-xs text-muted-foreground">
                  {formatTicketNumber(ticket.number)} · opened{" "}
                  <LocalTime iso={ticket.createdAt.toISOString()} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

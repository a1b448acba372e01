/**
 * One ticket in the portal: subject, status in plain words, the public conversation and — unless it
 * is the agents' read-only preview — the reply form, "close my request" and the rating.
 */
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { PortalTicketView } from "@/lib/portal/queries";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { PortalConversation } from "./portal-conversation";
import { CloseTicketButton, RatingForm } from "./portal-ticket-actions";
import { PortalReplyForm } from "./portal-reply-form";

export function PortalTicket({
  ticket,
  readOnly = false,
  initialScore,
}: {
  ticket: PortalTicketView;
  readOnly?: boolean;
  /** Preselected rating, from a rating link in the "ticket closed" email. */
  initialScore?: number;
}) {
  const ref = formatTicketNumber(ticket.number);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        {readOnly ? null : (
          <Link href="/portal" className="text-sm text-muted-foreground hover:underline">
            ← All my requests
          </Link>
        )}
        <h1 className="text-xl font-semibold break-words">{ticket.subject}</h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          <span className="font-mono">{ref}</span>
          <Badge aria-label="Status">{ticket.statusText}</Badge>
        </div>
        {ticket.mergedIntoNumber !== null ? (
          <p className="text-sm">
            This request continues in{" "}
            <Link
              className="underline"
              href={`/portal/tickets/${formatTicketNumber(ticket.mergedIntoNumber)}`}
            >
              {formatTicketNumber(ticket.mergedIntoNumber)}
            </Link>
            .
          </p>
        ) : null}
      </div>

      <PortalConversation messages={ticket.messages} />

      {readOnly ? null : (
        <>
          {ticket.canReply ? (
            <Card>
              <CardHeader>
                <CardTitle>Reply</CardTitle>
              </CardHeader>
              <CardContent>
                <PortalReplyForm number={ticket.number} isClosed={ticket.status === "closed"} />
              </CardContent>
            </Card>
          ) : null}
          {ticket.canRate ? (
            <Card id="rate">
              <CardHeader>
                <CardTitle>How did we do?</CardTitle>
              </CardHeader>
              <CardContent>
                <RatingForm
                  number={ticket.number}
                  rating={ticket.rating}
                  initialScore={initialScore}
                />
              </CardContent>
            </Card>
          ) : null}
          {ticket.canClose ? <CloseTicketButton number={ticket.number} /> : null}
        </>
      )}
    </div>
  );
}

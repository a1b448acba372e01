/**
 * The agents' preview of the portal: the ticket exactly as its requester sees it there (the same
 * query and component, with the requester's filtering), read-only.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PortalShell } from "@/components/portal/portal-shell";
import { PortalTicket } from "@/components/portal/portal-ticket";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { isDomainError } from "@/lib/errors";
import { getPortalTicketPreview, type PortalTicketView } from "@/lib/portal/queries";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";

type Props = { params: Promise<{ ref: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const number = parseTicketRef((await params).ref);
  return { title: `Portal preview ${number ? formatTicketNumber(number) : ""}`.trim() };
}

export default async function PortalPreviewPage({ params }: Props) {
  const { ref } = await params;
  const actor = await requirePagePermission(
    "tickets.view",
    `/tickets/${encodeURIComponent(ref)}/portal-preview`,
  );
  const number = parseTicketRef(ref);
  if (!number) notFound();
  let ticket: PortalTicketView;
  try {
    ticket = await getPortalTicketPreview(getDb(), { actor, number });
  } catch (error) {
    if (isDomainError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <div className="flex flex-col gap-4">
      <Alert tone="info">
        Preview: this is what {ticket.requesterEmail} sees in the portal (read-only).{" "}
        <Link className="underline" href={`/tickets/${formatTicketNumber(number)}`}>
          Back to the ticket
        </Link>
      </Alert>
      <div className="overflow-hidden rounded-lg border">
        <PortalShell branding={ticket.branding} embedded>
          <PortalTicket ticket={ticket} readOnly />
        </PortalShell>
      </div>
    </div>
  );
}

/** One of the requester's tickets: the public conversation, reply, close and rate. */
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { PortalShell } from "@/components/portal/portal-shell";
import { PortalTicket } from "@/components/portal/portal-ticket";
import { SignOutEverywhereButton } from "@/components/portal/sign-out-everywhere";
import { getDb } from "@/db";
import { isDomainError } from "@/lib/errors";
import { getPortalTicket, type PortalTicketView } from "@/lib/portal/queries";
import { getPortalActor } from "@/lib/portal/session";
import { formatTicketNumber, parseTicketRef } from "@/lib/tickets/ref";

type Props = {
  params: Promise<{ ref: string }>;
  searchParams?: Promise<{ score?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const number = parseTicketRef((await params).ref);
  return { title: number ? formatTicketNumber(number) : "Request" };
}

export default async function PortalTicketPage({ params, searchParams }: Props) {
  const actor = await getPortalActor();
  if (!actor) redirect("/portal/link?reason=signed-out");
  const number = parseTicketRef((await params).ref);
  if (!number) notFound();
  let ticket: PortalTicketView;
  try {
    ticket = await getPortalTicket(getDb(), { actor, number });
  } catch (error) {
    // Someone else's ticket is answered exactly like a missing one.
    if (isDomainError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  // A rating link (`…/rate?score=5`) preselects the score; nothing is saved until it is sent.
  const score = Number((await searchParams)?.score);
  const initialScore = Number.isInteger(score) && score >= 1 && score <= 5 ? score : undefined;
  return (
    <PortalShell branding={ticket.branding} actions={<SignOutEverywhereButton />}>
      <PortalTicket ticket={ticket} initialScore={initialScore} />
    </PortalShell>
  );
}

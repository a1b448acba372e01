/**
 * New email to a customer: the agent writes first; the message opens an email ticket and goes out
 * with the ticket's threading headers, so the customer's answer comes back to that ticket.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { ComposeEmailForm } from "@/components/tickets/compose-email-form";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { listSendingMailboxes } from "@/lib/tickets/compose-email";

export const metadata: Metadata = { title: "New email" };

export default async function ComposeEmailPage() {
  const actor = await requirePagePermission("tickets.work", "/tickets/compose");
  const mailboxes = await listSendingMailboxes(getDb(), { actor });
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-xl font-semibold">New email</h1>
      <p className="text-sm text-muted-foreground">
        Write to a customer first. This opens an email ticket assigned to you; your message is its
        first public reply, and the customer&apos;s answer lands on the same ticket. To record a
        request the customer made another way, use{" "}
        <Link href="/tickets/new" className="underline">
          New ticket
        </Link>
        .
      </p>
      <ComposeEmailForm mailboxes={mailboxes} />
    </div>
  );
}

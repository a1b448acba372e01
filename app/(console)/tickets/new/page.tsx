import type { Metadata } from "next";
import Link from "next/link";
import { NewTicketForm } from "@/components/tickets/new-ticket-form";
import { getDb } from "@/db";
import { listActiveCategories, listAssignableUsers, listTeams } from "@/lib/admin/lookups";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New ticket" };

export default async function NewTicketPage() {
  await requirePagePermission("tickets.work", "/tickets/new");
  const db = getDb();
  const [categories, users, teams] = await Promise.all([
    listActiveCategories(db),
    listAssignableUsers(db),
    listTeams(db),
  ]);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-xl font-semibold">New ticket</h1>
      <p className="text-sm text-muted-foreground">
        Open a ticket on behalf of a customer — for a phone call, a chat, or a request that reached
        you another way. The description is recorded as the customer&apos;s first message. To write
        to a customer first, send a{" "}
        <Link href="/tickets/compose" className="underline">
          new email
        </Link>{" "}
        instead.
      </p>
      <NewTicketForm options={{ categories, users, teams }} />
    </div>
  );
}

/**
 * Admin → Email log: every message that arrived at the inbound endpoint, newest first (keyset-paged),
 * with what became of it — the ticket and why, or the error. Failed and rejected ones can be retried.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { listInboundEmails } from "@/lib/mail/inbound/queries";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { RetryButton } from "./retry-button";
import { InboundStatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Email log" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

export default async function EmailLogPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const actor = await requirePagePermission("admin.access", "/admin/email-log");
  const { cursor } = await searchParams;
  const page = await listInboundEmails(getDb(), {
    actor,
    cursor: typeof cursor === "string" ? cursor : null,
  });

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm text-muted-foreground">
          <Link href="/admin" className="hover:underline">
            Admin
          </Link>{" "}
          / Email log
        </p>
        <h1 className="text-xl font-semibold">Email log</h1>
        <p className="text-sm text-muted-foreground">
          Every email received — posted to{" "}
          <code className="font-mono text-xs">/api/inbound/email</code>, sent by the Resend webhook
          or fetched from a polled mailbox — kept byte for byte. See docs/inbound-email.md for the
          mail server setup.
        </p>
      </div>

      <Card>
        <CardContent>
          {page.rows.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {cursor ? "No older emails." : "No email has arrived yet."}
            </p>
          ) : (
            <Table aria-label="Inbound emails">
              <TableHeader>
                <TableRow>
                  <TableHead>Received</TableHead>
                  <TableHead>From</TableHead>
                  <TableHead>Subject</TableHead>
                  <TableHead>Mailbox</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Threading</TableHead>
                  <TableHead>Ticket</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.rows.map((row) => (
                  <TableRow key={row.id}>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      <Link href={`/admin/email-log/${row.id}`} className="hover:underline">
                        {dateFormat.format(row.receivedAt)}
                      </Link>
                    </TableCell>
                    <TableCell className="max-w-48 truncate">{row.fromAddress ?? "—"}</TableCell>
                    <TableCell className="max-w-72">
                      <Link
                        href={`/admin/email-log/${row.id}`}
                        className="block truncate font-medium hover:underline"
                      >
                        {row.subject || "(no subject)"}
                      </Link>
                      {row.error ? (
                        <span className="block text-xs break-words text-destructive">
                          {row.error}
                        </span>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      {row.mailboxAddress ?? "—"}
                    </TableCell>
                    <TableCell>
                      <InboundStatusBadge status={row.status} automatedKind={row.automatedKind} />
                    </TableCell>
                    <TableCell className="max-w-56 text-xs break-all text-muted-foreground">
                      {row.threadingReason ?? "—"}
                    </TableCell>
                    <TableCell>
                      {row.ticketNumber ? (
                        <Link
                          href={`/tickets/${formatTicketNumber(row.ticketNumber)}`}
                          className="underline-offset-4 hover:underline"
                        >
                          {formatTicketNumber(row.ticketNumber)}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    <TableCell className="text-right">
                      {row.status === "failed" || row.status === "rejected" ? (
                        <RetryButton id={row.id} />
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <nav aria-label="Pages" className="flex justify-between text-sm">
        {cursor ? (
          <Link href="/admin/email-log" className="underline underline-offset-4">
            Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link
            href={`/admin/email-log?cursor=${encodeURIComponent(page.nextCursor)}`}
            className="underline underline-offset-4"
          >
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

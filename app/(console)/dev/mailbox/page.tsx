/**
 * Dev mailbox: with no mail provider configured, every email the app "sends" is kept in the outbox
 * and listed here, newest first. Agents and admins only.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
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
import { requirePagePermission } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { formatAddress } from "@/lib/mail/headers";
import { listOutboundEmails } from "@/lib/mail/queries";
import { MailboxNotActive } from "./not-active";
import { OutboundStatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Dev mailbox" };

export default async function DevMailboxPage({
  searchParams,
}: {
  searchParams: Promise<{ before?: string }>;
}) {
  const actor = await requirePagePermission("tickets.view", "/dev/mailbox");
  const transport = getEnv().mail.transport;
  if (transport.kind !== "dev") return <MailboxNotActive transport={transport.kind} />;

  const before = Number((await searchParams).before);
  const { rows, nextBefore } = await listOutboundEmails(getDb(), {
    actor,
    before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
  });

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold">Dev mailbox</h1>
        <p className="text-sm text-muted-foreground">
          No mail provider is configured (RESEND_API_KEY or SMTP_URL), so outgoing mail is kept here
          instead of being sent.
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Outgoing mail</CardTitle>
        </CardHeader>
        <CardContent>
          {rows.length === 0 ? (
            <p className="text-sm text-muted-foreground">No mail yet.</p>
          ) : (
            <Table aria-label="Outgoing mail">
              <TableHeader>
                <TableRow>
                  <TableHead>To</TableHead>
                  <TableHead>Subject</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Time</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row) => (
                  <TableRow key={row.id}>
                    <TableCell className="max-w-64 truncate">
                      {row.to.map(formatAddress).join(", ")}
                    </TableCell>
                    <TableCell>
                      <Link
                        href={`/dev/mailbox/${row.id}`}
                        className="font-medium underline-offset-4 hover:underline"
                      >
                        {row.subject}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <OutboundStatusBadge status={row.status} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      <LocalTime iso={row.createdAt.toISOString()} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {nextBefore ? (
            <div className="mt-4 text-sm">
              <Link href={`/dev/mailbox?before=${nextBefore}`} className="underline">
                Older mail
              </Link>
            </div>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}

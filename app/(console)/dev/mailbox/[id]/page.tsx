/**
 * One email of the dev mailbox: its headers, the text part and the HTML part. The HTML is shown in a
 * sandboxed iframe (no scripts, no same-origin access), since it is mail, not part of the console.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { formatAddress } from "@/lib/mail/headers";
import { getOutboundEmail } from "@/lib/mail/queries";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { MailboxNotActive } from "../not-active";
import { OutboundStatusBadge } from "../status-badge";

export const metadata: Metadata = { title: "Dev mailbox" };

export default async function DevMailboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePagePermission("tickets.view", `/dev/mailbox/${id}`);
  const transport = getEnv().mail.transport;
  if (transport.kind !== "dev") return <MailboxNotActive transport={transport.kind} />;
  if (!/^[1-9]\d{0,14}$/.test(id)) notFound();
  const email = await getOutboundEmail(getDb(), { actor, id: Number(id) });
  if (!email) notFound();

  const headers: [string, string][] = [
    ["From", formatAddress(email.from)],
    ["To", email.to.map(formatAddress).join(", ")],
    ...(email.cc.length > 0
      ? [["Cc", email.cc.map(formatAddress).join(", ")] as [string, string]]
      : []),
    ...(email.replyTo ? [["Reply-To", email.replyTo] as [string, string]] : []),
    ["Subject", email.subject],
    ...Object.entries(email.headers),
  ];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm text-muted-foreground">
          <Link href="/dev/mailbox" className="hover:underline">
            Dev mailbox
          </Link>{" "}
          / #{email.id}
        </p>
        <h1 className="text-xl font-semibold">{email.subject}</h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          <OutboundStatusBadge status={email.status} />
          <span>
            {email.kind}, queued <LocalTime iso={email.createdAt.toISOString()} />
          </span>
          {email.ticketNumber !== null ? (
            <Link
              href={`/tickets/${formatTicketNumber(email.ticketNumber)}`}
              className="underline underline-offset-4"
            >
              {formatTicketNumber(email.ticketNumber)}
            </Link>
          ) : null}
          {email.attachmentIds.length > 0 ? (
            <span>
              {email.attachmentIds.length} attachment{email.attachmentIds.length === 1 ? "" : "s"}
            </span>
          ) : null}
          {email.lastError ? <span className="text-red-600">{email.lastError}</span> : null}
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Headers</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 font-mono text-xs">
            {headers.map(([name, value]) => (
              <div key={name} className="contents">
                <dt className="text-muted-foreground">{name}:</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      {email.htmlBody ? (
        <Card>
          <CardHeader>
            <CardTitle>HTML</CardTitle>
          </CardHeader>
          <CardContent>
            <iframe
              title="HTML part"
              sandbox=""
              srcDoc={email.htmlBody}
              className="h-96 w-full rounded-md border bg-white"
            />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Text</CardTitle>
        </CardHeader>
        <CardContent>
          <pre className="text-sm whitespace-pre-wrap">{email.textBody}</pre>
        </CardContent>
      </Card>
    </div>
  );
}

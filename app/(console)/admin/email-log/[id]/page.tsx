/** One inbound email: what became of it, its headers, and the raw source exactly as received. */
import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { formatBytes } from "@/lib/attachments/rules";
import { requirePagePermission } from "@/lib/auth/session";
import { getInboundEmail } from "@/lib/mail/inbound/queries";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { RetryButton } from "../retry-button";
import { InboundStatusBadge } from "../status-badge";

export const metadata: Metadata = { title: "Email" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });
/** Enough of a huge mail to read; the download has all of it. */
const MAX_SHOWN_BYTES = 512 * 1024;

export default async function InboundEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePagePermission("admin.access", `/admin/email-log/${id}`);
  const numericId = Number(id);
  if (!Number.isSafeInteger(numericId) || numericId <= 0) notFound();
  const email = await getInboundEmail(getDb(), { actor, id: numericId });
  if (!email) notFound();

  // Bytes as latin1: every byte shows as one character, nothing is dropped or re-encoded.
  const source = Buffer.from(email.raw.subarray(0, MAX_SHOWN_BYTES)).toString("latin1");
  const split = source.search(/\r?\n\r?\n/);
  const headers = split >= 0 ? source.slice(0, split) : source;
  const facts: [string, ReactNode][] = [
    ["Received", dateFormat.format(email.receivedAt)],
    ["From", email.fromAddress ?? "—"],
    ["Envelope recipient", email.envelopeTo ?? "—"],
    ["Mailbox", email.mailboxAddress ?? "—"],
    [
      "Status",
      <InboundStatusBadge key="s" status={email.status} automatedKind={email.automatedKind} />,
    ],
    ["Threading", email.threadingReason ?? "—"],
    [
      "Ticket",
      email.ticketNumber ? (
        <Link
          key="t"
          href={`/tickets/${formatTicketNumber(email.ticketNumber)}`}
          className="underline"
        >
          {formatTicketNumber(email.ticketNumber)}
        </Link>
      ) : (
        "—"
      ),
    ],
    ["Attempts", String(email.attempts)],
    ["Size", formatBytes(email.sizeBytes)],
  ];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm text-muted-foreground">
          <Link href="/admin" className="hover:underline">
            Admin
          </Link>{" "}
          /{" "}
          <Link href="/admin/email-log" className="hover:underline">
            Email log
          </Link>{" "}
          / {email.id}
        </p>
        <div className="flex items-start justify-between gap-4">
          <h1 className="text-xl font-semibold break-words">{email.subject || "(no subject)"}</h1>
          {email.status === "failed" || email.status === "rejected" ? (
            <RetryButton id={email.id} />
          ) : null}
        </div>
        {email.error ? <p className="text-sm text-destructive">{email.error}</p> : null}
      </div>

      <Card>
        <CardContent>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-muted-foreground">{label}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Headers</CardTitle>
        </CardHeader>
        <CardContent>
          <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all">
            {headers}
          </pre>
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="flex flex-row items-center justify-between">
          <CardTitle>Raw source</CardTitle>
          <a
            href={`/admin/email-log/${email.id}/raw`}
            className="text-sm underline underline-offset-4"
            download
          >
            Download .eml
          </a>
        </CardHeader>
        <CardContent>
          {email.raw.byteLength > MAX_SHOWN_BYTES ? (
            <p className="mb-2 text-xs text-muted-foreground">
              Showing the first {formatBytes(MAX_SHOWN_BYTES)}; download the file for all of it.
            </p>
          ) : null}
          <pre className="max-h-[40rem] overflow-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre-wrap break-all">
            {source}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}

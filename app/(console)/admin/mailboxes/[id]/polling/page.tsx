/**
 * Admin → Mailboxes → a mailbox → Polling: the IMAP settings of a polled mailbox, a connection test,
 * how polling is going, and re-enabling it after five failures in a row switched it off.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { getDb } from "@/db";
import { getMailboxPolling } from "@/lib/admin/mailbox-polling";
import { requirePagePermission } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { MAX_POLL_FAILURES } from "@/lib/mail/inbound/imap";
import { PollingForm } from "./polling-form";
import { ReenableButton } from "./reenable-button";

export const metadata: Metadata = { title: "Mailbox polling · Admin" };

type Props = { params: Promise<{ id: string }> };

export default async function MailboxPollingPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("admin.access", `/admin/mailboxes/${id}/polling`);
  const mailboxId = /^\d{1,15}$/.test(id) ? Number(id) : null;
  if (!mailboxId) notFound();
  const view = await getMailboxPolling(getDb(), { actor, mailboxId });
  if (!view) notFound();
  const { mailbox, settings, status } = view;
  const canStorePasswords = getEnv().mailboxSecretKey !== undefined;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm text-muted-foreground">
          <Link href="/admin/mailboxes" className="hover:underline">
            Mailboxes
          </Link>{" "}
          /{" "}
          <Link href={`/admin/mailboxes/${mailbox.id}`} className="hover:underline">
            {mailbox.name}
          </Link>{" "}
          / Polling
        </p>
        <AdminPageHeader title="Mailbox polling (IMAP)">
          Every minute the helpdesk logs in to this mailbox, stores each message it finds for{" "}
          {mailbox.address}, and then deletes it from the server (or moves it to a folder).
        </AdminPageHeader>
      </div>

      {canStorePasswords ? null : (
        <Alert>
          MAILBOX_SECRET_KEY is not set, so IMAP passwords cannot be stored or read and polling
          cannot be configured. Set it to 32 random bytes (<code>openssl rand -hex 32</code>) and
          restart the app.
        </Alert>
      )}

      <Card>
        <CardHeader className="flex-row items-center justify-between gap-2">
          <CardTitle>Status</CardTitle>
          {status.disabledAt ? <ReenableButton mailboxId={mailbox.id} /> : null}
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-muted-foreground">State</dt>
            <dd aria-label="Polling state">
              {status.disabledAt ? (
                <Badge className="border-destructive text-destructive">
                  Disabled after {MAX_POLL_FAILURES} failures
                </Badge>
              ) : !settings.pollingEnabled || !settings.host ? (
                <Badge className="text-muted-foreground">Off</Badge>
              ) : status.failures > 0 ? (
                <Badge className="border-amber-500 text-amber-700 dark:text-amber-300">
                  Failing
                </Badge>
              ) : (
                <Badge>Polling</Badge>
              )}
            </dd>
            {status.disabledAt ? (
              <>
                <dt className="text-muted-foreground">Disabled</dt>
                <dd>
                  <LocalTime iso={status.disabledAt.toISOString()} />
                </dd>
              </>
            ) : null}
            <dt className="text-muted-foreground">Last polled</dt>
            <dd>
              {status.lastPolledAt ? (
                <LocalTime iso={status.lastPolledAt.toISOString()} />
              ) : (
                "Never"
              )}
            </dd>
            <dt className="text-muted-foreground">Failures in a row</dt>
            <dd>
              {status.failures} of {MAX_POLL_FAILURES}
            </dd>
            <dt className="text-muted-foreground">Last error</dt>
            <dd className={status.lastPollError ? "break-words text-destructive" : undefined}>
              {status.lastPollError ?? "None"}
            </dd>
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
        </CardHeader>
        <CardContent>
          <PollingForm mailboxId={mailbox.id} settings={settings} />
        </CardContent>
      </Card>
    </div>
  );
}

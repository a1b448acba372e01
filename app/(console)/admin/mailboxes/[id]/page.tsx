import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listActiveCategories, listAssignableUsers, listTeams } from "@/lib/admin/lookups";
import { getMailboxForAdmin } from "@/lib/admin/mailboxes";
import { requirePagePermission } from "@/lib/auth/session";
import { MailboxForm } from "../mailbox-form";
import { PollingStatus } from "../polling-status";
import { DeleteMailboxButton } from "./delete-mailbox-button";

export const metadata: Metadata = { title: "Mailbox · Admin" };

type Props = { params: Promise<{ id: string }> };

export default async function EditMailboxPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("admin.access", `/admin/mailboxes/${id}`);
  const mailboxId = /^\d{1,15}$/.test(id) ? Number(id) : null;
  if (!mailboxId) notFound();
  const db = getDb();
  const [mailbox, teams, categories, assignees] = await Promise.all([
    getMailboxForAdmin(db, { actor, mailboxId }),
    listTeams(db),
    listActiveCategories(db),
    listAssignableUsers(db),
  ]);
  if (!mailbox) notFound();
  const { defaultCategoryInactive, defaultAssigneeInactive, polling, inboundCount, ...values } =
    mailbox;
  // A default category switched off later still shows (and may stay) on its mailbox.
  if (defaultCategoryInactive) {
    categories.push({
      id: defaultCategoryInactive.id,
      slug: "",
      name: `${defaultCategoryInactive.name} (inactive)`,
    });
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <AdminPageHeader title={mailbox.name}>
          {mailbox.address}
          {mailbox.isDefault ? <Badge className="ml-2">Default</Badge> : null}
        </AdminPageHeader>
        {mailbox.isDefault ? null : (
          <DeleteMailboxButton mailboxId={mailbox.id} name={mailbox.name} />
        )}
      </div>
      <Card>
        <CardContent>
          <MailboxForm
            mailbox={values}
            options={{
              teams,
              categories,
              // A default assignee deactivated since still shows (and may stay); routing skips them.
              assignees: defaultAssigneeInactive
                ? [
                    ...assignees,
                    {
                      ...defaultAssigneeInactive,
                      name: `${defaultAssigneeInactive.name} (deactivated)`,
                    },
                  ]
                : assignees,
            }}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="flex-row items-center justify-between gap-2">
          <CardTitle>Mailbox polling (IMAP)</CardTitle>
          <Link
            href={`/admin/mailboxes/${mailbox.id}/polling`}
            className="text-sm text-primary underline-offset-4 hover:underline"
          >
            Mailbox polling (IMAP)
          </Link>
        </CardHeader>
        <CardContent className="flex items-center gap-2 text-sm">
          <PollingStatus status={polling} />
          <span className="text-muted-foreground">
            {inboundCount} message{inboundCount === 1 ? "" : "s"} received —{" "}
            <Link href="/admin/email-log" className="underline-offset-4 hover:underline">
              Email log
            </Link>
          </span>
        </CardContent>
      </Card>
    </div>
  );
}

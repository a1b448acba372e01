import type { Metadata } from "next";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { getDb } from "@/db";
import { listActiveCategories, listAssignableUsers, listTeams } from "@/lib/admin/lookups";
import { requirePagePermission } from "@/lib/auth/session";
import { MailboxForm } from "../mailbox-form";

export const metadata: Metadata = { title: "New mailbox · Admin" };

export default async function NewMailboxPage() {
  await requirePagePermission("admin.access", "/admin/mailboxes/new");
  const db = getDb();
  const [teams, categories, assignees] = await Promise.all([
    listTeams(db),
    listActiveCategories(db),
    listAssignableUsers(db),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="New mailbox">
        A support address the helpdesk receives mail at, with the defaults of the tickets it opens.
      </AdminPageHeader>
      <Card>
        <CardContent>
          <MailboxForm
            options={{ teams, categories, assignees }}
            mailbox={{
              name: "",
              address: "",
              isDefault: false,
              defaultTeamId: null,
              defaultCategoryId: null,
              defaultAssigneeId: null,
              defaultPriority: "medium",
              acknowledgementEnabled: true,
              acknowledgementMessage: "",
              acceptUnknownSenders: true,
              addRecipientsAsSubscribers: false,
              slug: "",
              webFormEnabled: true,
              webFormCategoryChoice: true,
              brandColor: null,
              brandLogoUrl: null,
            }}
          />
        </CardContent>
      </Card>
    </div>
  );
}

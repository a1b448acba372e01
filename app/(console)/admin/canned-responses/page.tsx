import type { Metadata } from "next";
import { AdminPageHeader } from "@/components/admin/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { listSharedCannedResponsesForAdmin } from "@/lib/admin/queries";
import { requirePagePermission } from "@/lib/auth/session";
import { CannedResponseForm, CannedResponseList } from "./canned-responses";

export const metadata: Metadata = { title: "Canned responses · Admin" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default async function CannedResponsesPage() {
  const actor = await requirePagePermission("admin.access", "/admin/canned-responses");
  const responses = (await listSharedCannedResponsesForAdmin(getDb(), actor)).map((response) => ({
    ...response,
    updatedLabel: dateFormat.format(response.updatedAt),
  }));

  return (
    <div className="flex flex-col gap-6">
      <AdminPageHeader title="Canned responses">
        Shared replies every agent can insert into a ticket. Agents keep their personal ones
        themselves; only shared responses are managed here.
      </AdminPageHeader>
      <Card>
        <CardHeader>
          <CardTitle>New shared response</CardTitle>
        </CardHeader>
        <CardContent>
          <CannedResponseForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Shared responses ({responses.length})</CardTitle>
        </CardHeader>
        <CardContent>
          {responses.length === 0 ? (
            <p className="text-sm text-muted-foreground">No shared responses yet.</p>
          ) : (
            <CannedResponseList responses={responses} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}

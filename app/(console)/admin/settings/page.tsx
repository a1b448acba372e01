import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { getSetting } from "@/lib/settings";
import { MailLimitsForm } from "./mail-limits-form";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function WorkspaceSettingsPage() {
  await requirePagePermission("admin.access", "/admin/settings");
  const db = getDb();
  const [
    composerDefaultKind,
    allowedTypes,
    deletedRetentionDays,
    loopMessagesPerHour,
    acknowledgementsPerDay,
  ] = await Promise.all([
    getSetting(db, "composer.defaultKind"),
    getSetting(db, "attachments.allowedTypes"),
    getSetting(db, "tickets.deletedRetentionDays"),
    getSetting(db, "mail.loopMessagesPerHour"),
    getSetting(db, "mail.acknowledgementsPerDay"),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Settings</h1>
      <Card>
        <CardHeader>
          <CardTitle>Workspace</CardTitle>
        </CardHeader>
        <CardContent>
          <SettingsForm
            composerDefaultKind={composerDefaultKind}
            allowedTypes={allowedTypes}
            deletedRetentionDays={deletedRetentionDays}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Incoming email</CardTitle>
        </CardHeader>
        <CardContent>
          <MailLimitsForm
            loopMessagesPerHour={loopMessagesPerHour}
            acknowledgementsPerDay={acknowledgementsPerDay}
          />
        </CardContent>
      </Card>
    </div>
  );
}

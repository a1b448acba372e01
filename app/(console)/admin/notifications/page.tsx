import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { requirePagePermission } from "@/lib/auth/session";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { NotificationSettingsForm } from "./notification-settings-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationSettingsPage() {
  await requirePagePermission("admin.access", "/admin/notifications");
  const settings = await getNotificationSettings(getDb());
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Notifications</h1>
      <p className="text-sm text-muted-foreground">
        Who hears of what by email. Agents also see every notification under the bell. The words of
        each email are edited under{" "}
        <Link
          href="/admin/email-templates"
          className="text-primary underline-offset-4 hover:underline"
        >
          Email templates
        </Link>
        .
      </p>
      <Card>
        <CardHeader>
          <CardTitle>Email notifications</CardTitle>
        </CardHeader>
        <CardContent>
          <NotificationSettingsForm settings={settings} />
        </CardContent>
      </Card>
    </div>
  );
}

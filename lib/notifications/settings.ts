/**
 * The notification switches as one plain object, read in one query inside the transaction that
 * decides who hears of a change. Each switch is its own workspace setting (lib/settings.ts,
 * `notifications.*`), edited on /admin/notifications.
 */
import "server-only";
import { inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { workspaceSettings } from "@/db/schema";
import { settingSchemas, updateSetting, type SettingKey } from "@/lib/settings";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";

export const notificationSwitchKeys = {
  emailEnabled: "notifications.emailEnabled",
  ticketClosed: "notifications.ticketClosed",
  acknowledgement: "notifications.acknowledgement",
  newTicketAdmins: "notifications.newTicketAdmins",
  newTicketTeam: "notifications.newTicketTeam",
  customerReplyTeam: "notifications.customerReplyTeam",
  ticketTaken: "notifications.ticketTaken",
  assigned: "notifications.assigned",
  mentions: "notifications.mentions",
  includeAttachments: "notifications.includeAttachments",
  autologinLinks: "notifications.autologinLinks",
  ccSubscribers: "notifications.ccSubscribers",
  subscribersAgentOnly: "notifications.subscribersAgentOnly",
} as const satisfies Record<string, SettingKey>;

export type NotificationSwitch = keyof typeof notificationSwitchKeys;
export type NotificationSettings = Record<NotificationSwitch, boolean>;

export async function getNotificationSettings(db: Database): Promise<NotificationSettings> {
  const keys = Object.values(notificationSwitchKeys);
  const rows = await db
    .select({ key: workspaceSettings.key, value: workspaceSettings.value })
    .from(workspaceSettings)
    .where(inArray(workspaceSettings.key, keys));
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const settings = {} as NotificationSettings;
  for (const [name, key] of Object.entries(notificationSwitchKeys) as [
    NotificationSwitch,
    SettingKey,
  ][]) {
    const schema = settingSchemas[key];
    const parsed = schema.safeParse(stored.get(key));
    settings[name] = (parsed.success ? parsed.data : schema.parse(undefined)) as boolean;
  }
  return settings;
}

/** Saves the switches given (admin only); the others keep their value. */
export async function updateNotificationSettings(
  db: Database,
  input: { actor: Actor; values: Partial<NotificationSettings> },
): Promise<NotificationSettings> {
  assertUserCan(input.actor, "admin.access");
  await db.transaction(async (tx) => {
    for (const [name, value] of Object.entries(input.values) as [NotificationSwitch, boolean][]) {
      if (value === undefined) continue;
      await updateSetting(tx, { actor: input.actor, key: notificationSwitchKeys[name], value });
    }
  });
  return getNotificationSettings(db);
}

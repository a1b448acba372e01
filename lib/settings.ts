/**
 * Workspace settings: every key has a zod schema and a default, so reading never fails and writing
 * only accepts valid values. Adapters read them and pass plain values into domain functions.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { workspaceSettings } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export const settingSchemas = {
  /** What the composer selects first: an internal note (safe) or a public reply. */
  "composer.defaultKind": z.enum(["note", "reply"]).default("note"),
  /** MIME types (or `type/*` families) accepted as attachments. */
  "attachments.allowedTypes": z
    .array(z.string().regex(/^[a-z0-9.+-]+\/(\*|[a-z0-9.+-]+)$/i))
    .default([
      "image/*",
      "application/pdf",
      "text/plain",
      "text/csv",
      "application/zip",
      "application/json",
      "message/rfc822",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.ms-powerpoint",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ]),
  /**
   * Mail to requesters carries a signed link that opens the portal signed in (on), or only the
   * address of the page where they ask for such a link by email (off).
   */
  "notifications.autologinLinks": z.boolean().default(true),
  // Notification switches (admin → Notifications; docs/email.md). One key each, like the one above.
  /** Master switch: off, the helpdesk emails nobody automatically (replies agents write still go). */
  "notifications.emailEnabled": z.boolean().default(true),
  /** The requester gets the "ticket closed" email (with rating links). */
  "notifications.ticketClosed": z.boolean().default(true),
  /** New tickets by email get an acknowledgement (the mailbox's message). */
  "notifications.acknowledgement": z.boolean().default(true),
  /** Every admin hears of every new ticket. */
  "notifications.newTicketAdmins": z.boolean().default(false),
  /** The agents of a ticket's team hear of it when it is created in or moved into the team. */
  "notifications.newTicketTeam": z.boolean().default(true),
  /** The whole team (not only the assignee) hears when the customer writes. */
  "notifications.customerReplyTeam": z.boolean().default(false),
  /** The team hears when one of them takes (claims) a ticket. */
  "notifications.ticketTaken": z.boolean().default(false),
  /** An agent hears when a ticket is assigned to them. */
  "notifications.assigned": z.boolean().default(true),
  /** An agent hears when @mentioned in a note. */
  "notifications.mentions": z.boolean().default(true),
  /** Public replies carry their attachments (off: files stay in the helpdesk, HIPAA-style). */
  "notifications.includeAttachments": z.boolean().default(true),
  /** One email with every subscriber in Cc (on) or one email each, with personal links (off). */
  "notifications.ccSubscribers": z.boolean().default(true),
  /** Subscribers get only what agents write (on), or also what the requester and others write. */
  "notifications.subscribersAgentOnly": z.boolean().default(true),
  /**
   * The loop stop: more than this many messages from one sender on one ticket within an hour are
   * kept as notes that reopen, notify and send nothing (admin → Settings; docs/inbound-email.md).
   */
  "mail.loopMessagesPerHour": z.number().int().min(2).max(1000).default(10),
  /**
   * The most acknowledgements one address gets in 24 hours: past it new tickets are still opened but
   * not acknowledged, which also ends loops with robots that open a ticket for every mail they get.
   */
  "mail.acknowledgementsPerDay": z.number().int().min(1).max(100).default(3),
  /** Days a deleted ticket stays restorable before the timer sweep purges it for good. */
  "tickets.deletedRetentionDays": z.number().int().min(1).max(3650).default(30),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingSchemas)[K]>;

export async function getSetting<K extends SettingKey>(
  db: Database,
  key: K,
): Promise<SettingValue<K>> {
  const [row] = await db
    .select({ value: workspaceSettings.value })
    .from(workspaceSettings)
    .where(eq(workspaceSettings.key, key));
  return settingValue(key, row?.value);
}

/** A stored value (or none) as the setting's value: one that no longer validates is the default. */
export function settingValue<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const schema = settingSchemas[key];
  const parsed = schema.safeParse(stored);
  return (parsed.success ? parsed.data : schema.parse(undefined)) as SettingValue<K>;
}

/**
 * A setting's stored JSON as a column of another statement, for hot paths that need one setting
 * beside their own read without a statement of its own; `settingValue` turns it into the value.
 */
export function storedSetting(key: SettingKey) {
  return sql<unknown>`(select ${workspaceSettings.value} from ${workspaceSettings} where ${workspaceSettings.key} = ${key})`;
}

export async function updateSetting<K extends SettingKey>(
  db: Database,
  input: { actor: Actor; key: K; value: unknown },
): Promise<SettingValue<K>> {
  const actor = assertUserCan(input.actor, "admin.access");
  const parsed = settingSchemas[input.key].safeParse(input.value);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      `${input.key}: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  await db
    .insert(workspaceSettings)
    .values({ key: input.key, value: parsed.data, updatedByUserId: actor.id })
    .onConflictDoUpdate({
      target: workspaceSettings.key,
      set: { value: parsed.data, updatedByUserId: actor.id, updatedAt: new Date() },
    });
  return parsed.data as SettingValue<K>;
}

/** Does `type` match one of the allowed entries (exact, or a `family/*` wildcard)? */
export function isAllowedType(allowed: readonly string[], type: string): boolean {
  const normalized = type.toLowerCase().split(";")[0]!.trim();
  return allowed.some((entry) => {
    const e = entry.toLowerCase();
    return e.endsWith("/*") ? normalized.startsWith(e.slice(0, -1)) : normalized === e;
  });
}

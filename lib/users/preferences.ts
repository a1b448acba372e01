/**
 * Per-agent console preferences, stored in `users.preferences` (jsonb): today the inbox's visible
 * columns. Reading is lenient (a value written by an older version, or a column that no longer
 * exists, is dropped rather than breaking the inbox); writing is strict and merges one key at a time
 * so preferences saved from two tabs do not overwrite each other.
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { parseInput } from "@/lib/admin/input";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { inboxColumnIds, requiredInboxColumns } from "@/lib/tickets/inbox-columns";

export const userPreferencesSchema = z.object({
  inboxColumns: z
    .array(z.enum(inboxColumnIds, { error: "Unknown column." }))
    .max(inboxColumnIds.length)
    .refine((ids) => new Set(ids).size === ids.length, "Each column can be listed once.")
    .refine(
      (ids) => requiredInboxColumns.every((id) => ids.includes(id)),
      "The subject column cannot be hidden.",
    )
    .optional(),
});
export type UserPreferences = z.infer<typeof userPreferencesSchema>;

/** Reads one user's preferences, keeping each key only if it is still valid. */
export async function getUserPreferences(db: Database, userId: number): Promise<UserPreferences> {
  const [row] = await db
    .select({ preferences: users.preferences })
    .from(users)
    .where(eq(users.id, userId));
  const stored = row?.preferences ?? {};
  const out: UserPreferences = {};
  const columns = userPreferencesSchema.shape.inboxColumns.safeParse(stored.inboxColumns);
  if (columns.success && columns.data) out.inboxColumns = columns.data;
  return out;
}

/** Merges `patch` into the actor's own preferences; returns the result. */
export async function updateUserPreferences(
  db: Database,
  input: { actor: Actor; patch: unknown },
): Promise<UserPreferences> {
  const actor = assertUserCan(input.actor, "console.access");
  const patch = parseInput(userPreferencesSchema, input.patch);
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const updated = await db
    .update(users)
    .set({ preferences: sql`${users.preferences} || ${JSON.stringify(defined)}::jsonb` })
    .where(eq(users.id, actor.id))
    .returning({ id: users.id });
  if (updated.length === 0) throw new DomainError("NOT_FOUND", "Your account was not found.");
  return getUserPreferences(db, actor.id);
}

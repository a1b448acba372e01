/** Tag names on tickets: normalised, created on first use, replaced as a set. */
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { tags, ticketTags } from "@/db/schema";

export const tagNameSchema = z
  .string()
  .trim()
  .min(1, { error: "A tag cannot be empty." })
  .max(50, { error: "Tags are at most 50 characters." })
  .refine((s) => !s.includes(","), { error: "Tags cannot contain commas." })
  .transform((s) => s.toLowerCase().replace(/\s+/g, "-"));

export function normaliseTagNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => tagNameSchema.parse(n)))].sort();
}

/** Ids of the named tags, creating the ones that do not exist yet (race-safe). */
export async function ensureTags(
  tx: Database,
  names: readonly string[],
): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  await tx
    .insert(tags)
    .values(names.map((name) => ({ name })))
    .onConflictDoNothing();
  const rows = await tx
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(
      inArray(
        sql`lower(${tags.name})`,
        names.map((n) => n.toLowerCase()),
      ),
    );
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

export async function getTicketTagNames(tx: Database, ticketId: number): Promise<string[]> {
  const rows = await tx
    .select({ name: tags.name })
    .from(ticketTags)
    .innerJoin(tags, eq(tags.id, ticketTags.tagId))
    .where(eq(ticketTags.ticketId, ticketId));
  return rows.map((r) => r.name.toLowerCase()).sort();
}

/** Replaces the ticket's tags; returns what was added and removed. */
export async function setTicketTags(
  tx: Database,
  ticketId: number,
  names: readonly string[],
): Promise<{ added: string[]; removed: string[] }> {
  const current = await getTicketTagNames(tx, ticketId);
  const added = names.filter((n) => !current.includes(n));
  const removed = current.filter((n) => !names.includes(n));
  if (removed.length > 0) {
    const removedIds = [...(await ensureTags(tx, removed)).values()];
    await tx
      .delete(ticketTags)
      .where(and(eq(ticketTags.ticketId, ticketId), inArray(ticketTags.tagId, removedIds)));
  }
  if (added.length > 0) {
    const ids = await ensureTags(tx, added);
    await tx
      .insert(ticketTags)
      .values(added.map((n) => ({ ticketId, tagId: ids.get(n)! })))
      .onConflictDoNothing();
  }
  return { added, removed };
}

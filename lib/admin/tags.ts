/**
 * Tags as admins manage them: created ahead of use, renamed (unique regardless of case) and
 * deleted, which takes the tag off every ticket that carried it. Names are normalised exactly as
 * when agents tag a ticket (lib/tickets/tags.ts), so both paths agree on what a tag is called.
 */
import "server-only";
import { count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { tags, ticketTags, type Tag } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { tagNameSchema } from "@/lib/tickets/tags";
import { idSchema, mapUniqueViolation, parseInput } from "./input";

const nameSchema = z.string({ error: "Enter a name." }).pipe(tagNameSchema);

export const createTagSchema = z.object({ name: nameSchema });
export const renameTagSchema = z.object({ tagId: idSchema, name: nameSchema });
export const deleteTagSchema = z.object({ tagId: idSchema });

export type CreateTagInput = z.input<typeof createTagSchema>;
export type RenameTagInput = z.input<typeof renameTagSchema>;
export type DeleteTagInput = z.input<typeof deleteTagSchema>;

const conflictMessage = (name: string) => `A tag named “${name}” already exists.`;

export async function createTag(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateTagInput,
): Promise<Tag> {
  assertUserCan(actor, "admin.access");
  const { name } = parseInput(createTagSchema, input);
  return mapUniqueViolation(
    async () => {
      const [tag] = await db.insert(tags).values({ name }).returning();
      if (!tag) throw new Error("insert returned no row");
      return tag;
    },
    conflictMessage(name),
    "name",
  );
}

/** Renames a tag everywhere it is used (tickets point at the tag, not at its name). */
export async function renameTag(
  db: Database,
  { actor, ...input }: { actor: Actor } & RenameTagInput,
): Promise<Tag> {
  assertUserCan(actor, "admin.access");
  const { tagId, name } = parseInput(renameTagSchema, input);
  return mapUniqueViolation(
    async () => {
      const [tag] = await db.update(tags).set({ name }).where(eq(tags.id, tagId)).returning();
      if (!tag) throw new DomainError("NOT_FOUND", "Tag not found.");
      return tag;
    },
    conflictMessage(name),
    "name",
  );
}

/** Deletes a tag and removes it from every ticket; answers how many tickets lost it. */
export async function deleteTag(
  db: Database,
  { actor, ...input }: { actor: Actor } & DeleteTagInput,
): Promise<{ ticketsUntagged: number }> {
  assertUserCan(actor, "admin.access");
  const { tagId } = parseInput(deleteTagSchema, input);
  return db.transaction(async (tx) => {
    const [tag] = await tx
      .select({ id: tags.id })
      .from(tags)
      .where(eq(tags.id, tagId))
      .for("update");
    if (!tag) throw new DomainError("NOT_FOUND", "Tag not found.");
    const [usage] = await tx
      .select({ n: count() })
      .from(ticketTags)
      .where(eq(ticketTags.tagId, tagId));
    // ticket_tags rows go with the tag (on delete cascade); deleting them first keeps that explicit.
    await tx.delete(ticketTags).where(eq(ticketTags.tagId, tagId));
    await tx.delete(tags).where(eq(tags.id, tagId));
    return { ticketsUntagged: usage?.n ?? 0 };
  });
}

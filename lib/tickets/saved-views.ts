/**
 * An agent's personal saved views of the inbox: a name for a token query and a sort, listed in the
 * inbox's left rail in the agent's own order. Each agent sees and changes only their own views; a
 * view of someone else's answers NOT_FOUND, as if it did not exist.
 */
import "server-only";
import { and, asc, eq, max, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { savedViews, type SavedView } from "@/db/schema";
import { idSchema, mapUniqueViolation, parseInput } from "@/lib/admin/input";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { MAX_QUERY_LENGTH } from "./search/parse";
import { ticketSorts } from "./search/query";

export const MAX_SAVED_VIEWS = 50;

const nameSchema = z
  .string({ error: "Give the view a name." })
  .trim()
  .min(1, "Give the view a name.")
  .max(60, "Keep the name under 60 characters.");

export const createSavedViewSchema = z.object({
  name: nameSchema,
  query: z
    .string()
    .trim()
    .max(MAX_QUERY_LENGTH, `The search is too long (at most ${MAX_QUERY_LENGTH} characters).`),
  sort: z.enum(ticketSorts, { error: "Unknown sort order." }).default("-updated"),
});
export const renameSavedViewSchema = z.object({ viewId: idSchema, name: nameSchema });
export const deleteSavedViewSchema = z.object({ viewId: idSchema });
export const reorderSavedViewsSchema = z.object({
  viewIds: z.array(idSchema).max(MAX_SAVED_VIEWS),
});

export type SavedViewSummary = Pick<SavedView, "id" | "name" | "query" | "sort" | "position">;

const summary = {
  id: savedViews.id,
  name: savedViews.name,
  query: savedViews.query,
  sort: savedViews.sort,
  position: savedViews.position,
};

const duplicateName = (name: string) => `You already have a view named "${name}".`;

export async function listSavedViews(db: Database, actor: Actor): Promise<SavedViewSummary[]> {
  const user = assertUserCan(actor, "tickets.view");
  return db
    .select(summary)
    .from(savedViews)
    .where(eq(savedViews.userId, user.id))
    .orderBy(asc(savedViews.position), asc(savedViews.id));
}

export async function createSavedView(
  db: Database,
  input: { actor: Actor } & z.input<typeof createSavedViewSchema>,
): Promise<SavedViewSummary> {
  const user = assertUserCan(input.actor, "tickets.view");
  const { name, query, sort } = parseInput(createSavedViewSchema, input);
  return db.transaction(async (tx) => {
    // Serialise one agent's concurrent saves so positions and the cap stay right.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('saved_views'), ${user.id}::int)`);
    const [stats] = await tx
      .select({ count: sql<number>`count(*)::int`, last: max(savedViews.position) })
      .from(savedViews)
      .where(eq(savedViews.userId, user.id));
    if (Number(stats?.count ?? 0) >= MAX_SAVED_VIEWS) {
      throw new DomainError(
        "INVALID",
        `You can keep at most ${MAX_SAVED_VIEWS} saved views; delete one first.`,
      );
    }
    const position = stats?.last === null || stats?.last === undefined ? 0 : stats.last + 1;
    const [view] = await mapUniqueViolation(
      () =>
        tx
          .insert(savedViews)
          .values({ userId: user.id, name, query, sort, position })
          .returning(summary),
      duplicateName(name),
      "name",
    );
    return view!;
  });
}

export async function renameSavedView(
  db: Database,
  input: { actor: Actor } & z.input<typeof renameSavedViewSchema>,
): Promise<SavedViewSummary> {
  const user = assertUserCan(input.actor, "tickets.view");
  const { viewId, name } = parseInput(renameSavedViewSchema, input);
  const [view] = await mapUniqueViolation(
    () =>
      db
        .update(savedViews)
        .set({ name, updatedAt: new Date() })
        .where(and(eq(savedViews.id, viewId), eq(savedViews.userId, user.id)))
        .returning(summary),
    duplicateName(name),
    "name",
  );
  if (!view) throw new DomainError("NOT_FOUND", "That saved view no longer exists.");
  return view;
}

export async function deleteSavedView(
  db: Database,
  input: { actor: Actor } & z.input<typeof deleteSavedViewSchema>,
): Promise<void> {
  const user = assertUserCan(input.actor, "tickets.view");
  const { viewId } = parseInput(deleteSavedViewSchema, input);
  const deleted = await db
    .delete(savedViews)
    .where(and(eq(savedViews.id, viewId), eq(savedViews.userId, user.id)))
    .returning({ id: savedViews.id });
  if (deleted.length === 0) throw new DomainError("NOT_FOUND", "That saved view no longer exists.");
}

/** Puts the actor's views in the given order; the list must name each of their views once. */
export async function reorderSavedViews(
  db: Database,
  input: { actor: Actor } & z.input<typeof reorderSavedViewsSchema>,
): Promise<SavedViewSummary[]> {
  const user = assertUserCan(input.actor, "tickets.view");
  const { viewIds } = parseInput(reorderSavedViewsSchema, input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('saved_views'), ${user.id}::int)`);
    const current = await tx
      .select({ id: savedViews.id })
      .from(savedViews)
      .where(eq(savedViews.userId, user.id));
    const owned = new Set(current.map((v) => v.id));
    if (
      viewIds.length !== owned.size ||
      new Set(viewIds).size !== viewIds.length ||
      !viewIds.every((id) => owned.has(id))
    ) {
      throw new DomainError(
        "CONFLICT",
        "Your saved views changed in the meantime; reload the page and try again.",
      );
    }
    for (const [position, id] of viewIds.entries()) {
      await tx
        .update(savedViews)
        .set({ position })
        .where(and(eq(savedViews.id, id), eq(savedViews.userId, user.id)));
    }
    return tx
      .select(summary)
      .from(savedViews)
      .where(eq(savedViews.userId, user.id))
      .orderBy(asc(savedViews.position), asc(savedViews.id));
  });
}

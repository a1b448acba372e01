/**
 * Ticket categories as admins manage them: created with a stable lower_snake_case slug (the API and
 * search key, never changed afterwards), renamed, ordered, and switched off. Categories are never
 * deleted: an inactive one disappears from pickers but stays on the tickets that carry it.
 */
import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { categories, type Category } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { idSchema, mapUniqueViolation, parseInput } from "./input";
import { toSnakeKey } from "./keys";
import { directionSchema, placeInOrder, toIndexSchema, type Placement } from "./ordering";

const categoryNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, { error: "Enter a name.", abort: true })
  .max(80, { error: "Keep the name to 80 characters or fewer." })
  .refine((name) => toSnakeKey(name).length > 0, {
    error: "The name needs at least one letter or digit.",
  });

export const createCategorySchema = z.object({ name: categoryNameSchema });
export const renameCategorySchema = z.object({ categoryId: idSchema, name: categoryNameSchema });
export const moveCategorySchema = z.object({ categoryId: idSchema, direction: directionSchema });
export const placeCategorySchema = z.object({ categoryId: idSchema, toIndex: toIndexSchema });
export const setCategoryActiveSchema = z.object({ categoryId: idSchema, isActive: z.boolean() });

export type CreateCategoryInput = z.input<typeof createCategorySchema>;
export type RenameCategoryInput = z.input<typeof renameCategorySchema>;
export type MoveCategoryInput = z.input<typeof moveCategorySchema>;
export type SetCategoryActiveInput = z.input<typeof setCategoryActiveSchema>;

/**
 * Names are unique case-insensitively but there is no index for it (only the slug has one), so
 * writers that check names or renumber positions take this lock first and queue up. Plain reads
 * and the foreign-key checks of ticket writes do not conflict with it.
 */
async function lockCategories(tx: Database): Promise<void> {
  await tx.execute(sql`lock table ${categories} in share row exclusive mode`);
}

async function assertNameFree(tx: Database, name: string, exceptId?: number): Promise<void> {
  const [taken] = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(
      and(
        eq(sql`lower(${categories.name})`, name.toLowerCase()),
        exceptId === undefined ? undefined : ne(categories.id, exceptId),
      ),
    )
    .limit(1);
  if (taken) {
    const message = `A category named “${name}” already exists.`;
    throw new DomainError("CONFLICT", message, { name: [message] });
  }
}

/** Adds a category at the end of the list; its slug comes from the name. */
export async function createCategory(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateCategoryInput,
): Promise<Category> {
  assertUserCan(actor, "admin.access");
  const { name } = parseInput(createCategorySchema, input);
  const slug = toSnakeKey(name);
  return mapUniqueViolation(
    () =>
      db.transaction(async (tx) => {
        await lockCategories(tx);
        await assertNameFree(tx, name);
        const [last] = await tx
          .select({ position: sql<number>`coalesce(max(${categories.position}), -1)::int` })
          .from(categories);
        const [category] = await tx
          .insert(categories)
          .values({ name, slug, position: (last?.position ?? -1) + 1 })
          .returning();
        if (!category) throw new Error("insert returned no row");
        return category;
      }),
    `Another category already uses the key “${slug}”. Choose a different name.`,
    "name",
  );
}

/** Changes the display name only; the slug stays what integrations already know. */
export async function renameCategory(
  db: Database,
  { actor, ...input }: { actor: Actor } & RenameCategoryInput,
): Promise<Category> {
  assertUserCan(actor, "admin.access");
  const { categoryId, name } = parseInput(renameCategorySchema, input);
  return db.transaction(async (tx) => {
    await lockCategories(tx);
    await assertNameFree(tx, name, categoryId);
    const [category] = await tx
      .update(categories)
      .set({ name, updatedAt: new Date() })
      .where(eq(categories.id, categoryId))
      .returning();
    if (!category) throw new DomainError("NOT_FOUND", "Category not found.");
    return category;
  });
}

/** Swaps a category with its neighbour; at either end it is a no-op. */
export async function moveCategory(
  db: Database,
  { actor, ...input }: { actor: Actor } & MoveCategoryInput,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { categoryId, direction } = parseInput(moveCategorySchema, input);
  await placeCategoryAt(db, categoryId, { direction });
}

/** Puts a category at a place in the list (drag and drop). */
export async function placeCategory(
  db: Database,
  { actor, ...input }: { actor: Actor } & z.input<typeof placeCategorySchema>,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { categoryId, toIndex } = parseInput(placeCategorySchema, input);
  await placeCategoryAt(db, categoryId, { toIndex });
}

async function placeCategoryAt(db: Database, categoryId: number, placement: Placement) {
  await db.transaction(async (tx) => {
    await lockCategories(tx);
    const rows = await tx
      .select({ id: categories.id, position: categories.position })
      .from(categories)
      .orderBy(asc(categories.position), asc(categories.id));
    const now = new Date();
    await placeInOrder(
      rows,
      categoryId,
      placement,
      (id, position) =>
        tx.update(categories).set({ position, updatedAt: now }).where(eq(categories.id, id)),
      "Category not found.",
    );
  });
}

/** Hides a category from pickers (or brings it back); tickets keep it either way. */
export async function setCategoryActive(
  db: Database,
  { actor, ...input }: { actor: Actor } & SetCategoryActiveInput,
): Promise<Category> {
  assertUserCan(actor, "admin.access");
  const { categoryId, isActive } = parseInput(setCategoryActiveSchema, input);
  const [category] = await db
    .update(categories)
    .set({ isActive, updatedAt: new Date() })
    .where(eq(categories.id, categoryId))
    .returning();
  if (!category) throw new DomainError("NOT_FOUND", "Category not found.");
  return category;
}

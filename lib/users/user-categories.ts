/**
 * The categories an agent follows: a new ticket in one of them, or a ticket moved into one, is
 * announced to them like a ticket of their team (lib/notifications/ticket-notifications.ts, under
 * the same `newTicketTeam` switch). Admins set them on the People screen; saving replaces the set.
 * A deactivated person's follows are kept but cannot be changed until they are reactivated.
 */
import "server-only";
import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { categories, userCategories, users } from "@/db/schema";
import { idSchema, parseInput } from "@/lib/admin/input";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export const setUserCategoriesSchema = z.object({
  userId: idSchema,
  categoryIds: z
    .array(idSchema)
    .max(200, { error: "Choose at most 200 categories." })
    .transform((ids) => [...new Set(ids)]),
});
export type SetUserCategoriesInput = z.input<typeof setUserCategoriesSchema>;

/** Every person's followed categories, by user id (for the People screen). */
export async function listUserCategoryIds(
  db: Database,
  actor: Actor,
): Promise<Map<number, number[]>> {
  assertUserCan(actor, "admin.access");
  const rows = await db
    .select({ userId: userCategories.userId, categoryId: userCategories.categoryId })
    .from(userCategories)
    .innerJoin(categories, eq(categories.id, userCategories.categoryId))
    .orderBy(asc(categories.position), asc(categories.id));
  const byUser = new Map<number, number[]>();
  for (const row of rows)
    byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.categoryId]);
  return byUser;
}

/** Replaces the person's followed categories; returns them. */
export async function setUserCategories(
  db: Database,
  { actor, ...input }: { actor: Actor } & SetUserCategoriesInput,
): Promise<number[]> {
  assertUserCan(actor, "admin.access");
  const { userId, categoryIds } = parseInput(setUserCategoriesSchema, input);
  return db.transaction(async (tx) => {
    // Shared lock: a deactivation running meanwhile waits for this save, or this save sees it.
    const [user] = await tx
      .select({ name: users.name, isActive: users.isActive })
      .from(users)
      .where(eq(users.id, userId))
      .for("share");
    if (!user) throw new DomainError("NOT_FOUND", "That person no longer exists.");
    // Deactivated people are never notified (the notifier keeps active users only), so following
    // a category would promise something that cannot happen. Their follows are kept as they were.
    if (!user.isActive) {
      throw new DomainError(
        "CONFLICT",
        `${user.name} is deactivated and receives no notifications. Reactivate them to change the categories they follow.`,
      );
    }
    if (categoryIds.length > 0) {
      const found = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(inArray(categories.id, categoryIds));
      if (found.length !== categoryIds.length) {
        throw new DomainError("INVALID", "A chosen category no longer exists. Reload the page.", {
          categoryIds: ["A chosen category no longer exists. Reload the page."],
        });
      }
    }
    await tx
      .delete(userCategories)
      .where(
        and(
          eq(userCategories.userId, userId),
          categoryIds.length > 0 ? notInArray(userCategories.categoryId, categoryIds) : undefined,
        ),
      );
    if (categoryIds.length > 0) {
      await tx
        .insert(userCategories)
        .values(categoryIds.map((categoryId) => ({ userId, categoryId })))
        .onConflictDoNothing();
    }
    return categoryIds;
  });
}

/** The users who follow `categoryId` (any state; the notifier keeps the active ones). */
export async function categoryFollowerIds(
  tx: Database,
  categoryId: number | null,
): Promise<number[]> {
  if (categoryId === null) return [];
  const rows = await tx
    .select({ id: userCategories.userId })
    .from(userCategories)
    .where(eq(userCategories.categoryId, categoryId));
  return rows.map((row) => row.id);
}

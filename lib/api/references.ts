/**
 * The API names things the way people do (category `billing`, assignee `ada@example.com`, team
 * `Support`); the domain takes ids. This module translates, and names the field when a name is
 * unknown. Whether a known id may be used (active agent, active category) stays the domain's call.
 */
import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { categories, teams, users } from "@/db/schema";
import { ApiError, type ApiErrorDetails } from "./http";

/** A user by id (number or digits) or by email address. */
export const userRefSchema = z.union([
  z.number().int().positive(),
  z.string().trim().min(1).max(320),
]);
/** A team by id (number or digits) or by name. */
export const teamRefSchema = z.union([
  z.number().int().positive(),
  z.string().trim().min(1).max(200),
]);
export const categoryRefSchema = z.string().trim().min(1).max(100);

export type UserRef = z.infer<typeof userRefSchema>;
export type TeamRef = z.infer<typeof teamRefSchema>;

function asId(ref: number | string): number | null {
  if (typeof ref === "number") return ref;
  if (!/^\d{1,15}$/.test(ref)) return null;
  const id = Number(ref);
  return id > 0 ? id : null;
}

export async function findUserId(db: Database, ref: UserRef): Promise<number | null> {
  const id = asId(ref);
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      id !== null
        ? eq(users.id, id)
        : eq(sql`lower(${users.email})`, String(ref).trim().toLowerCase()),
    )
    .limit(1);
  return user?.id ?? null;
}

export async function findTeamId(db: Database, ref: TeamRef): Promise<number | null> {
  const id = asId(ref);
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(
      id !== null
        ? eq(teams.id, id)
        : eq(sql`lower(${teams.name})`, String(ref).trim().toLowerCase()),
    )
    .limit(1);
  return team?.id ?? null;
}

/** Ids of the categories with these slugs, and the slugs that match none. */
export async function findCategoryIds(
  db: Database,
  slugs: readonly string[],
): Promise<{ ids: number[]; unknown: string[] }> {
  if (slugs.length === 0) return { ids: [], unknown: [] };
  const wanted = slugs.map((s) => s.trim().toLowerCase());
  const rows = await db
    .select({ id: categories.id, slug: categories.slug })
    .from(categories)
    .where(inArray(categories.slug, wanted));
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  return {
    ids: wanted.flatMap((slug) => {
      const id = bySlug.get(slug);
      return id === undefined ? [] : [id];
    }),
    unknown: wanted.filter((slug) => !bySlug.has(slug)),
  };
}

export type TicketReferenceInput = {
  category?: string | null;
  assignee?: UserRef | null;
  team?: TeamRef | null;
};
export type TicketReferenceIds = {
  categoryId?: number | null;
  assigneeId?: number | null;
  teamId?: number | null;
};

/**
 * Ids for the names given; `undefined` stays undefined (not changing) and null stays null (clear).
 * Every unknown name is reported at once, as a 422 naming the field.
 */
export async function resolveTicketReferences(
  db: Database,
  input: TicketReferenceInput,
): Promise<TicketReferenceIds> {
  const result: TicketReferenceIds = {};
  const details: ApiErrorDetails = {};

  if (input.category === null) result.categoryId = null;
  else if (input.category !== undefined) {
    const { ids } = await findCategoryIds(db, [input.category]);
    if (ids[0] === undefined) details.category = [`There is no category “${input.category}”.`];
    else result.categoryId = ids[0];
  }
  if (input.assignee === null) result.assigneeId = null;
  else if (input.assignee !== undefined) {
    const id = await findUserId(db, input.assignee);
    if (id === null) details.assignee = [`There is no user “${input.assignee}”.`];
    else result.assigneeId = id;
  }
  if (input.team === null) result.teamId = null;
  else if (input.team !== undefined) {
    const id = await findTeamId(db, input.team);
    if (id === null) details.team = [`There is no team “${input.team}”.`];
    else result.teamId = id;
  }

  const first = Object.entries(details)[0];
  if (first) {
    throw new ApiError(422, "validation_failed", `${first[0]}: ${first[1][0]}`, details);
  }
  return result;
}

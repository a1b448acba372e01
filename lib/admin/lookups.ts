/**
 * Small read functions the ticket console uses to fill its pickers: active categories, people who
 * can be assigned, teams, tags and the custom fields an actor may see. Callers are signed-in users
 * (the adapter has checked that); only custom fields depend on who is asking.
 */
import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  categories,
  customFields,
  tags,
  teams,
  users,
  type CustomField,
  type CustomFieldVisibility,
  type UserRole,
} from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";

export type CategoryOption = { id: number; slug: string; name: string };
export type AssignableUser = { id: number; name: string; email: string; role: UserRole };
export type TeamOption = { id: number; name: string };
export type TagOption = { id: number; name: string };
export type CustomFieldDefinition = Pick<
  CustomField,
  "id" | "key" | "label" | "type" | "options" | "visibility" | "position"
>;

/** Categories offered in pickers, in the admin's order. Inactive ones stay on old tickets only. */
export async function listActiveCategories(db: Database): Promise<CategoryOption[]> {
  return db
    .select({ id: categories.id, slug: categories.slug, name: categories.name })
    .from(categories)
    .where(eq(categories.isActive, true))
    .orderBy(asc(categories.position), asc(categories.id));
}

/** Active agents and admins, by name: the people a ticket can be assigned to. */
export async function listAssignableUsers(db: Database): Promise<AssignableUser[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.isActive, true))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
}

export async function listTeams(db: Database): Promise<TeamOption[]> {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .orderBy(asc(sql`lower(${teams.name})`), asc(teams.id));
}

export async function listTags(db: Database): Promise<TagOption[]> {
  return db
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id));
}

/** Which visibilities an actor may see: requesters public only, agents also agents, admins all. */
export function visibleCustomFieldLevels(actor: Actor): CustomFieldVisibility[] {
  if (can(actor, "admin.access")) return ["public", "agents", "admins"];
  if (can(actor, "tickets.view")) return ["public", "agents"];
  return ["public"];
}

/** Active custom fields the actor may see, in position order. */
export async function listActiveCustomFields(
  db: Database,
  { visibleTo }: { visibleTo: Actor },
): Promise<CustomFieldDefinition[]> {
  return db
    .select({
      id: customFields.id,
      key: customFields.key,
      label: customFields.label,
      type: customFields.type,
      options: customFields.options,
      visibility: customFields.visibility,
      position: customFields.position,
    })
    .from(customFields)
    .where(
      and(
        eq(customFields.isActive, true),
        inArray(customFields.visibility, visibleCustomFieldLevels(visibleTo)),
      ),
    )
    .orderBy(asc(customFields.position), asc(customFields.id));
}

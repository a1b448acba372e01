/**
 * Read side of the admin screens: the overview and one list per screen, each with the usage counts
 * an admin needs before changing something (tickets per category, team or tag). Every function
 * checks `admin.access` itself. Admin entities are small sets; tags, which agents create freely,
 * are the one list that is filtered and capped.
 */
import "server-only";
import { asc, count, eq, ilike, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  cannedResponses,
  categories,
  customFields,
  mailboxes,
  tags,
  teamMembers,
  teams,
  tickets,
  ticketTags,
  users,
  type CustomField,
  type UserRole,
} from "@/db/schema";
import { assertCan, type Actor } from "@/lib/auth/permissions";

export async function getAdminOverview(db: Database, actor: Actor) {
  assertCan(actor, "admin.access");
  const [people, teamRows, mailboxRows, categoryRows] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        isActive: users.isActive,
        lastSignInAt: users.lastSignInAt,
      })
      .from(users)
      .orderBy(asc(users.name)),
    db
      // A join, not a correlated sub-select: Drizzle leaves columns unqualified in single-table
      // selects, so `team_id = id` inside a sub-select would not mean the outer team.
      .select({ id: teams.id, name: teams.name, members: count(teamMembers.userId) })
      .from(teams)
      .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
      .groupBy(teams.id)
      .orderBy(asc(teams.name)),
    db
      .select({
        id: mailboxes.id,
        name: mailboxes.name,
        address: mailboxes.address,
        isDefault: mailboxes.isDefault,
        defaultTeam: teams.name,
      })
      .from(mailboxes)
      .leftJoin(teams, eq(teams.id, mailboxes.defaultTeamId))
      .orderBy(asc(mailboxes.name)),
    db
      .select({
        id: categories.id,
        name: categories.name,
        slug: categories.slug,
        isActive: categories.isActive,
        tickets: count(tickets.id),
      })
      .from(categories)
      .leftJoin(tickets, eq(tickets.categoryId, categories.id))
      .groupBy(categories.id)
      .orderBy(asc(categories.position), asc(categories.id)),
  ]);
  return { people, teams: teamRows, mailboxes: mailboxRows, categories: categoryRows };
}

export type AdminPerson = {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  isActive: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

/** Everyone who can (or could) sign in: active first, then by name. */
export async function listPeopleForAdmin(db: Database, actor: Actor): Promise<AdminPerson[]> {
  assertCan(actor, "admin.access");
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      isActive: users.isActive,
      lastSignInAt: users.lastSignInAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(sql`${users.isActive} desc`, asc(sql`lower(${users.name})`), asc(users.id));
}

export type AdminTeamMember = {
  userId: number;
  name: string;
  email: string;
  isLead: boolean;
  isActive: boolean;
};
export type AdminTeam = {
  id: number;
  name: string;
  description: string;
  tickets: number;
  mailboxes: number;
  members: AdminTeamMember[];
};

/** Teams with their members (leads first) and how many tickets and mailboxes point at them. */
export async function listTeamsForAdmin(db: Database, actor: Actor): Promise<AdminTeam[]> {
  assertCan(actor, "admin.access");
  // Counted per table and merged here: joining both would multiply the rows being counted.
  const [teamRows, ticketCounts, mailboxCounts, memberRows] = await Promise.all([
    db
      .select({ id: teams.id, name: teams.name, description: teams.description })
      .from(teams)
      .orderBy(asc(sql`lower(${teams.name})`), asc(teams.id)),
    db
      .select({ teamId: tickets.teamId, n: count() })
      .from(tickets)
      .where(isNotNull(tickets.teamId))
      .groupBy(tickets.teamId),
    db
      .select({ teamId: mailboxes.defaultTeamId, n: count() })
      .from(mailboxes)
      .where(isNotNull(mailboxes.defaultTeamId))
      .groupBy(mailboxes.defaultTeamId),
    db
      .select({
        teamId: teamMembers.teamId,
        userId: teamMembers.userId,
        isLead: teamMembers.isLead,
        name: users.name,
        email: users.email,
        isActive: users.isActive,
      })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .orderBy(sql`${teamMembers.isLead} desc`, asc(sql`lower(${users.name})`)),
  ]);
  const membersByTeam = new Map<number, AdminTeamMember[]>();
  for (const { teamId, ...member } of memberRows) {
    const list = membersByTeam.get(teamId) ?? [];
    list.push(member);
    membersByTeam.set(teamId, list);
  }
  const ticketsByTeam = new Map(ticketCounts.map((r) => [r.teamId, r.n]));
  const mailboxesByTeam = new Map(mailboxCounts.map((r) => [r.teamId, r.n]));
  return teamRows.map((team) => ({
    ...team,
    tickets: ticketsByTeam.get(team.id) ?? 0,
    mailboxes: mailboxesByTeam.get(team.id) ?? 0,
    members: membersByTeam.get(team.id) ?? [],
  }));
}

export type AdminCategory = {
  id: number;
  name: string;
  slug: string;
  position: number;
  isActive: boolean;
  tickets: number;
};

/** All categories, active or not, in the order pickers show them. */
export async function listCategoriesForAdmin(db: Database, actor: Actor): Promise<AdminCategory[]> {
  assertCan(actor, "admin.access");
  return db
    .select({
      id: categories.id,
      name: categories.name,
      slug: categories.slug,
      position: categories.position,
      isActive: categories.isActive,
      tickets: count(tickets.id),
    })
    .from(categories)
    .leftJoin(tickets, eq(tickets.categoryId, categories.id))
    .groupBy(categories.id)
    .orderBy(asc(categories.position), asc(categories.id));
}

export const ADMIN_TAG_LIST_LIMIT = 200;

export type AdminTag = { id: number; name: string; tickets: number };

/**
 * Tags by name with the number of tickets carrying each, optionally filtered by a name fragment;
 * at most ADMIN_TAG_LIST_LIMIT rows, with the total number of matches.
 */
export async function listTagsForAdmin(
  db: Database,
  actor: Actor,
  options: { search?: string } = {},
): Promise<{ rows: AdminTag[]; total: number }> {
  assertCan(actor, "admin.access");
  const fragment = options.search?.trim();
  const where = fragment
    ? ilike(tags.name, `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    : undefined;
  const [rows, totals] = await Promise.all([
    db
      .select({ id: tags.id, name: tags.name, tickets: count(ticketTags.ticketId) })
      .from(tags)
      .leftJoin(ticketTags, eq(ticketTags.tagId, tags.id))
      .where(where)
      .groupBy(tags.id)
      .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id))
      .limit(ADMIN_TAG_LIST_LIMIT),
    db.select({ n: count() }).from(tags).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export type AdminCustomField = Pick<
  CustomField,
  "id" | "key" | "label" | "type" | "options" | "visibility" | "position" | "isActive"
>;

export async function listCustomFieldsForAdmin(
  db: Database,
  actor: Actor,
): Promise<AdminCustomField[]> {
  assertCan(actor, "admin.access");
  return db
    .select({
      id: customFields.id,
      key: customFields.key,
      label: customFields.label,
      type: customFields.type,
      options: customFields.options,
      visibility: customFields.visibility,
      position: customFields.position,
      isActive: customFields.isActive,
    })
    .from(customFields)
    .orderBy(asc(customFields.position), asc(customFields.id));
}

export type AdminCannedResponse = {
  id: number;
  title: string;
  body: string;
  createdByName: string | null;
  updatedAt: Date;
};

/** Shared canned responses (no owner), by title. Personal ones are their owners' business. */
export async function listSharedCannedResponsesForAdmin(
  db: Database,
  actor: Actor,
): Promise<AdminCannedResponse[]> {
  assertCan(actor, "admin.access");
  return db
    .select({
      id: cannedResponses.id,
      title: cannedResponses.title,
      body: cannedResponses.body,
      createdByName: users.name,
      updatedAt: cannedResponses.updatedAt,
    })
    .from(cannedResponses)
    .leftJoin(users, eq(users.id, cannedResponses.createdByUserId))
    .where(isNull(cannedResponses.ownerUserId))
    .orderBy(asc(sql`lower(${cannedResponses.title})`), asc(cannedResponses.id));
}

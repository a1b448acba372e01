/** Read side of the admin overview: people, teams, mailboxes and categories with their usage. */
import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { categories, mailboxes, teamMembers, teams, tickets, users } from "@/db/schema";
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
      .select({
        id: teams.id,
        name: teams.name,
        members: sql<number>`(select count(*)::int from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`,
      })
      .from(teams)
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
      .orderBy(asc(categories.position)),
  ]);
  return { people, teams: teamRows, mailboxes: mailboxRows, categories: categoryRows };
}

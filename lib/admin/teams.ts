/**
 * Teams and their members as admins manage them. Deleting a team is allowed: its tickets and the
 * mailboxes that default to it keep working without a team (the foreign keys set null), and the
 * console shows how many that is before asking for confirmation.
 */
import "server-only";
import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { mailboxes, teamMembers, teams, tickets, users, type Team } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { idSchema, mapUniqueViolation, parseInput } from "./input";

const teamNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, { error: "Enter a name." })
  .max(80, { error: "Keep the name to 80 characters or fewer." });
const descriptionSchema = z
  .string()
  .trim()
  .max(500, { error: "Keep the description to 500 characters or fewer." });

export const createTeamSchema = z.object({
  name: teamNameSchema,
  description: descriptionSchema.default(""),
});
export const updateTeamSchema = z.object({
  teamId: idSchema,
  name: teamNameSchema,
  description: descriptionSchema.default(""),
});
export const deleteTeamSchema = z.object({ teamId: idSchema });
export const addTeamMemberSchema = z.object({
  teamId: idSchema,
  userId: z.number({ error: "Choose a person." }).int().positive({ error: "Choose a person." }),
  isLead: z.boolean().default(false),
});
export const removeTeamMemberSchema = z.object({ teamId: idSchema, userId: idSchema });
export const setTeamLeadSchema = z.object({
  teamId: idSchema,
  userId: idSchema,
  isLead: z.boolean(),
});

export type CreateTeamInput = z.input<typeof createTeamSchema>;
export type UpdateTeamInput = z.input<typeof updateTeamSchema>;
export type DeleteTeamInput = z.input<typeof deleteTeamSchema>;
export type AddTeamMemberInput = z.input<typeof addTeamMemberSchema>;
export type RemoveTeamMemberInput = z.input<typeof removeTeamMemberSchema>;
export type SetTeamLeadInput = z.input<typeof setTeamLeadSchema>;

const conflictMessage = (name: string) => `A team named “${name}” already exists.`;

export async function createTeam(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateTeamInput,
): Promise<Team> {
  assertUserCan(actor, "admin.access");
  const values = parseInput(createTeamSchema, input);
  return mapUniqueViolation(
    async () => {
      const [team] = await db.insert(teams).values(values).returning();
      if (!team) throw new Error("insert returned no row");
      return team;
    },
    conflictMessage(values.name),
    "name",
  );
}

/** Renames a team and/or changes its description. */
export async function updateTeam(
  db: Database,
  { actor, ...input }: { actor: Actor } & UpdateTeamInput,
): Promise<Team> {
  assertUserCan(actor, "admin.access");
  const { teamId, ...values } = parseInput(updateTeamSchema, input);
  return mapUniqueViolation(
    async () => {
      const [team] = await db
        .update(teams)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(teams.id, teamId))
        .returning();
      if (!team) throw new DomainError("NOT_FOUND", "Team not found.");
      return team;
    },
    conflictMessage(values.name),
    "name",
  );
}

/** Deletes a team; answers how many tickets and mailboxes were left without it. */
export async function deleteTeam(
  db: Database,
  { actor, ...input }: { actor: Actor } & DeleteTeamInput,
): Promise<{ ticketsUnassigned: number; mailboxesUnassigned: number }> {
  assertUserCan(actor, "admin.access");
  const { teamId } = parseInput(deleteTeamSchema, input);
  return db.transaction(async (tx) => {
    const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).for("update");
    if (!team) throw new DomainError("NOT_FOUND", "Team not found.");
    const [ticketCount] = await tx
      .select({ n: count() })
      .from(tickets)
      .where(eq(tickets.teamId, teamId));
    const [mailboxCount] = await tx
      .select({ n: count() })
      .from(mailboxes)
      .where(eq(mailboxes.defaultTeamId, teamId));
    await tx.delete(teams).where(eq(teams.id, teamId));
    return { ticketsUnassigned: ticketCount?.n ?? 0, mailboxesUnassigned: mailboxCount?.n ?? 0 };
  });
}

/** Adds an active agent or admin to a team. */
export async function addTeamMember(
  db: Database,
  { actor, ...input }: { actor: Actor } & AddTeamMemberInput,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { teamId, userId, isLead } = parseInput(addTeamMemberSchema, input);
  await db.transaction(async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (!team) throw new DomainError("NOT_FOUND", "Team not found.");
    const [user] = await tx
      .select({ name: users.name, isActive: users.isActive })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) throw new DomainError("NOT_FOUND", "That person does not exist.");
    if (!user.isActive) {
      const message = `${user.name} is deactivated; reactivate them before adding them to a team.`;
      throw new DomainError("INVALID", message, { userId: [message] });
    }
    const inserted = await tx
      .insert(teamMembers)
      .values({ teamId, userId, isLead })
      .onConflictDoNothing()
      .returning({ userId: teamMembers.userId });
    if (inserted.length === 0) {
      const message = `${user.name} is already a member of this team.`;
      throw new DomainError("CONFLICT", message, { userId: [message] });
    }
  });
}

export async function removeTeamMember(
  db: Database,
  { actor, ...input }: { actor: Actor } & RemoveTeamMemberInput,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { teamId, userId } = parseInput(removeTeamMemberSchema, input);
  const removed = await db
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
  if (removed.length === 0) {
    throw new DomainError("NOT_FOUND", "That person is not a member of this team.");
  }
}

/** Marks a member as a lead of the team or not; a team may have several leads. */
export async function setTeamLead(
  db: Database,
  { actor, ...input }: { actor: Actor } & SetTeamLeadInput,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { teamId, userId, isLead } = parseInput(setTeamLeadSchema, input);
  const updated = await db
    .update(teamMembers)
    .set({ isLead })
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ userId: teamMembers.userId });
  if (updated.length === 0) {
    throw new DomainError("NOT_FOUND", "That person is not a member of this team.");
  }
}

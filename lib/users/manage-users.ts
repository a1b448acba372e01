/**
 * Accounts as admins manage them: create, change role, deactivate and reactivate. Two rules keep the
 * helpdesk administrable: an admin never demotes or deactivates themselves, and the last active
 * admin can be neither demoted nor deactivated. A deactivated user cannot sign in (verify-credentials
 * and the session lookup refuse inactive users) and is no longer offered as an assignee.
 */
import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { userRoles, users, type UserRole } from "@/db/schema";
import { parseInput } from "@/lib/admin/input";
import { assertUserCan, type Actor, type UserActor } from "@/lib/auth/permissions";
import { DomainError, isDomainError } from "@/lib/errors";
import { createUser, type CreateUserInput } from "./create-user";

/** The account as the admin screens show it: never the password hash. */
export type ManagedUser = {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  isActive: boolean;
};

const userIdSchema = z.number({ error: "Choose a person." }).int().positive();

export const changeUserRoleSchema = z.object({
  userId: userIdSchema,
  role: z.enum(userRoles, { error: `Choose one of ${userRoles.join(", ")}.` }),
});
export const setUserActiveSchema = z.object({ userId: userIdSchema });

export type ChangeUserRoleInput = z.input<typeof changeUserRoleSchema>;
export type SetUserActiveInput = z.input<typeof setUserActiveSchema>;

const managedColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  isActive: users.isActive,
};

/**
 * Role and activation changes queue up behind one transaction-scoped advisory lock, so two admins
 * demoting each other at the same moment cannot both pass the last-admin check.
 */
const USER_ADMIN_CHANGES_LOCK_ID = 7_310_420_001;

export async function createUserAsAdmin(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateUserInput,
): Promise<ManagedUser> {
  assertUserCan(actor, "admin.access");
  try {
    const { id, name, email, role, isActive } = await createUser(db, input);
    return { id, name, email, role, isActive };
  } catch (error) {
    // createUser's conflict has no field attached; the admin form wants it under the email.
    if (isDomainError(error) && error.code === "CONFLICT") {
      throw new DomainError("CONFLICT", error.message, { email: [error.message] });
    }
    throw error;
  }
}

export async function changeUserRole(
  db: Database,
  { actor, ...input }: { actor: Actor } & ChangeUserRoleInput,
): Promise<ManagedUser> {
  const admin = assertUserCan(actor, "admin.access");
  const { userId, role } = parseInput(changeUserRoleSchema, input);
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, userId);
    if (target.role === role) return target;
    if (target.role === "admin") {
      assertNotSelf(admin, target, "You cannot remove your own admin role. Ask another admin.");
      await assertOtherActiveAdmin(tx, target, "demoted");
    }
    return update(tx, userId, { role });
  });
}

export async function deactivateUser(
  db: Database,
  { actor, ...input }: { actor: Actor } & SetUserActiveInput,
): Promise<ManagedUser> {
  const admin = assertUserCan(actor, "admin.access");
  const { userId } = parseInput(setUserActiveSchema, input);
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, userId);
    assertNotSelf(admin, target, "You cannot deactivate your own account. Ask another admin.");
    if (!target.isActive) return target;
    if (target.role === "admin") await assertOtherActiveAdmin(tx, target, "deactivated");
    return update(tx, userId, { isActive: false });
  });
}

export async function reactivateUser(
  db: Database,
  { actor, ...input }: { actor: Actor } & SetUserActiveInput,
): Promise<ManagedUser> {
  assertUserCan(actor, "admin.access");
  const { userId } = parseInput(setUserActiveSchema, input);
  return db.transaction(async (tx) => {
    const target = await lockTarget(tx, userId);
    if (target.isActive) return target;
    return update(tx, userId, { isActive: true });
  });
}

async function lockTarget(tx: Database, userId: number): Promise<ManagedUser> {
  await tx.execute(sql`select pg_advisory_xact_lock(${USER_ADMIN_CHANGES_LOCK_ID})`);
  const [target] = await tx.select(managedColumns).from(users).where(eq(users.id, userId));
  if (!target) throw new DomainError("NOT_FOUND", "That person does not exist.");
  return target;
}

function assertNotSelf(admin: UserActor, target: ManagedUser, message: string): void {
  if (admin.id === target.id) throw new DomainError("FORBIDDEN", message);
}

async function assertOtherActiveAdmin(
  tx: Database,
  target: ManagedUser,
  change: "demoted" | "deactivated",
): Promise<void> {
  if (!target.isActive) return;
  const [admins] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)));
  if ((admins?.n ?? 0) <= 1) {
    throw new DomainError(
      "CONFLICT",
      `${target.name} is the last active admin and cannot be ${change}. Make someone else an admin first.`,
    );
  }
}

async function update(
  tx: Database,
  userId: number,
  values: Partial<Pick<ManagedUser, "role" | "isActive">>,
): Promise<ManagedUser> {
  const [user] = await tx
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning(managedColumns);
  if (!user) throw new DomainError("NOT_FOUND", "That person does not exist.");
  return user;
}

/**
 * Adapters' entry to the permissions module: resolves the signed-in actor for this request (fresh
 * from the database, so a deactivated user or a changed role takes effect at once) and enforces a
 * permission the way each kind of adapter needs it.
 */
import "server-only";
import { eq } from "drizzle-orm";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { assertCan, can, type Actor, type Permission } from "./permissions";

export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [user] = await getDb()
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      email: users.email,
      isActive: users.isActive,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!user?.isActive) return null;
  return { type: "user", id: user.id, role: user.role, name: user.name, email: user.email };
});

/** For pages: signed out → sign-in page (coming back afterwards); lacking permission → 403 page. */
export async function requirePagePermission(
  permission: Permission,
  returnTo?: string,
): Promise<Extract<Actor, { type: "user" }>> {
  const actor = await getSessionActor();
  if (!actor || actor.type !== "user") {
    redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  }
  if (!can(actor, permission)) forbidden();
  return actor;
}

/** For server actions and route handlers: throws a DomainError (UNAUTHORIZED / FORBIDDEN). */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await getSessionActor();
  assertCan(actor, permission);
  return actor;
}

/**
 * The one module that answers "may this actor do that". Every page, server action and route asks it
 * (through lib/auth/session.ts in the app); nothing checks roles by hand.
 */
import type { UserRole } from "@/db/schema";
import { DomainError } from "@/lib/errors";

export type Actor =
  | { type: "user"; id: number; role: UserRole; name: string; email: string }
  | { type: "requester"; contactId: number; email: string };

export const permissions = [
  /** Use the agent console at all. */
  "console.access",
  /** See and list tickets, including internal notes. */
  "tickets.view",
  /** Admin screens: users, teams, mailboxes, categories, settings. */
  "admin.access",
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<UserRole, ReadonlySet<Permission>> = {
  agent: new Set<Permission>(["console.access", "tickets.view"]),
  admin: new Set<Permission>(["console.access", "tickets.view", "admin.access"]),
};

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor || actor.type !== "user") return false;
  return grants[actor.role].has(permission);
}

/** Throws UNAUTHORIZED without an actor, FORBIDDEN without the permission. */
export function assertCan(
  actor: Actor | null | undefined,
  permission: Permission,
): asserts actor is Actor {
  if (!actor) throw new DomainError("UNAUTHORIZED", "Sign in to continue.");
  if (!can(actor, permission)) {
    throw new DomainError("FORBIDDEN", "You do not have permission to do that.");
  }
}

/**
 * The one module that answers "may this actor do that". Every page, server action and route asks it
 * (through lib/auth/session.ts in the app, or lib/api for tokens); nothing checks roles by hand.
 */
import type { MessageKind, UserRole } from "@/db/schema";
import { DomainError } from "@/lib/errors";

export type UserActor = { type: "user"; id: number; role: UserRole; name: string; email: string };
export type RequesterActor = { type: "requester"; contactId: number; email: string };
export type Actor = UserActor | RequesterActor;

export const permissions = [
  /** Use the agent console at all. */
  "console.access",
  /** See and list tickets, including internal notes. */
  "tickets.view",
  /** Create tickets, reply, add notes, change fields, merge, attach files. */
  "tickets.work",
  /** Delete tickets (soft, restorable until purged), see and restore deleted ones. */
  "tickets.delete",
  /** Admin screens: users, teams, mailboxes, categories, custom fields, API tokens, settings. */
  "admin.access",
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<UserRole, ReadonlySet<Permission>> = {
  agent: new Set<Permission>(["console.access", "tickets.view", "tickets.work"]),
  admin: new Set<Permission>([
    "console.access",
    "tickets.view",
    "tickets.work",
    "tickets.delete",
    "admin.access",
  ]),
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

/** Throws unless the actor is a console user with the permission; returns the narrowed actor. */
export function assertUserCan(actor: Actor | null | undefined, permission: Permission): UserActor {
  assertCan(actor, permission);
  return actor as UserActor;
}

/** Agents and admins see every ticket; a requester only their own. */
export function canViewTicket(actor: Actor, ticket: { requesterId: number }): boolean {
  if (actor.type === "requester") return actor.contactId === ticket.requesterId;
  return can(actor, "tickets.view");
}

/** Requesters never see internal notes or system messages. */
export function canViewMessage(
  actor: Actor,
  ticket: { requesterId: number },
  message: { kind: MessageKind },
): boolean {
  if (!canViewTicket(actor, ticket)) return false;
  return actor.type === "user" || message.kind === "reply";
}

/**
 * For a ticket the actor may not see, the answer is NOT_FOUND, not FORBIDDEN, so that guessing
 * numbers reveals nothing about which tickets exist.
 */
export function assertCanViewTicket(
  actor: Actor,
  ticket: { requesterId: number } | null | undefined,
) {
  if (!ticket || !canViewTicket(actor, ticket)) {
    throw new DomainError("NOT_FOUND", "Ticket not found.");
  }
}

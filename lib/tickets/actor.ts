/**
 * Who changes a ticket: a console user (checked against the permissions module) or the system itself
 * (timers, the mail pipeline), which acts on rules rather than permissions.
 */
import { assertUserCan, type Actor, type UserActor } from "@/lib/auth/permissions";

export type SystemActor = { type: "system"; label: string };
export type TicketActor = UserActor | SystemActor;

export const systemActor = (label = "System"): SystemActor => ({ type: "system", label });

/** Console users need `tickets.work`; the system may always act. */
export function assertCanWork(actor: Actor | SystemActor): TicketActor {
  if (actor.type === "system") return actor;
  return assertUserCan(actor, "tickets.work");
}

export function actorName(actor: TicketActor): string {
  return actor.type === "user" ? actor.name : actor.label;
}

export function actorUserId(actor: TicketActor): number | null {
  return actor.type === "user" ? actor.id : null;
}

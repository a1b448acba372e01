/** Reads the ticket sidebar needs beyond the ticket detail itself. */
import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { assertUserCan, type UserActor } from "@/lib/auth/permissions";

export type AgentOption = { id: number; name: string };

/** Everyone who can be invited onto a ticket: active console users, by name. */
export async function listActiveAgents(
  db: Database,
  input: { actor: UserActor },
): Promise<AgentOption[]> {
  assertUserCan(input.actor, "tickets.view");
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.isActive, true))
    .orderBy(asc(users.name), asc(users.id));
}

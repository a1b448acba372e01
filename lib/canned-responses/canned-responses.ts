/**
 * Canned responses: an agent's personal ones and the shared ones admins keep. Inserted into the
 * composer with masks (#FirstName#, #TicketID#, …) filled from the ticket (see fill.ts).
 */
import { and, asc, eq, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { cannedResponses, type CannedResponse } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export const cannedResponseSchema = z.object({
  title: z.string().trim().min(1, { error: "Give it a title." }).max(120),
  body: z.string().trim().min(1, { error: "Write the response." }).max(20_000),
});

function parse(input: unknown) {
  const parsed = cannedResponseSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError(
      "INVALID",
      parsed.error.issues[0]?.message ?? "Invalid canned response.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  }
  return parsed.data;
}

/** Shared ones first, then the actor's own, each alphabetically. */
export async function listCannedResponsesFor(
  db: Database,
  actor: Actor,
): Promise<CannedResponse[]> {
  const user = assertUserCan(actor, "tickets.work");
  return db
    .select()
    .from(cannedResponses)
    .where(or(isNull(cannedResponses.ownerUserId), eq(cannedResponses.ownerUserId, user.id)))
    .orderBy(asc(cannedResponses.ownerUserId), asc(cannedResponses.title));
}

export async function createPersonalCannedResponse(
  db: Database,
  input: { actor: Actor; title: string; body: string },
): Promise<CannedResponse> {
  const user = assertUserCan(input.actor, "tickets.work");
  const data = parse(input);
  const [row] = await db
    .insert(cannedResponses)
    .values({ ...data, ownerUserId: user.id, createdByUserId: user.id })
    .returning();
  return row!;
}

export async function updatePersonalCannedResponse(
  db: Database,
  input: { actor: Actor; id: number; title: string; body: string },
): Promise<CannedResponse> {
  const user = assertUserCan(input.actor, "tickets.work");
  const data = parse(input);
  const [row] = await db
    .update(cannedResponses)
    .set({ ...data, updatedAt: new Date() })
    .where(and(eq(cannedResponses.id, input.id), eq(cannedResponses.ownerUserId, user.id)))
    .returning();
  if (!row) throw new DomainError("NOT_FOUND", "Canned response not found.");
  return row;
}

export async function deletePersonalCannedResponse(
  db: Database,
  input: { actor: Actor; id: number },
): Promise<void> {
  const user = assertUserCan(input.actor, "tickets.work");
  const deleted = await db
    .delete(cannedResponses)
    .where(and(eq(cannedResponses.id, input.id), eq(cannedResponses.ownerUserId, user.id)))
    .returning({ id: cannedResponses.id });
  if (deleted.length === 0) throw new DomainError("NOT_FOUND", "Canned response not found.");
}

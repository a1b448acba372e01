/**
 * Shared canned responses (owner null), which every agent can insert into a reply. Admins manage
 * them here; personal responses belong to their owners and are never touched by these functions.
 * Bodies may contain masks such as #FirstName#: they are stored as written and filled in when used.
 */
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { cannedResponses, type CannedResponse } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { idSchema, parseInput } from "./input";

const titleSchema = z
  .string({ error: "Enter a title." })
  .trim()
  .min(1, { error: "Enter a title." })
  .max(120, { error: "Keep the title to 120 characters or fewer." });
const bodySchema = z
  .string({ error: "Enter the response text." })
  .refine((body) => body.trim().length > 0, { error: "Enter the response text." })
  .refine((body) => body.length <= 20_000, {
    error: "Keep the response to 20,000 characters or fewer.",
  });

export const createSharedCannedResponseSchema = z.object({ title: titleSchema, body: bodySchema });
export const updateSharedCannedResponseSchema = z.object({
  cannedResponseId: idSchema,
  title: titleSchema,
  body: bodySchema,
});
export const deleteSharedCannedResponseSchema = z.object({ cannedResponseId: idSchema });

export type CreateSharedCannedResponseInput = z.input<typeof createSharedCannedResponseSchema>;
export type UpdateSharedCannedResponseInput = z.input<typeof updateSharedCannedResponseSchema>;
export type DeleteSharedCannedResponseInput = z.input<typeof deleteSharedCannedResponseSchema>;

const isShared = (id: number) =>
  and(eq(cannedResponses.id, id), isNull(cannedResponses.ownerUserId));

export async function createSharedCannedResponse(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateSharedCannedResponseInput,
): Promise<CannedResponse> {
  const admin = assertUserCan(actor, "admin.access");
  const values = parseInput(createSharedCannedResponseSchema, input);
  const [response] = await db
    .insert(cannedResponses)
    .values({ ...values, ownerUserId: null, createdByUserId: admin.id })
    .returning();
  if (!response) throw new Error("insert returned no row");
  return response;
}

export async function updateSharedCannedResponse(
  db: Database,
  { actor, ...input }: { actor: Actor } & UpdateSharedCannedResponseInput,
): Promise<CannedResponse> {
  assertUserCan(actor, "admin.access");
  const { cannedResponseId, ...values } = parseInput(updateSharedCannedResponseSchema, input);
  const [response] = await db
    .update(cannedResponses)
    .set({ ...values, updatedAt: new Date() })
    .where(isShared(cannedResponseId))
    .returning();
  if (!response) throw new DomainError("NOT_FOUND", "Shared canned response not found.");
  return response;
}

export async function deleteSharedCannedResponse(
  db: Database,
  { actor, ...input }: { actor: Actor } & DeleteSharedCannedResponseInput,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { cannedResponseId } = parseInput(deleteSharedCannedResponseSchema, input);
  const deleted = await db
    .delete(cannedResponses)
    .where(isShared(cannedResponseId))
    .returning({ id: cannedResponses.id });
  if (deleted.length === 0) {
    throw new DomainError("NOT_FOUND", "Shared canned response not found.");
  }
}

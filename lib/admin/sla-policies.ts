/**
 * SLA policies as admins manage them: create, edit, reorder, activate/deactivate. Every write is
 * validated with the engine's schemas, and afterwards the open tickets' stored SLA is recomputed so
 * the inbox reflects the new rules at once.
 */
import "server-only";
import { asc, count, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { mailboxes, slaPolicies, teams, tickets, type SlaPolicyRow } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { issuesByPath, slaPolicyInputSchema } from "@/lib/sla/policy-input";
import { recomputeOpenTicketSla } from "@/lib/sla/ticket-sla";
import { idSchema } from "./input";
import { directionSchema, placeInOrder, toIndexSchema, type Placement } from "./ordering";

export const createSlaPolicySchema = slaPolicyInputSchema;
export const updateSlaPolicySchema = slaPolicyInputSchema.extend({ policyId: idSchema });
export const moveSlaPolicySchema = z.object({ policyId: idSchema, direction: directionSchema });
export const placeSlaPolicySchema = z.object({ policyId: idSchema, toIndex: toIndexSchema });
export const setSlaPolicyActiveSchema = z.object({ policyId: idSchema, isActive: z.boolean() });

export type CreateSlaPolicyInput = z.input<typeof createSlaPolicySchema>;
export type UpdateSlaPolicyInput = z.input<typeof updateSlaPolicySchema>;
export type MoveSlaPolicyInput = z.input<typeof moveSlaPolicySchema>;
export type SetSlaPolicyActiveInput = z.input<typeof setSlaPolicyActiveSchema>;

/** Like `parseInput`, but keyed by full path so the form can put a message under a period row. */
function parsePolicy<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DomainError(
    "INVALID",
    parsed.error.issues[0]?.message ?? "Check the highlighted fields.",
    issuesByPath(parsed.error),
  );
}

/** The escalation team must exist; the message goes under the team select. */
async function checkEscalationTeam(
  db: Database,
  escalation: { teamId?: number | null },
): Promise<void> {
  if (!escalation.teamId) return;
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(eq(teams.id, escalation.teamId));
  if (!team) {
    throw new DomainError("INVALID", "That team does not exist.", {
      "escalation.teamId": ["That team does not exist."],
    });
  }
}

/** Renumbering writers queue up behind this lock so positions stay 0…n-1 without gaps or ties. */
async function lockPolicies(tx: Database): Promise<void> {
  await tx.execute(sql`lock table ${slaPolicies} in share row exclusive mode`);
}

export type AdminSlaPolicy = SlaPolicyRow & { tickets: number };

/** Every policy in the order they are tried, with how many tickets it currently governs. */
export async function listSlaPoliciesForAdmin(
  db: Database,
  actor: Actor,
): Promise<AdminSlaPolicy[]> {
  assertUserCan(actor, "admin.access");
  const [rows, counts] = await Promise.all([
    db.select().from(slaPolicies).orderBy(asc(slaPolicies.position), asc(slaPolicies.id)),
    db
      .select({ policyId: tickets.slaPolicyId, n: count() })
      .from(tickets)
      .where(isNotNull(tickets.slaPolicyId))
      .groupBy(tickets.slaPolicyId),
  ]);
  const byPolicy = new Map(counts.map((c) => [c.policyId, c.n]));
  return rows.map((row) => ({ ...row, tickets: byPolicy.get(row.id) ?? 0 }));
}

export type MailboxOption = { id: number; name: string };

export async function listMailboxOptions(db: Database): Promise<MailboxOption[]> {
  return db
    .select({ id: mailboxes.id, name: mailboxes.name })
    .from(mailboxes)
    .orderBy(asc(sql`lower(${mailboxes.name})`), asc(mailboxes.id));
}

/** Adds a policy at the end of the order (tried last). */
export async function createSlaPolicy(
  db: Database,
  { actor, now, ...input }: { actor: Actor; now?: Date } & CreateSlaPolicyInput,
): Promise<SlaPolicyRow> {
  assertUserCan(actor, "admin.access");
  const values = parsePolicy(createSlaPolicySchema, input);
  await checkEscalationTeam(db, values.escalation);
  const policy = await db.transaction(async (tx) => {
    await lockPolicies(tx);
    const [last] = await tx
      .select({ position: sql<number>`coalesce(max(${slaPolicies.position}), -1)::int` })
      .from(slaPolicies);
    const [row] = await tx
      .insert(slaPolicies)
      .values({ ...values, position: (last?.position ?? -1) + 1 })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return row;
  });
  await recomputeOpenTicketSla(db, now ?? new Date());
  return policy;
}

/** Replaces a policy's name, conditions, targets, calendar and warning. */
export async function updateSlaPolicy(
  db: Database,
  { actor, now, ...input }: { actor: Actor; now?: Date } & UpdateSlaPolicyInput,
): Promise<SlaPolicyRow> {
  assertUserCan(actor, "admin.access");
  const { policyId, ...values } = parsePolicy(updateSlaPolicySchema, input);
  await checkEscalationTeam(db, values.escalation);
  const [policy] = await db
    .update(slaPolicies)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(slaPolicies.id, policyId))
    .returning();
  if (!policy) throw new DomainError("NOT_FOUND", "SLA policy not found.");
  await recomputeOpenTicketSla(db, now ?? new Date());
  return policy;
}

/** Swaps a policy with its neighbour in the order; at either end it is a no-op. */
export async function moveSlaPolicy(
  db: Database,
  { actor, now, ...input }: { actor: Actor; now?: Date } & MoveSlaPolicyInput,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { policyId, direction } = parsePolicy(moveSlaPolicySchema, input);
  await placePolicyAt(db, policyId, { direction }, now);
}

/** Puts a policy at a place in the list (drag and drop); open tickets are matched again. */
export async function placeSlaPolicy(
  db: Database,
  { actor, now, ...input }: { actor: Actor; now?: Date } & z.input<typeof placeSlaPolicySchema>,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { policyId, toIndex } = parsePolicy(placeSlaPolicySchema, input);
  await placePolicyAt(db, policyId, { toIndex }, now);
}

/** The first matching policy wins, so a move that changed the order re-matches open tickets. */
async function placePolicyAt(db: Database, policyId: number, placement: Placement, now?: Date) {
  const moved = await db.transaction(async (tx) => {
    await lockPolicies(tx);
    const rows = await tx
      .select({ id: slaPolicies.id, position: slaPolicies.position })
      .from(slaPolicies)
      .orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
    const updatedAt = new Date();
    return placeInOrder(
      rows,
      policyId,
      placement,
      (id, position) =>
        tx.update(slaPolicies).set({ position, updatedAt }).where(eq(slaPolicies.id, id)),
      "SLA policy not found.",
    );
  });
  if (moved) await recomputeOpenTicketSla(db, now ?? new Date());
}

/** An inactive policy is skipped when tickets are matched; it keeps its place in the order. */
export async function setSlaPolicyActive(
  db: Database,
  { actor, now, ...input }: { actor: Actor; now?: Date } & SetSlaPolicyActiveInput,
): Promise<SlaPolicyRow> {
  assertUserCan(actor, "admin.access");
  const { policyId, isActive } = parsePolicy(setSlaPolicyActiveSchema, input);
  const [policy] = await db
    .update(slaPolicies)
    .set({ isActive, updatedAt: new Date() })
    .where(eq(slaPolicies.id, policyId))
    .returning();
  if (!policy) throw new DomainError("NOT_FOUND", "SLA policy not found.");
  await recomputeOpenTicketSla(db, now ?? new Date());
  return policy;
}

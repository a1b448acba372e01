/**
 * Routing rules as admins manage them: an ordered list, each rule "subject contains / equals / starts
 * with <text>" (case-insensitive, optionally for one mailbox only) setting a team, a category and/or
 * a priority on new tickets from email and the web form. The first active match wins
 * (lib/tickets/routing.ts), so the order matters: rules are dragged or moved up and down
 * (lib/admin/ordering.ts), and positions are kept 0…n-1.
 */
import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import {
  categories,
  mailboxes,
  routingRules,
  teams,
  routingMatches,
  ticketPriorities,
  type RoutingMatch,
  type RoutingRule,
  type TicketPriority,
} from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { idSchema, parseInput } from "./input";
import { directionSchema, placeInOrder, toIndexSchema, type Placement } from "./ordering";

const optionalId = z
  .number({ error: "Choose an option." })
  .int()
  .positive({ error: "Choose an option." })
  .nullable()
  .default(null);

const ruleFields = z.object({
  subjectText: z
    .string({ error: "Enter the text to compare the subject with." })
    .trim()
    .min(1, { error: "Enter the text to compare the subject with." })
    .max(200, { error: "Keep the text to 200 characters or fewer." }),
  subjectMatch: z
    .enum(routingMatches, { error: "Choose contains, equals or starts with." })
    .default("contains"),
  mailboxId: optionalId,
  teamId: optionalId,
  categoryId: optionalId,
  priority: z.enum(ticketPriorities, { error: "Choose a priority." }).nullable().default(null),
  isActive: z.boolean().default(true),
});
const setsSomething = {
  error: "Choose what the rule sets: a team, a category or a priority.",
  path: ["teamId"],
};
const hasEffect = (r: z.output<typeof ruleFields>) =>
  r.teamId !== null || r.categoryId !== null || r.priority !== null;

export const createRoutingRuleSchema = ruleFields.refine(hasEffect, setsSomething);
export const updateRoutingRuleSchema = ruleFields
  .extend({ ruleId: idSchema })
  .refine(hasEffect, setsSomething);
export const deleteRoutingRuleSchema = z.object({ ruleId: idSchema });
export const moveRoutingRuleSchema = z.object({ ruleId: idSchema, direction: directionSchema });
/** Dragging a rule to another place in the list. */
export const placeRoutingRuleSchema = z.object({ ruleId: idSchema, toIndex: toIndexSchema });
export const setRoutingRuleActiveSchema = z.object({ ruleId: idSchema, isActive: z.boolean() });

export type CreateRoutingRuleInput = z.input<typeof createRoutingRuleSchema>;
export type UpdateRoutingRuleInput = z.input<typeof updateRoutingRuleSchema>;
type RuleFields = z.output<typeof ruleFields>;

/** Writers renumbering positions queue up behind this lock; reads do not conflict with it. */
async function lockRules(tx: Database): Promise<void> {
  await tx.execute(sql`lock table ${routingRules} in share row exclusive mode`);
}

async function assertReferences(tx: Database, values: RuleFields, current?: RoutingRule) {
  const errors: Record<string, string[]> = {};
  if (values.mailboxId !== null) {
    const [mailbox] = await tx
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(eq(mailboxes.id, values.mailboxId));
    if (!mailbox) errors.mailboxId = ["That mailbox does not exist."];
  }
  if (values.teamId !== null) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, values.teamId));
    if (!team) errors.teamId = ["That team does not exist."];
  }
  // An inactive category that the rule already had may stay; a new choice must be active.
  if (values.categoryId !== null && values.categoryId !== current?.categoryId) {
    const [category] = await tx
      .select({ isActive: categories.isActive })
      .from(categories)
      .where(eq(categories.id, values.categoryId));
    if (!category?.isActive) errors.categoryId = ["That category does not exist or is inactive."];
  }
  if (Object.keys(errors).length > 0) {
    throw new DomainError("INVALID", Object.values(errors)[0]![0]!, errors);
  }
}

/** Adds a rule at the end of the list (tried last). */
export async function createRoutingRule(
  db: Database,
  { actor, ...input }: { actor: Actor } & CreateRoutingRuleInput,
): Promise<RoutingRule> {
  assertUserCan(actor, "admin.access");
  const values = parseInput(createRoutingRuleSchema, input);
  return db.transaction(async (tx) => {
    await lockRules(tx);
    await assertReferences(tx, values);
    const [last] = await tx
      .select({ position: sql<number>`coalesce(max(${routingRules.position}), -1)::int` })
      .from(routingRules);
    const [rule] = await tx
      .insert(routingRules)
      .values({ ...values, position: (last?.position ?? -1) + 1 })
      .returning();
    if (!rule) throw new Error("insert returned no row");
    return rule;
  });
}

export async function updateRoutingRule(
  db: Database,
  { actor, ...input }: { actor: Actor } & UpdateRoutingRuleInput,
): Promise<RoutingRule> {
  assertUserCan(actor, "admin.access");
  const { ruleId, ...values } = parseInput(updateRoutingRuleSchema, input);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(routingRules)
      .where(eq(routingRules.id, ruleId))
      .for("update");
    if (!current) throw new DomainError("NOT_FOUND", "Routing rule not found.");
    await assertReferences(tx, values, current);
    const [rule] = await tx
      .update(routingRules)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(routingRules.id, ruleId))
      .returning();
    return rule!;
  });
}

export async function setRoutingRuleActive(
  db: Database,
  { actor, ...input }: { actor: Actor } & z.input<typeof setRoutingRuleActiveSchema>,
): Promise<RoutingRule> {
  assertUserCan(actor, "admin.access");
  const { ruleId, isActive } = parseInput(setRoutingRuleActiveSchema, input);
  const [rule] = await db
    .update(routingRules)
    .set({ isActive, updatedAt: new Date() })
    .where(eq(routingRules.id, ruleId))
    .returning();
  if (!rule) throw new DomainError("NOT_FOUND", "Routing rule not found.");
  return rule;
}

function setPosition(tx: Database, ruleId: number, position: number, now: Date) {
  return tx
    .update(routingRules)
    .set({ position, updatedAt: now })
    .where(eq(routingRules.id, ruleId));
}

/** Renumbers 0…n-1 in the given order, writing only what changed. */
async function renumber(tx: Database, rows: { id: number; position: number }[]) {
  const now = new Date();
  for (const [position, row] of rows.entries()) {
    if (row.position !== position) await setPosition(tx, row.id, position, now);
  }
}

async function orderedRules(tx: Database) {
  return tx
    .select({ id: routingRules.id, position: routingRules.position })
    .from(routingRules)
    .orderBy(asc(routingRules.position), asc(routingRules.id));
}

export async function deleteRoutingRule(
  db: Database,
  { actor, ...input }: { actor: Actor } & z.input<typeof deleteRoutingRuleSchema>,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { ruleId } = parseInput(deleteRoutingRuleSchema, input);
  await db.transaction(async (tx) => {
    await lockRules(tx);
    const deleted = await tx
      .delete(routingRules)
      .where(eq(routingRules.id, ruleId))
      .returning({ id: routingRules.id });
    if (deleted.length === 0) throw new DomainError("NOT_FOUND", "Routing rule not found.");
    await renumber(tx, await orderedRules(tx));
  });
}

/** Swaps a rule with its neighbour; at either end it is a no-op. */
export async function moveRoutingRule(
  db: Database,
  { actor, ...input }: { actor: Actor } & z.input<typeof moveRoutingRuleSchema>,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { ruleId, direction } = parseInput(moveRoutingRuleSchema, input);
  await placeRule(db, ruleId, { direction });
}

/** Puts a rule at a place in the list (drag and drop); the others keep their order around it. */
export async function placeRoutingRule(
  db: Database,
  { actor, ...input }: { actor: Actor } & z.input<typeof placeRoutingRuleSchema>,
): Promise<void> {
  assertUserCan(actor, "admin.access");
  const { ruleId, toIndex } = parseInput(placeRoutingRuleSchema, input);
  await placeRule(db, ruleId, { toIndex });
}

async function placeRule(db: Database, ruleId: number, placement: Placement) {
  await db.transaction(async (tx) => {
    await lockRules(tx);
    const now = new Date();
    await placeInOrder(
      await orderedRules(tx),
      ruleId,
      placement,
      (id, position) => setPosition(tx, id, position, now),
      "Routing rule not found.",
    );
  });
}

export type AdminRoutingRule = {
  id: number;
  position: number;
  subjectText: string;
  subjectMatch: RoutingMatch;
  mailboxId: number | null;
  mailbox: string | null;
  teamId: number | null;
  team: string | null;
  categoryId: number | null;
  category: string | null;
  categoryActive: boolean | null;
  priority: TicketPriority | null;
  isActive: boolean;
};

/** Every rule in the order they are tried. */
export async function listRoutingRulesForAdmin(
  db: Database,
  actor: Actor,
): Promise<AdminRoutingRule[]> {
  assertUserCan(actor, "admin.access");
  return db
    .select({
      id: routingRules.id,
      position: routingRules.position,
      subjectText: routingRules.subjectText,
      subjectMatch: routingRules.subjectMatch,
      mailboxId: routingRules.mailboxId,
      mailbox: mailboxes.name,
      teamId: routingRules.teamId,
      team: teams.name,
      categoryId: routingRules.categoryId,
      category: categories.name,
      categoryActive: categories.isActive,
      priority: routingRules.priority,
      isActive: routingRules.isActive,
    })
    .from(routingRules)
    .leftJoin(mailboxes, eq(mailboxes.id, routingRules.mailboxId))
    .leftJoin(teams, eq(teams.id, routingRules.teamId))
    .leftJoin(categories, eq(categories.id, routingRules.categoryId))
    .orderBy(asc(routingRules.position), asc(routingRules.id));
}

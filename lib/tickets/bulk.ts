/**
 * Bulk changes from the inbox: one set of field changes (status, priority, category, assignee, team,
 * tags added/removed) applied to selected tickets or to "all N matching" a search.
 *
 * Every ticket goes through the one field-change path (`applyTicketPatch`: status machine, audit
 * events, system messages, notifications, SLA), locked and changed one by one inside batches of
 * BULK_BATCH_SIZE tickets, each batch its own transaction. A ticket that refuses the change (an
 * invalid transition, merged, deleted, too many tags) is rolled back to its savepoint and reported
 * with the reason; the rest of the batch carries on. A search target is walked page by page in
 * ticket-number order (iterateTicketPages), so memory stays bounded and a ticket the change moves
 * out of (or into) the search is neither skipped nor visited twice.
 */
import "server-only";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { ticketPriorities, tickets, ticketStatuses, type Ticket } from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { DomainError, isDomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { assertCanWork } from "./actor";
import { lockTicket } from "./lock";
import { formatTicketNumber } from "./ref";
import { MAX_QUERY_LENGTH } from "./search/parse";
import { countTickets, iterateTicketPages } from "./search/query";
import { resolveQuery } from "./search/resolve";
import { getTicketTagNames, normaliseTagNames, tagNameSchema } from "./tags";
import { applyTicketPatch, type TicketChange, type TicketPatch } from "./update-ticket";

/** "All N matching" stops here: a larger change is a data migration, not an inbox action. */
export const BULK_MAX_TICKETS = 10_000;
export const BULK_BATCH_SIZE = 50;

export const bulkTargetSchema = z.union([
  z
    .object({
      ids: z
        .array(z.number().int().positive())
        .min(1, { error: "Select at least one ticket." })
        .max(BULK_MAX_TICKETS, { error: `At most ${BULK_MAX_TICKETS} tickets at once.` }),
    })
    .strict(),
  z.object({ query: z.string().max(MAX_QUERY_LENGTH) }).strict(),
]);
export type BulkTarget = z.infer<typeof bulkTargetSchema>;

const optionalId = z.number().int().positive().nullable().optional();
const tagList = z.array(tagNameSchema).max(30, { error: "At most 30 tags." }).optional();

export const bulkChangesSchema = z
  .object({
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    categoryId: optionalId,
    assigneeId: optionalId,
    teamId: optionalId,
    addTags: tagList,
    removeTags: tagList,
  })
  .strict()
  .refine(
    (c) =>
      Object.values(c).some(
        (value) => value !== undefined && !(Array.isArray(value) && !value.length),
      ),
    { error: "Choose at least one change." },
  );
export type BulkChanges = z.infer<typeof bulkChangesSchema>;

export type BulkFailure = { number: number; reason: string };
export type BulkUpdateResult = { updated: number; failed: BulkFailure[] };

/** One ticket's outcome, for the adapter's after-commit work (events, emails). */
export type BulkTicketResult = {
  ticket: Ticket;
  changes: TicketChange[];
  outboundEmailIds: number[];
};

type TargetRow = { id: number; number: number };

/**
 * The target's tickets in batches. Ids are read in the order given (unknown ids are reported by the
 * caller); a search is resolved, counted against the cap, and walked in number order.
 */
export async function* targetBatches(
  db: Database,
  actor: UserActor,
  target: BulkTarget,
  now: Date,
): AsyncGenerator<{ rows: TargetRow[]; missing: number[] }> {
  if ("ids" in target) {
    const ids = [...new Set(target.ids)];
    for (let i = 0; i < ids.length; i += BULK_BATCH_SIZE) {
      const chunk = ids.slice(i, i + BULK_BATCH_SIZE);
      const found = await db
        .select({ id: tickets.id, number: tickets.number })
        .from(tickets)
        .where(inArray(tickets.id, chunk));
      const byId = new Map(found.map((row) => [row.id, row]));
      yield {
        rows: chunk.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
        missing: chunk.filter((id) => !byId.has(id)),
      };
    }
    return;
  }
  const search = await resolveQuery(db, actor, target.query, now);
  if (search.problems.length > 0) {
    throw new DomainError(
      "INVALID",
      search.problems.map((p) => `${p.term}: ${p.message}`).join(" "),
    );
  }
  const total = await countTickets(db, { actor, search, now });
  if (total > BULK_MAX_TICKETS) {
    throw new DomainError(
      "INVALID",
      `${total.toLocaleString("en")} tickets match; a bulk action changes at most ${BULK_MAX_TICKETS.toLocaleString("en")} at once. Narrow the search and repeat.`,
    );
  }
  let seen = 0;
  // Number order: a change never moves a ticket past the cursor, so each is visited once.
  for await (const page of iterateTicketPages(db, {
    actor,
    search,
    sort: "number",
    now,
    highlight: false,
  })) {
    for (let i = 0; i < page.length && seen < BULK_MAX_TICKETS; i += BULK_BATCH_SIZE) {
      const rows = page
        .slice(i, Math.min(i + BULK_BATCH_SIZE, i + BULK_MAX_TICKETS - seen))
        .map((row) => ({ id: row.id, number: row.number }));
      seen += rows.length;
      yield { rows, missing: [] };
    }
    if (seen >= BULK_MAX_TICKETS) return;
  }
}

async function patchFor(tx: Database, current: Ticket, changes: BulkChanges): Promise<TicketPatch> {
  const patch: TicketPatch = {};
  if (changes.status !== undefined) patch.status = changes.status;
  if (changes.priority !== undefined) patch.priority = changes.priority;
  if (changes.categoryId !== undefined) patch.categoryId = changes.categoryId;
  if (changes.assigneeId !== undefined) patch.assigneeId = changes.assigneeId;
  if (changes.teamId !== undefined) patch.teamId = changes.teamId;
  if (changes.addTags?.length || changes.removeTags?.length) {
    const remove = new Set(normaliseTagNames(changes.removeTags ?? []));
    const current_ = await getTicketTagNames(tx, current.id);
    patch.tags = normaliseTagNames([...current_, ...(changes.addTags ?? [])]).filter(
      (name) => !remove.has(name),
    );
  }
  return patch;
}

/** Runs `work` on each ticket of a batch inside one transaction, each behind its own savepoint. */
async function runBatch<T>(
  db: Database,
  rows: TargetRow[],
  work: (tx: Database, current: Ticket) => Promise<T>,
): Promise<{ done: T[]; failed: BulkFailure[] }> {
  const failed: BulkFailure[] = [];
  const done = await db.transaction(async (tx) => {
    const results: T[] = [];
    for (const row of rows) {
      try {
        results.push(
          await tx.transaction(async (savepoint) => {
            const current = await lockTicket(savepoint, { id: row.id });
            return work(savepoint, current);
          }),
        );
      } catch (error) {
        if (isDomainError(error)) {
          failed.push({ number: row.number, reason: error.message });
        } else {
          console.error("[bulk] a ticket failed unexpectedly", { ticketId: row.id, error });
          failed.push({ number: row.number, reason: "Something went wrong with this ticket." });
        }
      }
    }
    return results;
  });
  return { done, failed };
}

export async function bulkUpdateTickets(
  db: Database,
  input: {
    actor: UserActor;
    target: BulkTarget;
    changes: BulkChanges;
    now?: Date;
    mail?: MailSettings;
    /** After each batch commits: the adapter dispatches events and emails for it. */
    onBatchCommitted?: (results: BulkTicketResult[]) => Promise<void>;
  },
): Promise<BulkUpdateResult> {
  const actor = assertCanWork(input.actor) as UserActor;
  const changes = bulkChangesSchema.parse(input.changes);
  const now = input.now ?? new Date();
  const result: BulkUpdateResult = { updated: 0, failed: [] };
  for await (const batch of targetBatches(db, actor, input.target, now)) {
    for (const id of batch.missing) {
      result.failed.push({ number: 0, reason: `Ticket #${id} no longer exists.` });
    }
    const { done, failed } = await runBatch(db, batch.rows, async (tx, current) => {
      if (current.deletedAt) {
        throw new DomainError("CONFLICT", `${formatTicketNumber(current.number)} was deleted.`);
      }
      const patch = await patchFor(tx, current, changes);
      return applyTicketPatch(tx, current, patch, { actor, now, mail: input.mail });
    });
    result.updated += done.length;
    result.failed.push(...failed);
    if (done.length) await input.onBatchCommitted?.(done);
  }
  return result;
}

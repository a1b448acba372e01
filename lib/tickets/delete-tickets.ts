/**
 * Deleting tickets (admins, from the inbox): a soft delete that hides the ticket everywhere — the
 * inbox, search, counts, exports, the REST API, the ticket page for agents, inbound threading — and
 * can be undone until the retention period (`tickets.deletedRetentionDays`, default 30) has passed;
 * then the timer sweep purges the ticket for good (rows, and the bytes of its attachments).
 *
 * Each delete and restore is audited on the ticket (`ticket.deleted` / `ticket.restored`). A purge
 * removes the ticket with its audit trail (the events cascade); what remains is one `audit_log` row
 * per purged ticket — its number and subject, when it was deleted and by whom — so that "where did
 * TKT-123 go?" still has an answer.
 */
import "server-only";
import { and, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Database } from "@/db/client";
import { attachments, auditLog, tickets, users } from "@/db/schema";
import { assertUserCan, type UserActor } from "@/lib/auth/permissions";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import { getSetting } from "@/lib/settings";
import { recordEvent } from "./history";
import { targetBatches, type BulkTarget } from "./bulk";

export const restoreTicketsSchema = z.object({
  ids: z
    .array(z.number().int().positive())
    .min(1, { error: "Choose at least one ticket." })
    .max(1000, { error: "At most 1,000 tickets at once." }),
});

/** Soft-deletes the target's tickets; already deleted ones are left as they are. */
export async function deleteTickets(
  db: Database,
  input: { actor: UserActor; target: BulkTarget; now?: Date },
): Promise<{ deleted: number }> {
  const actor = assertUserCan(input.actor, "tickets.delete");
  const now = input.now ?? new Date();
  let deleted = 0;
  for await (const batch of targetBatches(db, actor, input.target, now)) {
    if (batch.rows.length === 0) continue;
    deleted += await db.transaction(async (tx) => {
      const rows = await tx
        .update(tickets)
        .set({ deletedAt: now, deletedByUserId: actor.id })
        .where(
          and(
            inArray(
              tickets.id,
              batch.rows.map((r) => r.id),
            ),
            isNull(tickets.deletedAt),
          ),
        )
        .returning({ id: tickets.id });
      for (const row of rows) {
        await recordEvent(tx, { ticketId: row.id, actor, type: "ticket.deleted", at: now });
      }
      return rows.length;
    });
  }
  return { deleted };
}

/** Brings deleted tickets back (until they are purged). */
export async function restoreTickets(
  db: Database,
  input: { actor: UserActor; ids: number[]; now?: Date },
): Promise<{ restored: number }> {
  const actor = assertUserCan(input.actor, "tickets.delete");
  const { ids } = restoreTicketsSchema.parse({ ids: input.ids });
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(tickets)
      .set({ deletedAt: null, deletedByUserId: null })
      .where(and(inArray(tickets.id, ids), isNotNull(tickets.deletedAt)))
      .returning({ id: tickets.id });
    for (const row of rows) {
      await recordEvent(tx, { ticketId: row.id, actor, type: "ticket.restored", at: now });
    }
    return { restored: rows.length };
  });
}

const PURGE_BATCH = 200;

/**
 * Hard-deletes tickets deleted more than `retentionDays` ago, in batches; returns how many and the
 * storage keys of their attachments (the caller removes the bytes after the commit). Tickets merged
 * into a purged ticket go with it (they are hidden parts of its conversation); follow-ups of a purged
 * ticket stay and lose the link. Safe to run twice or concurrently: rows are locked `skip locked`.
 */
export async function purgeDeletedTickets(
  db: Database,
  input: { now: Date; retentionDays: number; limit?: number },
): Promise<{ purged: number; storageKeys: string[] }> {
  const cutoff = new Date(input.now.getTime() - input.retentionDays * 86_400_000);
  const limit = input.limit ?? 5_000;
  let purged = 0;
  const storageKeys: string[] = [];
  while (purged < limit) {
    const batch = await db.transaction(async (tx) => {
      const expired = await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(isNotNull(tickets.deletedAt), lt(tickets.deletedAt, cutoff)))
        .orderBy(tickets.deletedAt)
        .limit(Math.min(PURGE_BATCH, limit - purged))
        .for("update", { skipLocked: true });
      if (expired.length === 0) return null;
      const roots = expired.map((r) => r.id);
      const withMerged = rowsOf<{ id: number | string }>(
        await tx.execute(sql`
          with recursive doomed(id) as (
            select unnest(${sql.raw(`array[${roots.join(",")}]::bigint[]`)})
            union
            select t.id from tickets t join doomed d on t.merged_into_id = d.id
          )
          select id from doomed`),
      ).map((r) => Number(r.id));
      await tx
        .update(tickets)
        .set({ followUpOfId: null })
        .where(inArray(tickets.followUpOfId, withMerged));
      const files = await tx
        .select({ storageKey: attachments.storageKey })
        .from(attachments)
        .where(inArray(attachments.ticketId, withMerged));
      // The record that outlives the ticket (not a foreign key to it), in the same transaction.
      await tx.execute(sql`
        insert into ${auditLog} (action, actor_user_id, data, created_at)
        select 'ticket.purged', null,
               jsonb_build_object(
                 'ticketId', t.id, 'number', t.number, 'subject', t.subject,
                 'deletedAt', to_char(t.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'deletedByUserId', t.deleted_by_user_id,
                 'deletedByName', u.name, 'mergedIntoId', t.merged_into_id),
               ${input.now.toISOString()}::timestamptz
          from ${tickets} t left join ${users} u on u.id = t.deleted_by_user_id
         where ${inArray(sql`t.id`, withMerged)}
         order by t.id`);
      // Merged children first: they reference the roots.
      await tx.update(tickets).set({ mergedIntoId: null }).where(inArray(tickets.id, withMerged));
      await tx.delete(tickets).where(inArray(tickets.id, withMerged));
      return { count: expired.length, keys: files.map((f) => f.storageKey) };
    });
    if (!batch) break;
    purged += batch.count;
    storageKeys.push(...batch.keys);
  }
  return { purged, storageKeys };
}

/**
 * The timer sweep's call: reads the retention setting, purges, removes the purged attachments'
 * bytes. Never throws — a failed purge is logged and retried on the next sweep.
 */
export async function sweepDeletedTickets(
  db: Database,
  input: { now: Date; storage?: () => AttachmentStorage },
): Promise<number> {
  try {
    const retentionDays = await getSetting(db, "tickets.deletedRetentionDays");
    const { purged, storageKeys } = await purgeDeletedTickets(db, {
      now: input.now,
      retentionDays,
    });
    if (storageKeys.length > 0 && input.storage) {
      const storage = input.storage();
      for (const key of storageKeys) {
        await storage.remove(key).catch((error: unknown) => {
          console.error("[tickets] could not remove bytes of a purged ticket", { key, error });
        });
      }
    }
    return purged;
  } catch (error) {
    console.error("[tickets] purging deleted tickets failed", error);
    return 0;
  }
}

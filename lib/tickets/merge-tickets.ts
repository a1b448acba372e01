/**
 * Merging a duplicate into the ticket that carries on: messages, attachments, subscribers,
 * participants and tags move to the target; the source closes, pointing at the target, so later email
 * replies to the source land in the target (threading follows merged_into).
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  attachments,
  contacts,
  messages,
  ticketParticipants,
  ticketSubscribers,
  tickets,
  ticketTags,
  type Ticket,
} from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { addSystemMessage, recordEvent } from "./history";
import { assertNotMerged, findTicket, lockTicket, type TicketRef } from "./lock";
import { formatTicketNumber } from "./ref";

export async function mergeTickets(
  db: Database,
  input: { actor: Actor; source: TicketRef; target: TicketRef; now?: Date },
): Promise<{ source: Ticket; target: Ticket }> {
  const actor = assertUserCan(input.actor, "tickets.work");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const sourceId = (await findTicket(tx, input.source))?.id;
    const targetId = (await findTicket(tx, input.target))?.id;
    if (!sourceId || !targetId) throw new DomainError("NOT_FOUND", "Ticket not found.");
    if (sourceId === targetId)
      throw new DomainError("INVALID", "A ticket cannot be merged into itself.");
    // Lock both in id order so two opposite merges cannot deadlock.
    const locked = new Map<number, Ticket>();
    for (const id of [sourceId, targetId].sort((a, b) => a - b)) {
      locked.set(id, await lockTicket(tx, { id }));
    }
    const source = locked.get(sourceId)!;
    const target = locked.get(targetId)!;
    assertNotMerged(source);
    assertNotMerged(target);
    if (target.status === "closed") {
      throw new DomainError(
        "CONFLICT",
        `${formatTicketNumber(target.number)} is closed; merge into an open ticket instead.`,
      );
    }
    const sourceRef = formatTicketNumber(source.number);
    const targetRef = formatTicketNumber(target.number);

    await tx.update(messages).set({ ticketId: target.id }).where(eq(messages.ticketId, source.id));
    await tx
      .update(attachments)
      .set({ ticketId: target.id })
      .where(eq(attachments.ticketId, source.id));
    await tx.execute(sql`
      insert into ${ticketSubscribers} (ticket_id, email, name, contact_id, created_at)
      select ${target.id}, email, name, contact_id, created_at from ${ticketSubscribers}
      where ticket_id = ${source.id}
      on conflict do nothing`);
    await tx.delete(ticketSubscribers).where(eq(ticketSubscribers.ticketId, source.id));
    if (source.requesterId !== target.requesterId) {
      // The other requester keeps hearing about the conversation they started.
      const [requester] = await tx
        .select()
        .from(contacts)
        .where(eq(contacts.id, source.requesterId));
      if (requester) {
        await tx
          .insert(ticketSubscribers)
          .values({
            ticketId: target.id,
            email: requester.email,
            name: requester.name,
            contactId: requester.id,
          })
          .onConflictDoNothing();
      }
    }
    await tx.execute(sql`
      insert into ${ticketParticipants} (ticket_id, user_id, added_by_user_id, created_at)
      select ${target.id}, user_id, added_by_user_id, created_at from ${ticketParticipants}
      where ticket_id = ${source.id}
      on conflict do nothing`);
    await tx.execute(sql`
      insert into ${ticketTags} (ticket_id, tag_id)
      select ${target.id}, tag_id from ${ticketTags} where ticket_id = ${source.id}
      on conflict do nothing`);

    const [closedSource] = await tx
      .update(tickets)
      .set({
        status: "closed",
        mergedIntoId: target.id,
        closedAt: now,
        resolvedAt: source.resolvedAt ?? now,
        snoozedUntil: null,
        remindAt: null,
        autoSolveAt: null,
        updatedAt: now,
      })
      .where(eq(tickets.id, source.id))
      .returning();
    const [updatedTarget] = await tx
      .update(tickets)
      .set({
        updatedAt: now,
        // Both rows are locked, so their values are current.
        lastMessageAt:
          source.lastMessageAt > target.lastMessageAt ? source.lastMessageAt : target.lastMessageAt,
      })
      .where(eq(tickets.id, target.id))
      .returning();

    await recordEvent(tx, {
      ticketId: source.id,
      actor,
      type: "ticket.merged_into",
      data: { targetId: target.id },
      at: now,
    });
    await recordEvent(tx, {
      ticketId: target.id,
      actor,
      type: "ticket.merged_from",
      data: { sourceId: source.id },
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: source.id,
      text: `${actor.name} merged this ticket into ${targetRef}`,
      at: now,
    });
    await addSystemMessage(tx, {
      ticketId: target.id,
      text: `${actor.name} merged ${sourceRef} (“${source.subject}”) into this ticket`,
      at: now,
    });
    return { source: closedSource!, target: updatedTarget! };
  });
}

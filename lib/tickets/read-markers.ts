/**
 * Which tickets an agent has seen since they last changed: opening a ticket records the time in
 * `ticket_reads`, and the inbox shows a ticket as unread (bold with a dot) while it has been updated
 * after that. Only the agent's own marker is touched; nothing else about the ticket changes.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ticketReads, tickets } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";

/**
 * Marks the ticket read for the actor as of now. The stored time is never earlier than the ticket's
 * own `updated_at`, so a clock difference between the app (which stamps updates) and the database
 * cannot leave a ticket the agent just opened looking unread. A missing ticket is a no-op.
 */
export async function markTicketRead(
  db: Database,
  input: { actor: Actor; ticketId: number },
): Promise<void> {
  const actor = assertUserCan(input.actor, "tickets.view");
  await db.execute(sql`
    insert into ${ticketReads} (user_id, ticket_id, read_at)
    select ${actor.id}, ${tickets.id}, greatest(now(), ${tickets.updatedAt})
      from ${tickets}
     where ${tickets.id} = ${input.ticketId}
    on conflict (user_id, ticket_id)
    do update set read_at = greatest(excluded.read_at, ${ticketReads.readAt})`);
}

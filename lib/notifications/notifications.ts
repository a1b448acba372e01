/** In-app notifications (the bell): written inside the change that causes them, read by their owner. */
import { and, count, desc, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { notifications, tickets, type NotificationType } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";

export type NewNotification = {
  userId: number;
  type: NotificationType;
  ticketId?: number | null;
  messageId?: number | null;
  actorUserId?: number | null;
  title: string;
  body?: string;
  createdAt?: Date;
};

export async function notify(tx: Database, items: NewNotification[]): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(notifications).values(items);
}

export async function listNotifications(
  db: Database,
  input: { actor: Actor; limit?: number; before?: number },
) {
  const actor = assertUserCan(input.actor, "console.access");
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  return db
    .select({
      id: notifications.id,
      type: notifications.type,
      title: notifications.title,
      body: notifications.body,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      ticketNumber: tickets.number,
    })
    .from(notifications)
    .leftJoin(tickets, eq(tickets.id, notifications.ticketId))
    .where(
      and(
        eq(notifications.userId, actor.id),
        input.before ? lt(notifications.id, input.before) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(limit);
}

export async function countUnreadNotifications(db: Database, actor: Actor): Promise<number> {
  const user = assertUserCan(actor, "console.access");
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the given notifications (or all) of the actor as read; others' rows are never touched. */
export async function markNotificationsRead(
  db: Database,
  input: { actor: Actor; ids?: number[]; now?: Date },
): Promise<number> {
  const user = assertUserCan(input.actor, "console.access");
  const updated = await db
    .update(notifications)
    .set({ readAt: input.now ?? new Date() })
    .where(
      and(
        eq(notifications.userId, user.id),
        isNull(notifications.readAt),
        input.ids ? inArray(notifications.id, input.ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return updated.length;
}

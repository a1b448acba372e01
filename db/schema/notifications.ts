/** In-app notifications for agents (the bell), and the @mentions that cause some of them. */
import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { foreignId, id, timestamptz } from "./columns";
import { messages } from "./messages";
import { tickets } from "./tickets";
import { users } from "./users";

export const notificationTypes = [
  "mention",
  "assigned",
  "participant_added",
  "customer_replied",
  "ticket_created",
  "ticket_moved",
  "ticket_taken",
  "reminder",
  "snooze_ended",
  "sla_warning",
  "sla_breached",
  "mailbox_disabled",
  "mail_loop",
] as const;
export type NotificationType = (typeof notificationTypes)[number];

export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: foreignId("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<NotificationType>().notNull(),
    ticketId: foreignId("ticket_id").references(() => tickets.id, { onDelete: "cascade" }),
    messageId: foreignId("message_id").references(() => messages.id, { onDelete: "cascade" }),
    actorUserId: foreignId("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    readAt: timestamptz("read_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_created_idx").on(t.userId, t.createdAt.desc()),
    index("notifications_user_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

export const mentions = pgTable(
  "mentions",
  {
    messageId: foreignId("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: foreignId("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] })],
);

export type Notification = typeof notifications.$inferSelect;

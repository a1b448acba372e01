/** Status-like columns are Postgres enums; the TypeScript unions come from the same lists. */
import { pgEnum } from "drizzle-orm/pg-core";

export const userRoles = ["admin", "agent"] as const;
export type UserRole = (typeof userRoles)[number];
export const userRoleEnum = pgEnum("user_role", userRoles);

export const ticketStatuses = [
  "open",
  "pending",
  "in_progress",
  "on_hold",
  "resolved",
  "closed",
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketStatusEnum = pgEnum("ticket_status", ticketStatuses);

export const ticketPriorities = ["urgent", "high", "medium", "low"] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const ticketPriorityEnum = pgEnum("ticket_priority", ticketPriorities);

export const ticketChannels = ["email", "web", "phone", "chat", "internal"] as const;
export type TicketChannel = (typeof ticketChannels)[number];
export const ticketChannelEnum = pgEnum("ticket_channel", ticketChannels);

export const messageKinds = ["reply", "note", "system"] as const;
export type MessageKind = (typeof messageKinds)[number];
export const messageKindEnum = pgEnum("message_kind", messageKinds);

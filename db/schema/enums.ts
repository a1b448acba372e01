/** Status-like columns are Postgres enums; the TypeScript unions come from the lists in enum-values.ts. */
import { pgEnum } from "drizzle-orm/pg-core";
import {
  messageKinds,
  routingMatches,
  ticketChannels,
  ticketPriorities,
  ticketStatuses,
  userRoles,
} from "./enum-values";

export * from "./enum-values";

export const userRoleEnum = pgEnum("user_role", userRoles);
export const ticketStatusEnum = pgEnum("ticket_status", ticketStatuses);
export const ticketPriorityEnum = pgEnum("ticket_priority", ticketPriorities);
export const ticketChannelEnum = pgEnum("ticket_channel", ticketChannels);
export const messageKindEnum = pgEnum("message_kind", messageKinds);
export const routingMatchEnum = pgEnum("routing_match", routingMatches);

/** The values of every enum column, free of any database import so client components can use them. */

export const userRoles = ["admin", "agent"] as const;
export type UserRole = (typeof userRoles)[number];

export const ticketStatuses = [
  "open",
  "pending",
  "in_progress",
  "on_hold",
  "resolved",
  "closed",
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketPriorities = ["urgent", "high", "medium", "low"] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const ticketChannels = ["email", "web", "phone", "chat", "internal"] as const;
export type TicketChannel = (typeof ticketChannels)[number];

export const messageKinds = ["reply", "note", "system"] as const;
export type MessageKind = (typeof messageKinds)[number];

/** How a routing rule's text is compared with a new ticket's subject (case-insensitive). */
export const routingMatches = ["contains", "equals", "starts_with"] as const;
export type RoutingMatch = (typeof routingMatches)[number];

/** Human words for enum values, shared by the console, emails and exports. */
import type {
  MessageKind,
  RoutingMatch,
  TicketChannel,
  TicketPriority,
  TicketStatus,
} from "@/db/schema";

export const statusLabels: Record<TicketStatus, string> = {
  open: "Open",
  pending: "Pending",
  in_progress: "In Progress",
  on_hold: "On Hold",
  resolved: "Resolved",
  closed: "Closed",
};

export const priorityLabels: Record<TicketPriority, string> = {
  urgent: "Urgent",
  high: "High",
  medium: "Medium",
  low: "Low",
};

export const channelLabels: Record<TicketChannel, string> = {
  email: "Email",
  web: "Web",
  phone: "Phone",
  chat: "Chat",
  internal: "Internal",
};

export const messageKindLabels: Record<MessageKind, string> = {
  reply: "Reply",
  note: "Internal note",
  system: "System",
};

/** How a routing rule reads in the admin list and in a ticket's history: "subject starts with …". */
export const routingMatchLabels: Record<RoutingMatch, string> = {
  contains: "contains",
  equals: "is",
  starts_with: "starts with",
};

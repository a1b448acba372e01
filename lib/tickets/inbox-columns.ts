/**
 * The inbox table's columns by id: shared by the table (client), the per-agent column preference
 * (lib/users/preferences.ts) and its server action, so a saved preference can only name real columns.
 */
export const inboxColumnIds = [
  "number",
  "subject",
  "requester",
  "status",
  "priority",
  "category",
  "channel",
  "assignee",
  "team",
  "tags",
  "sla",
  "created",
  "updated",
  "due",
] as const;
export type InboxColumnId = (typeof inboxColumnIds)[number];

export const inboxColumnLabels: Record<InboxColumnId, string> = {
  number: "Ticket",
  subject: "Subject",
  requester: "Requester",
  status: "Status",
  priority: "Priority",
  category: "Category",
  channel: "Channel",
  assignee: "Assignee",
  team: "Team",
  tags: "Tags",
  sla: "SLA",
  created: "Created",
  updated: "Updated",
  due: "Due",
};

/** Shown until an agent picks their own; the subject is always shown. */
export const defaultInboxColumns: InboxColumnId[] = [
  "number",
  "subject",
  "requester",
  "status",
  "priority",
  "assignee",
  "sla",
  "updated",
];

/** Columns that cannot be hidden: without them a row cannot be recognised or opened. */
export const requiredInboxColumns: InboxColumnId[] = ["subject"];

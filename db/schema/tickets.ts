/**
 * Tickets: one conversation with one requester. `number` comes from its own sequence so that numbers
 * are unique under concurrency and never reused; it is shown as TKT-001.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  index,
  pgSequence,
  pgTable,
  primaryKey,
  text,
} from "drizzle-orm/pg-core";
import type { SlaState } from "@/lib/sla/engine";
import { categories } from "./categories";
import { foreignId, id, timestamps, timestamptz } from "./columns";
import { contacts } from "./contacts";
import { ticketChannelEnum, ticketPriorityEnum, ticketStatusEnum } from "./enums";
import { mailboxes } from "./mailboxes";
import { slaPolicies } from "./sla";
import { teams } from "./teams";
import { users } from "./users";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const ticketNumberSeq = pgSequence("ticket_number_seq", { startWith: 1 });

export const tickets = pgTable(
  "tickets",
  {
    id: id(),
    number: bigint("number", { mode: "number" })
      .notNull()
      .unique()
      .default(sql`nextval('ticket_number_seq')`),
    subject: text("subject").notNull(),
    status: ticketStatusEnum("status").notNull().default("open"),
    priority: ticketPriorityEnum("priority").notNull().default("medium"),
    channel: ticketChannelEnum("channel").notNull(),
    categoryId: foreignId("category_id").references(() => categories.id, { onDelete: "set null" }),
    requesterId: foreignId("requester_id")
      .notNull()
      .references(() => contacts.id),
    assigneeId: foreignId("assignee_id").references(() => users.id, { onDelete: "set null" }),
    teamId: foreignId("team_id").references(() => teams.id, { onDelete: "set null" }),
    mailboxId: foreignId("mailbox_id").references(() => mailboxes.id, { onDelete: "set null" }),
    dueAt: timestamptz("due_at"),
    snoozedUntil: timestamptz("snoozed_until"),
    remindAt: timestamptz("remind_at"),
    autoSolveAt: timestamptz("auto_solve_at"),
    /** Whether auto-solve sends the requester the conversation summary (the agent's choice). */
    autoSolveSendSummary: boolean("auto_solve_send_summary").notNull().default(false),
    mergedIntoId: foreignId("merged_into_id").references((): AnyPgColumn => tickets.id),
    followUpOfId: foreignId("follow_up_of_id").references((): AnyPgColumn => tickets.id),
    lastMessageAt: timestamptz("last_message_at").notNull().defaultNow(),
    resolvedAt: timestamptz("resolved_at"),
    closedAt: timestamptz("closed_at"),
    // Denormalised SLA result (lib/sla/ticket-sla.ts), rewritten in every transaction that changes
    // what the clocks depend on. Null state = no policy applies.
    slaPolicyId: foreignId("sla_policy_id").references(() => slaPolicies.id, {
      onDelete: "set null",
    }),
    slaState: text("sla_state").$type<SlaState>(),
    /** The earliest due time of a running clock. */
    slaDueAt: timestamptz("sla_due_at"),
    /** When a running clock next warns or breaches by itself (the engine's `nextCheckAt`). */
    slaNextCheckAt: timestamptz("sla_next_check_at"),
    /** Soft delete (admins, from the inbox): hidden everywhere, restorable until purged. */
    deletedAt: timestamptz("deleted_at"),
    deletedByUserId: foreignId("deleted_by_user_id").references(() => users.id, {
      onDelete: "set null",
    }),
    ...timestamps,
  },
  (t) => [
    // The console's default lists: by status, newest activity first, keyset on (updated_at, id).
    index("tickets_status_updated_idx").on(t.status, t.updatedAt.desc(), t.id.desc()),
    index("tickets_assignee_status_updated_idx").on(
      t.assigneeId,
      t.status,
      t.updatedAt.desc(),
      t.id.desc(),
    ),
    index("tickets_updated_idx").on(t.updatedAt.desc(), t.id.desc()),
    index("tickets_requester_created_idx").on(t.requesterId, t.createdAt.desc()),
    index("tickets_team_status_idx").on(t.teamId, t.status),
    // A ticket's follow-ups (the inbound loop stop counts their mail with the ticket's).
    index("tickets_follow_up_of_idx")
      .on(t.followUpOfId)
      .where(sql`${t.followUpOfId} is not null`),
    // The timer sweep finds due reminders, snoozes and auto-solves through these (few rows each).
    index("tickets_remind_at_idx")
      .on(t.remindAt)
      .where(sql`${t.remindAt} is not null`),
    index("tickets_snoozed_until_idx")
      .on(t.snoozedUntil)
      .where(sql`${t.snoozedUntil} is not null`),
    index("tickets_auto_solve_at_idx")
      .on(t.autoSolveAt)
      .where(sql`${t.autoSolveAt} is not null`),
    index("tickets_sla_next_check_idx")
      .on(t.slaNextCheckAt)
      .where(sql`${t.slaNextCheckAt} is not null`),
    index("tickets_sla_state_idx").on(t.slaState),
    // Fuzzy subject match (`%` / similarity) for the search bar.
    index("tickets_subject_trgm_idx").using("gin", t.subject.op("gin_trgm_ops")),
    // The inbox list (lib/tickets/search/query.ts) reads live tickets — not merged, not deleted —
    // newest first, keyset-paged on (sort value, id). These partial indexes return them in that
    // order; the trailing columns let the other filters (status, priority, assignee none, team) be
    // checked inside the index instead of on the table row. bench/inbox.ts measures them.
    index("tickets_live_updated_idx")
      .on(t.updatedAt.desc(), t.id.desc(), t.status, t.priority, t.assigneeId, t.teamId)
      .where(sql`${t.mergedIntoId} is null and ${t.deletedAt} is null`),
    // The default view (status:active): a third of the entries, none to skip.
    index("tickets_active_updated_idx")
      .on(t.updatedAt.desc(), t.id.desc(), t.priority, t.assigneeId, t.teamId)
      .where(
        sql`${t.mergedIntoId} is null and ${t.deletedAt} is null and ${t.status} in ('open', 'pending', 'in_progress', 'on_hold')`,
      ),
    index("tickets_live_created_idx")
      .on(t.createdAt.desc(), t.id.desc())
      .where(sql`${t.mergedIntoId} is null and ${t.deletedAt} is null`),
    index("tickets_live_assignee_updated_idx")
      .on(t.assigneeId, t.updatedAt.desc(), t.id.desc(), t.status, t.priority)
      .where(sql`${t.mergedIntoId} is null and ${t.deletedAt} is null`),
    index("tickets_live_team_updated_idx")
      .on(t.teamId, t.updatedAt.desc(), t.id.desc(), t.status)
      .where(sql`${t.mergedIntoId} is null and ${t.deletedAt} is null`),
    // The purge finds soft-deleted tickets past their retention period.
    index("tickets_deleted_at_idx")
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} is not null`),
    check(
      "tickets_sla_state_check",
      sql`${t.slaState} in ('ok', 'at_risk', 'breached', 'paused', 'met', 'none')`,
    ),
  ],
);

/**
 * The full-text document of a ticket: subject (weight A) and message bodies (weight B), kept in its
 * own table so that ticket rows stay small and every `select()` of a ticket does not drag a large
 * tsvector along. Maintained by database triggers (migration 0008), so no write path can forget it.
 */
export const ticketSearchDocuments = pgTable(
  "ticket_search_documents",
  {
    ticketId: foreignId("ticket_id")
      .primaryKey()
      .references(() => tickets.id, { onDelete: "cascade" }),
    document: tsvector("document").notNull(),
    /**
     * The ticket is neither merged nor deleted: copied from `tickets` by triggers (migration 0013)
     * so that ranking a search reads no ticket rows; only the page's tickets are joined.
     */
    isLive: boolean("is_live").notNull().default(true),
  },
  (t) => [index("ticket_search_documents_document_idx").using("gin", t.document)],
);

/** When an agent last opened a ticket: drives the unread/updated marker in the inbox. */
export const ticketReads = pgTable(
  "ticket_reads",
  {
    userId: foreignId("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ticketId: foreignId("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    readAt: timestamptz("read_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ticketId] })],
);

export type Ticket = typeof tickets.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;

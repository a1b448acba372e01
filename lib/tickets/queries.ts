/**
 * Read side of tickets for the console: the keyset-paged list and one ticket with its conversation.
 * Every query takes the actor and returns only what that actor may see.
 */
import "server-only";
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import {
  attachments,
  categories,
  contacts,
  messages,
  tags,
  teams,
  tickets,
  ticketTags,
  users,
  type TicketStatus,
} from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export const MAX_PAGE_SIZE = 100;

export type TicketListRow = {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: (typeof tickets.$inferSelect)["priority"];
  channel: (typeof tickets.$inferSelect)["channel"];
  category: string | null;
  requesterName: string;
  requesterEmail: string;
  assigneeName: string | null;
  teamName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type TicketListPage = { rows: TicketListRow[]; nextCursor: string | null };

type Cursor = { updatedAt: Date; id: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.updatedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(value: string): Cursor | null {
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(iso ?? "");
  const numericId = Number(id);
  if (Number.isNaN(updatedAt.getTime()) || !Number.isSafeInteger(numericId)) return null;
  return { updatedAt, id: numericId };
}

function assertCanViewTickets(actor: Actor): void {
  if (!can(actor, "tickets.view")) {
    throw new DomainError("FORBIDDEN", "You do not have permission to view tickets.");
  }
}

/** Newest activity first; keyset paging on (updated_at, id) so deep pages cost the same as page one. */
export async function listTickets(
  db: Database,
  input: { actor: Actor; statuses?: TicketStatus[]; cursor?: string; limit?: number },
): Promise<TicketListPage> {
  assertCanViewTickets(input.actor);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), MAX_PAGE_SIZE);
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.cursor && !cursor) throw new DomainError("INVALID", "The page cursor is not valid.");

  const assignee = alias(users, "assignee");
  const conditions: SQL[] = [sql`${tickets.mergedIntoId} is null`];
  if (input.statuses?.length) conditions.push(inArray(tickets.status, input.statuses));
  if (cursor) {
    conditions.push(
      or(
        lt(tickets.updatedAt, cursor.updatedAt),
        and(eq(tickets.updatedAt, cursor.updatedAt), lt(tickets.id, cursor.id)),
      )!,
    );
  }

  const rows = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      channel: tickets.channel,
      category: categories.name,
      requesterName: contacts.name,
      requesterEmail: contacts.email,
      assigneeName: assignee.name,
      teamName: teams.name,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
    })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .where(and(...conditions))
    .orderBy(desc(tickets.updatedAt), desc(tickets.id))
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export async function getTicketDetail(db: Database, input: { actor: Actor; number: number }) {
  assertCanViewTickets(input.actor);
  const assignee = alias(users, "assignee");
  const [ticket] = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      channel: tickets.channel,
      category: categories.name,
      requester: { id: contacts.id, name: contacts.name, email: contacts.email },
      assigneeName: assignee.name,
      teamName: teams.name,
      dueAt: tickets.dueAt,
      snoozedUntil: tickets.snoozedUntil,
      remindAt: tickets.remindAt,
      autoSolveAt: tickets.autoSolveAt,
      mergedIntoId: tickets.mergedIntoId,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
    })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .where(eq(tickets.number, input.number))
    .limit(1);
  if (!ticket) return null;

  const authorUser = alias(users, "author_user");
  const [conversation, ticketTagRows, files] = await Promise.all([
    db
      .select({
        id: messages.id,
        kind: messages.kind,
        bodyText: messages.bodyText,
        bodyHtml: messages.bodyHtml,
        createdAt: messages.createdAt,
        authorUserName: authorUser.name,
        authorContactName: contacts.name,
        authorContactEmail: contacts.email,
      })
      .from(messages)
      .leftJoin(authorUser, eq(authorUser.id, messages.authorUserId))
      .leftJoin(contacts, eq(contacts.id, messages.authorContactId))
      .where(eq(messages.ticketId, ticket.id))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
    db
      .select({ name: tags.name })
      .from(ticketTags)
      .innerJoin(tags, eq(tags.id, ticketTags.tagId))
      .where(eq(ticketTags.ticketId, ticket.id))
      .orderBy(asc(tags.name)),
    db
      .select({
        id: attachments.id,
        messageId: attachments.messageId,
        filename: attachments.filename,
        sizeBytes: attachments.sizeBytes,
      })
      .from(attachments)
      .where(eq(attachments.ticketId, ticket.id)),
  ]);

  return {
    ...ticket,
    tags: ticketTagRows.map((t) => t.name),
    messages: conversation.map((m) => ({
      ...m,
      attachments: files.filter((f) => f.messageId === m.id),
    })),
  };
}

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof getTicketDetail>>>;

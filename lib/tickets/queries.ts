/**
 * Read side of tickets for the console: the keyset-paged list and one ticket with its conversation.
 * Every query takes the actor and returns only what that actor may see.
 */
import "server-only";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import {
  attachments,
  categories,
  contacts,
  messages,
  tags,
  teams,
  ticketParticipants,
  tickets,
  ticketSubscribers,
  ticketTags,
  timeEntries,
  users,
} from "@/db/schema";
import { can, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export {
  countTickets,
  decodeCursor,
  encodeCursor,
  iterateTicketPages,
  listTickets,
  MAX_PAGE_SIZE,
  type TicketListFilters,
  type TicketListPage,
  type TicketListRow,
} from "./search/query";

function assertCanViewTickets(actor: Actor): void {
  if (!can(actor, "tickets.view")) {
    throw new DomainError("FORBIDDEN", "You do not have permission to view tickets.");
  }
}

export async function getTicketDetail(db: Database, input: { actor: Actor; number: number }) {
  assertCanViewTickets(input.actor);
  const assignee = alias(users, "assignee");
  const mergedInto = alias(tickets, "merged_into");
  const followUpOf = alias(tickets, "follow_up_of");
  const [ticket] = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      channel: tickets.channel,
      categoryId: tickets.categoryId,
      category: categories.name,
      categorySlug: categories.slug,
      requester: {
        id: contacts.id,
        name: contacts.name,
        email: contacts.email,
        lastSeenIp: contacts.lastSeenIp,
        firstSeenAt: contacts.firstSeenAt,
      },
      assigneeId: tickets.assigneeId,
      assigneeName: assignee.name,
      assigneeEmail: assignee.email,
      teamId: tickets.teamId,
      teamName: teams.name,
      mailboxId: tickets.mailboxId,
      dueAt: tickets.dueAt,
      snoozedUntil: tickets.snoozedUntil,
      remindAt: tickets.remindAt,
      autoSolveAt: tickets.autoSolveAt,
      autoSolveSendSummary: tickets.autoSolveSendSummary,
      mergedIntoId: tickets.mergedIntoId,
      mergedIntoNumber: mergedInto.number,
      followUpOfNumber: followUpOf.number,
      resolvedAt: tickets.resolvedAt,
      closedAt: tickets.closedAt,
      slaState: tickets.slaState,
      slaDueAt: tickets.slaDueAt,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
      deletedAt: tickets.deletedAt,
    })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .leftJoin(mergedInto, eq(mergedInto.id, tickets.mergedIntoId))
    .leftJoin(followUpOf, eq(followUpOf.id, tickets.followUpOfId))
    .where(eq(tickets.number, input.number))
    .limit(1);
  if (!ticket) return null;
  // A deleted ticket is not there for agents; admins see it, to restore it.
  if (ticket.deletedAt && !can(input.actor, "tickets.delete")) return null;

  const authorUser = alias(users, "author_user");
  const participant = alias(users, "participant");
  const timeUser = alias(users, "time_user");
  const [conversation, ticketTagRows, files, participants, subscribers, time, followUps] =
    await Promise.all([
      db
        .select({
          id: messages.id,
          kind: messages.kind,
          bodyText: messages.bodyText,
          bodyHtml: messages.bodyHtml,
          emailMessageId: messages.emailMessageId,
          createdAt: messages.createdAt,
          authorUserId: messages.authorUserId,
          authorUserName: authorUser.name,
          authorUserEmail: authorUser.email,
          authorContactId: messages.authorContactId,
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
          contentType: attachments.contentType,
          sizeBytes: attachments.sizeBytes,
        })
        .from(attachments)
        .where(and(eq(attachments.ticketId, ticket.id), isNotNull(attachments.messageId))),
      db
        .select({ id: participant.id, name: participant.name, email: participant.email })
        .from(ticketParticipants)
        .innerJoin(participant, eq(participant.id, ticketParticipants.userId))
        .where(eq(ticketParticipants.ticketId, ticket.id))
        .orderBy(asc(participant.name)),
      db
        .select({
          id: ticketSubscribers.id,
          email: ticketSubscribers.email,
          name: ticketSubscribers.name,
        })
        .from(ticketSubscribers)
        .where(eq(ticketSubscribers.ticketId, ticket.id))
        .orderBy(asc(ticketSubscribers.email)),
      db
        .select({
          id: timeEntries.id,
          minutes: timeEntries.minutes,
          note: timeEntries.note,
          createdAt: timeEntries.createdAt,
          userId: timeEntries.userId,
          userName: timeUser.name,
        })
        .from(timeEntries)
        .leftJoin(timeUser, eq(timeUser.id, timeEntries.userId))
        .where(eq(timeEntries.ticketId, ticket.id))
        .orderBy(asc(timeEntries.createdAt)),
      db
        .select({ number: tickets.number })
        .from(tickets)
        .where(eq(tickets.followUpOfId, ticket.id)),
    ]);

  return {
    ...ticket,
    tags: ticketTagRows.map((t) => t.name),
    participants,
    subscribers,
    timeEntries: time,
    totalMinutes: time.reduce((sum, entry) => sum + entry.minutes, 0),
    followUpNumbers: followUps.map((f) => f.number),
    messages: conversation.map((m) => ({
      ...m,
      attachments: files.filter((f) => f.messageId === m.id),
    })),
  };
}

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof getTicketDetail>>>;

/**
 * The tickets before and after this one in the default console order (newest activity first, among
 * active tickets), for j/k navigation on the ticket page.
 */
export async function getAdjacentTickets(
  db: Database,
  input: { actor: Actor; ticket: { id: number; updatedAt: Date } },
): Promise<{ previous: number | null; next: number | null }> {
  assertCanViewTickets(input.actor);
  const active = and(
    isNull(tickets.mergedIntoId),
    isNull(tickets.deletedAt),
    inArray(tickets.status, ["open", "pending", "in_progress", "on_hold"]),
  );
  const { id, updatedAt } = input.ticket;
  const newer = or(
    gt(tickets.updatedAt, updatedAt),
    and(eq(tickets.updatedAt, updatedAt), gt(tickets.id, id)),
  );
  const older = or(
    lt(tickets.updatedAt, updatedAt),
    and(eq(tickets.updatedAt, updatedAt), lt(tickets.id, id)),
  );
  const [previous, next] = await Promise.all([
    db
      .select({ number: tickets.number })
      .from(tickets)
      .where(and(active, newer))
      .orderBy(asc(tickets.updatedAt), asc(tickets.id))
      .limit(1),
    db
      .select({ number: tickets.number })
      .from(tickets)
      .where(and(active, older))
      .orderBy(desc(tickets.updatedAt), desc(tickets.id))
      .limit(1),
  ]);
  return { previous: previous[0]?.number ?? null, next: next[0]?.number ?? null };
}

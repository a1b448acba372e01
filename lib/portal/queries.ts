/**
 * What the portal shows: a requester's own tickets, and one ticket's public conversation — replies
 * both ways with their files, never internal notes, system messages, tags, assignment or SLA details.
 * Visibility is decided by lib/auth/permissions (canViewTicket / canViewMessage with the requester as
 * the actor); a ticket the requester may not see is NOT_FOUND, exactly like one that does not exist.
 * The agent preview renders the same view for the ticket's requester, so it cannot drift from it.
 */
import "server-only";
import { and, asc, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import {
  attachments,
  contacts,
  csatRatings,
  messages,
  tickets,
  users,
  type TicketStatus,
} from "@/db/schema";
import {
  assertCanViewTicket,
  assertUserCan,
  canViewMessage,
  type Actor,
  type RequesterActor,
} from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { getPortalBranding, type PortalBranding } from "./branding";
import { customerStatusText, isFinished } from "./status-text";

/** A requester with more tickets than this sees the most recent ones. */
export const PORTAL_LIST_LIMIT = 200;

export type PortalTicketSummary = {
  number: number;
  subject: string;
  status: TicketStatus;
  statusText: string;
  createdAt: Date;
  lastMessageAt: Date | null;
};

export async function listPortalTickets(
  db: Database,
  input: { actor: RequesterActor },
): Promise<{ open: PortalTicketSummary[]; finished: PortalTicketSummary[] }> {
  const rows = await db
    .select({
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      createdAt: tickets.createdAt,
      lastMessageAt: tickets.lastMessageAt,
    })
    .from(tickets)
    // Merged tickets live on in the ticket they were merged into.
    .where(and(eq(tickets.requesterId, input.actor.contactId), isNull(tickets.mergedIntoId)))
    .orderBy(desc(tickets.lastMessageAt), desc(tickets.id))
    .limit(PORTAL_LIST_LIMIT);
  const summaries = rows.map((row) => ({ ...row, statusText: customerStatusText[row.status] }));
  return {
    open: summaries.filter((t) => !isFinished(t.status)),
    finished: summaries.filter((t) => isFinished(t.status)),
  };
}

export type PortalMessage = {
  id: number;
  fromCustomer: boolean;
  authorName: string;
  bodyText: string;
  createdAt: Date;
  attachments: { id: number; filename: string; contentType: string; sizeBytes: number }[];
};

export type PortalTicketView = {
  number: number;
  subject: string;
  status: TicketStatus;
  statusText: string;
  createdAt: Date;
  requesterEmail: string;
  /** Set when the ticket was merged into another of the same requester's tickets. */
  mergedIntoNumber: number | null;
  canReply: boolean;
  canClose: boolean;
  canRate: boolean;
  rating: { score: number; comment: string } | null;
  branding: PortalBranding;
  messages: PortalMessage[];
};

/** The ticket as its requester sees it; NOT_FOUND for anyone else's ticket. */
export async function getPortalTicket(
  db: Database,
  input: { actor: RequesterActor; number: number },
): Promise<PortalTicketView> {
  return loadView(db, input.actor, input.number);
}

/** For an agent: exactly the requester's view of the ticket (the same loader, as its requester). */
export async function getPortalTicketPreview(
  db: Database,
  input: { actor: Actor; number: number },
): Promise<PortalTicketView> {
  assertUserCan(input.actor, "tickets.view");
  const [ticket] = await db
    .select({ requesterId: tickets.requesterId, email: contacts.email })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .where(eq(tickets.number, input.number));
  if (!ticket) throw new DomainError("NOT_FOUND", "Ticket not found.");
  return loadView(
    db,
    { type: "requester", contactId: ticket.requesterId, email: ticket.email },
    input.number,
  );
}

async function loadView(
  db: Database,
  actor: RequesterActor,
  number: number,
): Promise<PortalTicketView> {
  const mergedInto = alias(tickets, "merged_into");
  const [found] = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      createdAt: tickets.createdAt,
      requesterId: tickets.requesterId,
      requesterEmail: contacts.email,
      mailboxId: tickets.mailboxId,
      mergedIntoId: tickets.mergedIntoId,
      mergedIntoNumber: mergedInto.number,
      mergedIntoRequesterId: mergedInto.requesterId,
    })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(mergedInto, eq(mergedInto.id, tickets.mergedIntoId))
    .where(eq(tickets.number, number));
  assertCanViewTicket(actor, found);
  const ticket = found!;

  const authorUser = alias(users, "author_user");
  const [conversation, files, rating, branding] = await Promise.all([
    db
      .select({
        id: messages.id,
        kind: messages.kind,
        bodyText: messages.bodyText,
        createdAt: messages.createdAt,
        authorUserName: authorUser.name,
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
      .select({
        id: attachments.id,
        messageId: attachments.messageId,
        filename: attachments.filename,
        contentType: attachments.contentType,
        sizeBytes: attachments.sizeBytes,
      })
      .from(attachments)
      .where(and(eq(attachments.ticketId, ticket.id), isNotNull(attachments.messageId)))
      .orderBy(asc(attachments.id)),
    db
      .select({ score: csatRatings.score, comment: csatRatings.comment })
      .from(csatRatings)
      .where(eq(csatRatings.ticketId, ticket.id)),
    getPortalBranding(db, ticket.mailboxId),
  ]);

  const visible = conversation.filter((m) => canViewMessage(actor, ticket, m));
  const isMerged = ticket.mergedIntoId !== null;
  return {
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    statusText: isMerged ? "Merged" : customerStatusText[ticket.status],
    createdAt: ticket.createdAt,
    requesterEmail: ticket.requesterEmail,
    mergedIntoNumber:
      isMerged && ticket.mergedIntoRequesterId === actor.contactId ? ticket.mergedIntoNumber : null,
    // A Closed ticket still takes a reply: it starts a follow-up, as an email would.
    canReply: !isMerged,
    canClose: !isMerged && ticket.status !== "closed",
    canRate: !isMerged && isFinished(ticket.status),
    rating: rating[0] ?? null,
    branding,
    messages: visible.map((m) => ({
      id: m.id,
      fromCustomer: m.authorContactId !== null,
      authorName:
        m.authorContactId !== null
          ? m.authorContactName || m.authorContactEmail || "Customer"
          : (m.authorUserName ?? "Support"),
      bodyText: m.bodyText,
      createdAt: m.createdAt,
      attachments: files.filter((f) => f.messageId === m.id),
    })),
  };
}

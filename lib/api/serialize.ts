/**
 * How tickets and messages look on the wire: snake_case keys, enum values as stored (lower snake
 * case), names instead of ids where people use names (category slug, assignee email, team name), and
 * ISO 8601 UTC dates. `loadApiTickets` reads tickets in exactly this shape for any list of ids, so the
 * list, the single read and the write endpoints all answer with the same document. Which tickets a
 * list holds is decided by the inbox's query layer (lib/tickets/search/query.ts, `listTickets`);
 * this module only shapes them.
 */
import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import {
  categories,
  contacts,
  tags,
  teams,
  tickets,
  ticketTags,
  users,
  type MessageKind,
} from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { formatTicketNumber } from "@/lib/tickets/ref";
import type { MessageJson, TicketJson } from "./schemas";

export type { MessageJson, TicketJson } from "./schemas";

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * Tickets in the API's shape, in the order of `where.ids` (or the one ticket with `where.number`).
 * Ids that do not exist are left out.
 */
export async function loadApiTickets(
  db: Database,
  input: { actor: Actor; where: { ids: number[] } | { number: number } },
): Promise<TicketJson[]> {
  assertUserCan(input.actor, "tickets.view");
  const { where } = input;
  if ("ids" in where && where.ids.length === 0) return [];
  const assignee = alias(users, "assignee");
  const mergedInto = alias(tickets, "merged_into");
  const rows = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      category: categories.slug,
      channel: tickets.channel,
      requesterEmail: contacts.email,
      requesterName: contacts.name,
      assigneeId: assignee.id,
      assigneeEmail: assignee.email,
      assigneeName: assignee.name,
      teamId: teams.id,
      teamName: teams.name,
      dueAt: tickets.dueAt,
      snoozedUntil: tickets.snoozedUntil,
      remindAt: tickets.remindAt,
      autoSolveAt: tickets.autoSolveAt,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
      mergedIntoNumber: mergedInto.number,
    })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .leftJoin(mergedInto, eq(mergedInto.id, tickets.mergedIntoId))
    .where(
      and(
        "ids" in where ? inArray(tickets.id, where.ids) : eq(tickets.number, where.number),
        // Soft-deleted tickets do not exist for the API (they are restorable in the console only).
        isNull(tickets.deletedAt),
      ),
    );
  if (rows.length === 0) return [];

  const tagRows = await db
    .select({ ticketId: ticketTags.ticketId, name: tags.name })
    .from(ticketTags)
    .innerJoin(tags, eq(tags.id, ticketTags.tagId))
    .where(
      inArray(
        ticketTags.ticketId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(tags.name));
  const tagsByTicket = new Map<number, string[]>();
  for (const tag of tagRows) {
    const list = tagsByTicket.get(tag.ticketId) ?? [];
    list.push(tag.name);
    tagsByTicket.set(tag.ticketId, list);
  }

  const byId = new Map(
    rows.map((row): [number, TicketJson] => [
      row.id,
      {
        number: row.number,
        ref: formatTicketNumber(row.number),
        subject: row.subject,
        status: row.status,
        priority: row.priority,
        category: row.category,
        channel: row.channel,
        requester: { email: row.requesterEmail, name: row.requesterName },
        assignee:
          row.assigneeId !== null && row.assigneeEmail !== null && row.assigneeName !== null
            ? { id: row.assigneeId, email: row.assigneeEmail, name: row.assigneeName }
            : null,
        team:
          row.teamId !== null && row.teamName !== null
            ? { id: row.teamId, name: row.teamName }
            : null,
        tags: tagsByTicket.get(row.id) ?? [],
        due_at: iso(row.dueAt),
        snoozed_until: iso(row.snoozedUntil),
        remind_at: iso(row.remindAt),
        auto_solve_at: iso(row.autoSolveAt),
        created_at: row.createdAt.toISOString(),
        updated_at: row.updatedAt.toISOString(),
        merged_into:
          row.mergedIntoNumber !== null ? formatTicketNumber(row.mergedIntoNumber) : null,
      },
    ]),
  );
  const order = "ids" in where ? where.ids : rows.map((r) => r.id);
  return order.flatMap((id) => {
    const ticket = byId.get(id);
    return ticket ? [ticket] : [];
  });
}

/** The one ticket with this number in the API's shape, or null. */
export async function loadApiTicket(
  db: Database,
  input: { actor: Actor; number: number },
): Promise<TicketJson | null> {
  const [ticket] = await loadApiTickets(db, {
    actor: input.actor,
    where: { number: input.number },
  });
  return ticket ?? null;
}

export type MessageSource = {
  id: number;
  kind: MessageKind;
  bodyText: string;
  bodyHtml: string | null;
  emailMessageId: string | null;
  createdAt: Date;
  author:
    | { type: "agent"; name: string | null; email: string | null }
    | { type: "customer"; name: string | null; email: string | null }
    | { type: "system" };
  attachments: { id: number; filename: string; contentType: string; sizeBytes: number }[];
};

/** The download address of an attachment through the API (token-authenticated). */
export function apiAttachmentUrl(origin: string, id: number): string {
  return `${origin}/api/v1/attachments/${id}`;
}

export function toMessageJson(message: MessageSource, origin: string): MessageJson {
  const author =
    message.author.type === "system"
      ? { type: "system" as const, name: "System", email: null }
      : { type: message.author.type, name: message.author.name, email: message.author.email };
  return {
    id: message.id,
    kind: message.kind,
    author,
    text: message.bodyText,
    html: message.bodyHtml,
    attachments: message.attachments.map((file) => ({
      id: file.id,
      filename: file.filename,
      content_type: file.contentType,
      size: file.sizeBytes,
      url: apiAttachmentUrl(origin, file.id),
    })),
    created_at: message.createdAt.toISOString(),
    message_id: message.emailMessageId,
  };
}

/** A conversation row from getTicketDetail (author columns of both kinds) as a MessageSource. */
export function messageSourceFromDetail(row: {
  id: number;
  kind: MessageKind;
  bodyText: string;
  bodyHtml: string | null;
  emailMessageId: string | null;
  createdAt: Date;
  authorUserId: number | null;
  authorUserName: string | null;
  authorUserEmail: string | null;
  authorContactId: number | null;
  authorContactName: string | null;
  authorContactEmail: string | null;
  attachments: { id: number; filename: string; contentType: string; sizeBytes: number }[];
}): MessageSource {
  const author: MessageSource["author"] =
    row.authorUserId !== null
      ? { type: "agent", name: row.authorUserName, email: row.authorUserEmail }
      : row.authorContactId !== null
        ? { type: "customer", name: row.authorContactName, email: row.authorContactEmail }
        : { type: "system" };
  return {
    id: row.id,
    kind: row.kind,
    bodyText: row.bodyText,
    bodyHtml: row.bodyHtml,
    emailMessageId: row.emailMessageId,
    createdAt: row.createdAt,
    author,
    attachments: row.attachments,
  };
}

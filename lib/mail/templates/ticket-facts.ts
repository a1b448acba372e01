/**
 * What a ticket email can say about its ticket, loaded once per change: the ticket and its people,
 * the conversation, files, custom fields and time spent. `buildTicketMaskData` turns it into the
 * values of the masks for one recipient — internal notes and agent-only fields only when the
 * audience is agents, so they never reach a requester.
 */
import "server-only";
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  attachments,
  categories,
  contacts,
  customFields,
  messages,
  ticketCustomFieldValues,
  ticketSubscribers,
  tickets,
  timeEntries,
  users,
  type Contact,
  type CustomFieldVisibility,
  type Ticket,
} from "@/db/schema";
import { formatStoredDate } from "@/lib/tickets/history";
import { channelLabels, priorityLabels, statusLabels } from "@/lib/tickets/labels";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { splitName } from "@/lib/templates/masks";
import type { EmailAudience } from "./events";
import { linkValue, type MaskData, type MaskValue } from "./masks";

/** How many messages a ticket email can quote (`#NRecent_messages#` is capped at this). */
const MESSAGE_LIMIT = 50;

export type TicketFacts = {
  ticket: Ticket;
  requester: Contact;
  assignee: { id: number; name: string; email: string } | null;
  categoryName: string | null;
  /** Replies and notes, newest first. */
  messages: { id: number; kind: "reply" | "note"; author: string; createdAt: Date; body: string }[];
  attachments: { id: number; messageId: number; filename: string; sizeBytes: number }[];
  subscribers: { email: string; name: string; contactId: number | null; isAgent: boolean }[];
  customFields: { id: number; label: string; value: string; visibility: CustomFieldVisibility }[];
  timeSpentMinutes: number;
};

export async function loadTicketFacts(tx: Database, ticketId: number): Promise<TicketFacts> {
  const facts = (await loadTicketFactsOf(tx, [ticketId])).get(ticketId);
  if (!facts) throw new Error(`ticket ${ticketId} not found for its email`);
  return facts;
}

/**
 * The facts of many tickets in at most seven queries, as many as for one (the batched timer sweep
 * renders thousands of emails per transaction); a ticket that does not exist is missing from the
 * map. `loadTicketFacts` is this with one id, so both paths see exactly the same facts.
 */
export async function loadTicketFactsOf(
  tx: Database,
  ticketIds: number[],
): Promise<Map<number, TicketFacts>> {
  const ids = [...new Set(ticketIds)];
  const out = new Map<number, TicketFacts>();
  if (ids.length === 0) return out;
  const rows = await tx
    .select({ ticket: tickets, requester: contacts, categoryName: categories.name })
    .from(tickets)
    .innerJoin(contacts, eq(contacts.id, tickets.requesterId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .where(inArray(tickets.id, ids));
  if (rows.length === 0) return out;

  const assigneeIds = [
    ...new Set(rows.flatMap((r) => (r.ticket.assigneeId === null ? [] : [r.ticket.assigneeId]))),
  ];
  // The newest MESSAGE_LIMIT replies and notes of each ticket.
  const ranked = tx
    .select({
      ticketId: messages.ticketId,
      id: messages.id,
      kind: messages.kind,
      userName: sql<string | null>`${users.name}`.as("user_name"),
      contactName: sql<string | null>`${contacts.name}`.as("contact_name"),
      contactEmail: sql<string | null>`${contacts.email}`.as("contact_email"),
      createdAt: messages.createdAt,
      body: messages.bodyText,
      rank: sql<number>`row_number() over (partition by ${messages.ticketId} order by ${messages.createdAt} desc, ${messages.id} desc)`.as(
        "rank",
      ),
    })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .leftJoin(contacts, eq(contacts.id, messages.authorContactId))
    .where(and(inArray(messages.ticketId, ids), inArray(messages.kind, ["reply", "note"])))
    .as("ranked");
  const [assignees, messageRows, files, subscribers, fields, time] = await Promise.all([
    assigneeIds.length === 0
      ? []
      : tx
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(inArray(users.id, assigneeIds)),
    tx
      .select()
      .from(ranked)
      .where(sql`${ranked.rank} <= ${MESSAGE_LIMIT}`)
      .orderBy(ranked.ticketId, desc(ranked.createdAt), desc(ranked.id)),
    tx
      .select({
        ticketId: attachments.ticketId,
        id: attachments.id,
        messageId: attachments.messageId,
        filename: attachments.filename,
        sizeBytes: attachments.sizeBytes,
      })
      .from(attachments)
      .where(and(inArray(attachments.ticketId, ids), isNotNull(attachments.messageId)))
      .orderBy(attachments.id),
    tx
      .select({
        ticketId: ticketSubscribers.ticketId,
        email: ticketSubscribers.email,
        name: ticketSubscribers.name,
        contactId: ticketSubscribers.contactId,
        // Qualified by hand: in a one-table select Drizzle leaves column names unqualified, and an
        // unqualified "email" inside the subquery would compare the user's address with itself.
        isAgent: sql<boolean>`exists (select 1 from users u where lower(u.email) = lower("ticket_subscribers"."email"))`,
      })
      .from(ticketSubscribers)
      .where(inArray(ticketSubscribers.ticketId, ids))
      .orderBy(ticketSubscribers.id),
    // Every active field for every ticket, with the ticket's value where it has one.
    tx
      .select({
        ticketId: tickets.id,
        id: customFields.id,
        label: customFields.label,
        visibility: customFields.visibility,
        value: ticketCustomFieldValues.value,
      })
      .from(customFields)
      .innerJoin(tickets, inArray(tickets.id, ids))
      .leftJoin(
        ticketCustomFieldValues,
        and(
          eq(ticketCustomFieldValues.fieldId, customFields.id),
          eq(ticketCustomFieldValues.ticketId, tickets.id),
        ),
      )
      .where(eq(customFields.isActive, true))
      .orderBy(tickets.id, customFields.position, customFields.id),
    tx
      .select({
        ticketId: timeEntries.ticketId,
        minutes: sql<number>`coalesce(sum(${timeEntries.minutes}), 0)::int`,
      })
      .from(timeEntries)
      .where(inArray(timeEntries.ticketId, ids))
      .groupBy(timeEntries.ticketId),
  ]);

  const assigneeOf = new Map(assignees.map((a) => [a.id, a]));
  const messagesOf = groupByTicket(messageRows);
  const filesOf = groupByTicket(files);
  const subscribersOf = groupByTicket(subscribers);
  const fieldsOf = groupByTicket(fields);
  const minutesOf = new Map(time.map((t) => [t.ticketId, Number(t.minutes)]));
  for (const row of rows) {
    const { ticket } = row;
    out.set(ticket.id, {
      ticket,
      requester: row.requester,
      assignee: ticket.assigneeId === null ? null : (assigneeOf.get(ticket.assigneeId) ?? null),
      categoryName: row.categoryName,
      messages: (messagesOf.get(ticket.id) ?? []).map((m) => ({
        id: m.id,
        kind: m.kind as "reply" | "note",
        author: m.userName ?? (m.contactName || m.contactEmail) ?? "Unknown",
        createdAt: m.createdAt,
        body: m.body,
      })),
      attachments: (filesOf.get(ticket.id) ?? []).map(({ id, messageId, filename, sizeBytes }) => ({
        id,
        messageId: messageId!,
        filename,
        sizeBytes,
      })),
      subscribers: (subscribersOf.get(ticket.id) ?? []).map(
        ({ email, name, contactId, isAgent }) => ({ email, name, contactId, isAgent }),
      ),
      customFields: (fieldsOf.get(ticket.id) ?? []).map((f) => ({
        id: f.id,
        label: f.label,
        visibility: f.visibility,
        value: formatFieldValue(f.value),
      })),
      timeSpentMinutes: minutesOf.get(ticket.id) ?? 0,
    });
  }
  return out;
}

/** Rows by their ticket, each list in the rows' order. */
function groupByTicket<T extends { ticketId: number | null }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    if (row.ticketId === null) continue;
    const list = groups.get(row.ticketId);
    if (list) list.push(row);
    else groups.set(row.ticketId, [row]);
  }
  return groups;
}

function formatFieldValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

export function formatMinutes(minutes: number): string {
  if (minutes <= 0) return "0 min";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h > 0 ? `${h} h` : "", m > 0 ? `${m} min` : ""].filter(Boolean).join(" ");
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatPerson(person: { name: string; email: string }): string {
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

export type MaskContext = {
  audience: EmailAudience;
  /** The person this copy goes to (for a shared Cc mail: the first To). */
  recipient: { email: string; name: string };
  /** Everyone the mail goes to. */
  recipients: { email: string; name: string }[];
  whatHappened: string;
  whatHappenedShort: string;
  /** Who caused the mail. */
  originator: string;
  /** The text the mail carries (`#Body#`); the newest visible message when not given. */
  body?: string;
  /** The message the mail carries: `#Attachments#` lists its files. */
  messageId?: number | null;
  url: string;
  ratingLinks: MaskData["ratingLinks"];
  unsubscribeUrl: string | null;
};

export function buildTicketMaskData(facts: TicketFacts, context: MaskContext): MaskData {
  const { ticket, requester, assignee } = facts;
  const isAgent = context.audience === "agent";
  const visibleMessages = facts.messages.filter((m) => isAgent || m.kind === "reply");
  const visibleIds = new Set(visibleMessages.map((m) => m.id));
  const files = facts.attachments.filter((a) => visibleIds.has(a.messageId));
  const recentIds = new Set(visibleMessages.slice(0, 5).map((m) => m.id));
  const listFiles = (list: typeof files) =>
    list.map((f) => `${f.filename} (${formatSize(f.sizeBytes)})`).join("\n");
  const { firstName, lastName } = splitName(context.recipient.name);
  const requesterName = requester.name || requester.email;
  const domain = requester.email.split("@")[1] ?? "";

  const values: Record<string, MaskValue> = {
    What_Happened: context.whatHappened,
    What_Happened_Short: context.whatHappenedShort,
    TicketID: formatTicketNumber(ticket.number),
    Subject: ticket.subject,
    Body: context.body ?? visibleMessages[0]?.body ?? "",
    Category: facts.categoryName ?? "",
    Priority: priorityLabels[ticket.priority],
    Status: statusLabels[ticket.status],
    From: requesterName,
    FromEmail: requester.email,
    FirstName: firstName,
    LastName: lastName,
    Username: context.recipient.email,
    Originator: context.originator,
    Company: domain,
    Technician: assignee?.name ?? "",
    TechnicianEmail: assignee?.email ?? "",
    Date: formatStoredDate(ticket.createdAt),
    DueDate: ticket.dueAt ? formatStoredDate(ticket.dueAt) : "",
    TimeSpent: formatMinutes(facts.timeSpentMinutes),
    Via: channelLabels[ticket.channel],
    URL: linkValue(context.url),
    Recipients: context.recipients.map(formatPerson).join(", "),
    Subscribers: facts.subscribers.map(formatPerson).join(", "),
    NonTechSubscribers: facts.subscribers
      .filter((s) => !s.isAgent)
      .map(formatPerson)
      .join(", "),
    Attachments: listFiles(
      context.messageId ? files.filter((f) => f.messageId === context.messageId) : [],
    ),
    Recent_Attachments: listFiles(files.filter((f) => recentIds.has(f.messageId))),
    Unsubscribe: context.unsubscribeUrl
      ? linkValue(context.unsubscribeUrl, "Stop receiving updates about this ticket")
      : "",
  };
  return {
    values,
    messages: visibleMessages.map((m) => ({
      author: m.author,
      date: formatStoredDate(m.createdAt),
      body: m.body,
    })),
    customFields: facts.customFields
      .filter((f) => isAgent || f.visibility === "public")
      .map(({ id, label, value }) => ({ id, label, value })),
    ratingLinks: context.ratingLinks,
  };
}

/**
 * Who hears of a ticket change, decided in the change's own transaction: in-app notifications (the
 * bell) and emails through the outbox, following the workspace's notification switches
 * (lib/notifications/settings.ts). The domain functions (create, update, post a message, customer
 * reply) call one function here each; none of them decides recipients itself.
 *
 * Agents never hear of what they did themselves. Emails go one row per recipient (agents) or as the
 * workspace chose for requester and subscribers (one mail with Cc, or one each with personal links).
 * Without `mail` (a caller with no mail context) the bell still rings and no email is written.
 */
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import {
  categories,
  teamMembers,
  users,
  type NotificationType,
  type OutboundEmail,
  type Ticket,
} from "@/db/schema";
import type { MailSettings } from "@/lib/mail/settings";
import {
  queueTicketEmail,
  requesterAndSubscribers,
  type TicketEmailRecipient,
} from "@/lib/mail/ticket-emails";
import type { EmailEventKey } from "@/lib/mail/templates/events";
import { loadTicketFacts, type TicketFacts } from "@/lib/mail/templates/ticket-facts";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { categoryFollowerIds } from "@/lib/users/user-categories";
import { notify } from "./notifications";
import { getNotificationSettings, type NotificationSettings } from "./settings";

type Common = { mail: MailSettings | undefined; now: Date };

/** Active agents and admins among `userIds`, minus the one who caused the change. */
async function activeUsers(tx: Database, userIds: number[], except: number | null) {
  const ids = [...new Set(userIds)].filter((id) => id !== except);
  if (ids.length === 0) return [];
  return tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.isActive, true)))
    .orderBy(users.id);
}

async function teamMemberIds(tx: Database, teamId: number | null): Promise<number[]> {
  if (teamId === null) return [];
  const rows = await tx
    .select({ id: teamMembers.userId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId));
  return rows.map((r) => r.id);
}

async function adminIds(tx: Database): Promise<number[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
  return rows.map((r) => r.id);
}

/** Bell + (optionally) one email per agent. Returns the outbox rows written. */
async function tellAgents(
  tx: Database,
  input: Common & {
    settings: NotificationSettings;
    ticket: Ticket;
    userIds: number[];
    actorUserId: number | null;
    type: NotificationType;
    event: EmailEventKey;
    whatHappened: string;
    whatHappenedShort: string;
    originator: string;
    inAppBody: string;
    messageId?: number | null;
    sendEmail: boolean;
    facts?: TicketFacts;
  },
): Promise<{ outboundEmailIds: number[]; userIds: number[] }> {
  const recipients = await activeUsers(tx, input.userIds, input.actorUserId);
  if (recipients.length === 0) return { outboundEmailIds: [], userIds: [] };
  await notify(
    tx,
    recipients.map((user) => ({
      userId: user.id,
      type: input.type,
      ticketId: input.ticket.id,
      messageId: input.messageId ?? null,
      actorUserId: input.actorUserId,
      title: input.whatHappened,
      body: input.inAppBody.slice(0, 200),
      createdAt: input.now,
    })),
  );
  const outboundEmailIds: number[] = [];
  if (input.sendEmail && input.mail) {
    const facts = input.facts ?? (await loadTicketFacts(tx, input.ticket.id));
    for (const user of recipients) {
      const row = await queueTicketEmail(tx, {
        mail: input.mail,
        settings: input.settings,
        event: input.event,
        facts,
        to: { email: user.email, name: user.name, kind: "agent" },
        whatHappened: input.whatHappened,
        whatHappenedShort: input.whatHappenedShort,
        originator: input.originator,
        messageId: input.messageId,
        now: input.now,
      });
      if (row) outboundEmailIds.push(row.id);
    }
  }
  return { outboundEmailIds, userIds: recipients.map((r) => r.id) };
}

/**
 * A new ticket: its assignee, then admins and the team — with the agents who follow its category —
 * as the switches say. Someone in several of these groups hears of it once.
 */
export async function notifyTicketCreated(
  tx: Database,
  input: Common & { ticket: Ticket; actorUserId: number | null; actorName: string },
): Promise<number[]> {
  const { ticket } = input;
  const settings = await getNotificationSettings(tx);
  const ref = formatTicketNumber(ticket.number);
  const ids: number[] = [];
  let told: number[] = [];
  if (ticket.assigneeId) {
    const assigned = await tellAgents(tx, {
      ...input,
      settings,
      userIds: [ticket.assigneeId],
      type: "assigned",
      event: "agent_assigned",
      whatHappened: `${input.actorName} assigned ${ref} to you`,
      whatHappenedShort: "Assigned",
      originator: input.actorName,
      inAppBody: ticket.subject,
      sendEmail: settings.assigned,
    });
    ids.push(...assigned.outboundEmailIds);
    told = assigned.userIds;
  }
  const audience = [
    ...(settings.newTicketAdmins ? await adminIds(tx) : []),
    ...(settings.newTicketTeam ? await teamMemberIds(tx, ticket.teamId) : []),
    ...(settings.newTicketTeam ? await categoryFollowerIds(tx, ticket.categoryId) : []),
  ].filter((id) => !told.includes(id));
  const created = await tellAgents(tx, {
    ...input,
    settings,
    userIds: audience,
    type: "ticket_created",
    event: "agent_new_ticket",
    whatHappened: `New ticket ${ref}: ${ticket.subject}`,
    whatHappenedShort: "New ticket",
    originator: input.actorName,
    inAppBody: ticket.subject,
    sendEmail: true,
  });
  return [...ids, ...created.outboundEmailIds];
}

/**
 * Field changes: a new assignee hears of it; an agent taking the ticket tells the team; a ticket
 * moved into a team tells that team, one moved into a category the agents who follow it (once: an
 * agent already told by the team is not told again); a closed ticket tells its requester.
 */
export async function notifyTicketChanged(
  tx: Database,
  input: Common & {
    before: Ticket;
    after: Ticket;
    actorUserId: number | null;
    actorName: string;
  },
): Promise<number[]> {
  const { before, after, actorUserId, actorName } = input;
  const assigneeChanged = after.assigneeId !== before.assigneeId && after.assigneeId !== null;
  const teamChanged = after.teamId !== before.teamId && after.teamId !== null;
  const categoryChanged = after.categoryId !== before.categoryId && after.categoryId !== null;
  const closed = after.status === "closed" && before.status !== "closed";
  if (!assigneeChanged && !teamChanged && !categoryChanged && !closed) return [];

  const settings = await getNotificationSettings(tx);
  const ref = formatTicketNumber(after.number);
  const ids: number[] = [];
  const told = new Set<number>();
  const isTaken = assigneeChanged && actorUserId !== null && after.assigneeId === actorUserId;

  if (assigneeChanged && !isTaken) {
    const result = await tellAgents(tx, {
      ...input,
      settings,
      ticket: after,
      userIds: [after.assigneeId!],
      type: "assigned",
      event: "agent_assigned",
      whatHappened: `${actorName} assigned ${ref} to you`,
      whatHappenedShort: "Assigned",
      originator: actorName,
      inAppBody: after.subject,
      sendEmail: settings.assigned,
    });
    ids.push(...result.outboundEmailIds);
    result.userIds.forEach((id) => told.add(id));
  }
  if (isTaken && settings.ticketTaken) {
    const result = await tellAgents(tx, {
      ...input,
      settings,
      ticket: after,
      userIds: await teamMemberIds(tx, after.teamId),
      type: "ticket_taken",
      event: "agent_ticket_taken",
      whatHappened: `${actorName} took ${ref}: ${after.subject}`,
      whatHappenedShort: "Taken",
      originator: actorName,
      inAppBody: after.subject,
      sendEmail: true,
    });
    ids.push(...result.outboundEmailIds);
    result.userIds.forEach((id) => told.add(id));
  }
  if (teamChanged && settings.newTicketTeam) {
    const result = await tellAgents(tx, {
      ...input,
      settings,
      ticket: after,
      userIds: (await teamMemberIds(tx, after.teamId)).filter((id) => !told.has(id)),
      type: "ticket_moved",
      event: "agent_ticket_moved",
      whatHappened: `${actorName} moved ${ref} to your team`,
      whatHappenedShort: "Moved to your team",
      originator: actorName,
      inAppBody: after.subject,
      sendEmail: true,
    });
    ids.push(...result.outboundEmailIds);
    result.userIds.forEach((id) => told.add(id));
  }
  const followers =
    categoryChanged && settings.newTicketTeam
      ? (await categoryFollowerIds(tx, after.categoryId)).filter((id) => !told.has(id))
      : [];
  if (followers.length > 0) {
    const [category] = await tx
      .select({ name: categories.name })
      .from(categories)
      .where(eq(categories.id, after.categoryId!));
    const result = await tellAgents(tx, {
      ...input,
      settings,
      ticket: after,
      userIds: followers,
      type: "ticket_moved",
      event: "agent_category_ticket_moved",
      whatHappened: `${actorName} moved ${ref} to ${category?.name ?? "your category"}`,
      whatHappenedShort: "Moved to your category",
      originator: actorName,
      inAppBody: after.subject,
      sendEmail: true,
    });
    ids.push(...result.outboundEmailIds);
  }
  if (closed && settings.ticketClosed && input.mail) {
    const facts = await loadTicketFacts(tx, after.id);
    const row = await queueTicketEmail(tx, {
      mail: input.mail,
      settings,
      event: "ticket_closed",
      facts,
      to: { email: facts.requester.email, name: facts.requester.name, kind: "requester" },
      whatHappened: `${ref} was closed`,
      whatHappenedShort: "Closed",
      originator: actorName,
      now: input.now,
    });
    if (row) ids.push(row.id);
  }
  return ids;
}

/** @mentions in a note: the bell always, an email when the mentions switch is on. */
export async function notifyMentions(
  tx: Database,
  input: Common & {
    ticket: Ticket;
    messageId: number;
    actorUserId: number;
    actorName: string;
    userIds: number[];
    body: string;
  },
): Promise<number[]> {
  if (input.userIds.length === 0) return [];
  const settings = await getNotificationSettings(tx);
  const result = await tellAgents(tx, {
    ...input,
    settings,
    type: "mention",
    event: "agent_mention",
    whatHappened: `${input.actorName} mentioned you on ${formatTicketNumber(input.ticket.number)}`,
    whatHappenedShort: "Mentioned",
    originator: input.actorName,
    inAppBody: input.body,
    sendEmail: settings.mentions,
  });
  return result.outboundEmailIds;
}

/**
 * The customer (requester or a subscriber) wrote: the assignee hears of it, the team too when the
 * switch says so; and unless only agents' updates go to subscribers, the others on the ticket get
 * a copy.
 */
export async function notifyCustomerReply(
  tx: Database,
  input: Common & {
    ticket: Ticket;
    messageId: number;
    authorEmail: string;
    authorName: string;
    body: string;
  },
): Promise<number[]> {
  const { ticket } = input;
  const settings = await getNotificationSettings(tx);
  const ref = formatTicketNumber(ticket.number);
  const author = input.authorName || input.authorEmail;
  const agents = [
    ...(ticket.assigneeId ? [ticket.assigneeId] : []),
    ...(settings.customerReplyTeam ? await teamMemberIds(tx, ticket.teamId) : []),
  ];
  // The facts feed every email below; nobody to write to (the usual case for a requester answering
  // an unassigned ticket alone) means nothing to load.
  const toOthers = !settings.subscribersAgentOnly && input.mail !== undefined;
  const facts =
    input.mail && (toOthers ? await hasOtherPeople(tx, ticket, input.authorEmail) : false)
      ? await loadTicketFacts(tx, ticket.id)
      : undefined;
  const result = await tellAgents(tx, {
    ...input,
    settings,
    facts,
    userIds: agents,
    actorUserId: null,
    type: "customer_replied",
    event: "agent_customer_replied",
    whatHappened: `${author} replied on ${ref}`,
    whatHappenedShort: "Customer replied",
    originator: author,
    inAppBody: input.body,
    sendEmail: true,
  });
  const ids = [...result.outboundEmailIds];
  if (toOthers && input.mail && facts) {
    const others = requesterAndSubscribers(facts).filter(
      (r) => r.email.toLowerCase() !== input.authorEmail.toLowerCase(),
    );
    const rows = await sendToPeople(tx, {
      mail: input.mail,
      settings,
      facts,
      people: others,
      event: "customer_update",
      whatHappened: `${author} wrote on ${ref}`,
      whatHappenedShort: "Update",
      originator: author,
      body: input.body,
      messageId: input.messageId,
      now: input.now,
    });
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/** Whether anyone but the author — the requester or a subscriber — follows the ticket by email. */
async function hasOtherPeople(tx: Database, ticket: Ticket, authorEmail: string): Promise<boolean> {
  const author = authorEmail.toLowerCase();
  const [row] = rowsOf<{ others: boolean }>(
    await tx.execute(sql`select
      exists (select 1 from contacts c where c.id = ${ticket.requesterId}
        and lower(c.email) <> ${author})
      or exists (select 1 from ticket_subscribers s where s.ticket_id = ${ticket.id}
        and lower(s.email) <> ${author}) as others`),
  );
  return Boolean(row?.others);
}

/** An agent's public reply to the requester and subscribers, with its files unless turned off. */
export async function queuePublicReply(
  tx: Database,
  input: {
    mail: MailSettings;
    ticket: Ticket;
    messageId: number;
    actorName: string;
    body: string;
    attachmentIds: number[];
    now: Date;
  },
): Promise<OutboundEmail[]> {
  const settings = await getNotificationSettings(tx);
  const facts = await loadTicketFacts(tx, input.ticket.id);
  const ref = formatTicketNumber(input.ticket.number);
  return sendToPeople(tx, {
    mail: input.mail,
    settings,
    facts,
    people: requesterAndSubscribers(facts),
    event: "reply",
    whatHappened: `${input.actorName} replied on ${ref}`,
    whatHappenedShort: "Reply",
    originator: input.actorName,
    body: input.body,
    messageId: input.messageId,
    attachmentIds: settings.includeAttachments ? input.attachmentIds : [],
    now: input.now,
  });
}

/** One mail with everyone after the first in Cc, or one mail each: the ccSubscribers switch. */
async function sendToPeople(
  tx: Database,
  input: {
    mail: MailSettings;
    settings: NotificationSettings;
    facts: TicketFacts;
    people: TicketEmailRecipient[];
    event: EmailEventKey;
    whatHappened: string;
    whatHappenedShort: string;
    originator: string;
    body: string;
    messageId: number;
    attachmentIds?: number[];
    now: Date;
  },
): Promise<OutboundEmail[]> {
  const [first, ...rest] = input.people;
  if (!first) return [];
  const groups = input.settings.ccSubscribers
    ? [{ to: first, cc: rest }]
    : input.people.map((to) => ({ to, cc: [] }));
  const rows: OutboundEmail[] = [];
  for (const group of groups) {
    const row = await queueTicketEmail(tx, {
      ...input,
      to: group.to,
      cc: group.cc,
      kind: input.event,
    });
    if (row) rows.push(row);
  }
  return rows;
}

/**
 * The automatic "we received your request" mail for a new ticket from email or the web form. It is
 * queued in the transaction that created the ticket, marked as automatic mail (Auto-Submitted etc.,
 * so auto-responders stay quiet), and carries the portal link (#URL#). Rendered from the editable
 * "acknowledgement" template (lib/mail/ticket-emails.ts) with the mailbox's message as #Body#.
 * Not sent when the mailbox turned acknowledgements off, when the address is suppressed (it
 * bounced), or when the address already got its daily allowance in the last 24 hours (the
 * `mail.acknowledgementsPerDay` setting, 3 unless an admin changed it) — which also ends mail loops
 * with another robot that opens a new ticket for every mail it gets.
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { contacts, mailboxes } from "@/db/schema";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { settingValue, storedSetting } from "@/lib/settings";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { DEFAULT_ACKNOWLEDGEMENT } from "./requester-emails";
import type { MailSettings } from "./settings";
import { queueTicketEmail } from "./ticket-emails";
import { loadTicketFacts } from "./templates/ticket-facts";

const DAY_MS = 24 * 60 * 60 * 1000;

export type AcknowledgementOutcome =
  | { sent: true; outboundEmailId: number }
  | { sent: false; reason: "disabled" | "suppressed" | "daily-limit" };

export async function enqueueAcknowledgement(
  tx: Database,
  input: {
    mail: MailSettings;
    ticket: { id: number; requesterId: number; mailboxId: number | null };
    /** The ticket's mailbox when the caller has it (saves reading it again). */
    mailbox?: {
      id: number;
      acknowledgementEnabled: boolean;
      acknowledgementMessage: string;
    } | null;
    now?: Date;
  },
): Promise<AcknowledgementOutcome> {
  const now = input.now ?? new Date();
  const { ticket } = input;
  // The ticket's mailbox, or the default one for a ticket that came in without one.
  const known =
    input.mailbox && input.mailbox.id === ticket.mailboxId
      ? {
          enabled: input.mailbox.acknowledgementEnabled,
          message: input.mailbox.acknowledgementMessage,
        }
      : undefined;
  const [mailbox] = known
    ? [known]
    : await tx
        .select({
          enabled: mailboxes.acknowledgementEnabled,
          message: mailboxes.acknowledgementMessage,
        })
        .from(mailboxes)
        .where(
          ticket.mailboxId !== null
            ? eq(mailboxes.id, ticket.mailboxId)
            : eq(mailboxes.isDefault, true),
        );
  const settings = await getNotificationSettings(tx);
  if ((mailbox && !mailbox.enabled) || !settings.acknowledgement || !settings.emailEnabled) {
    return { sent: false, reason: "disabled" };
  }

  // The requester, and how many acknowledgements their address got in the last 24 hours (through
  // their tickets: an acknowledgement goes to the ticket's requester; indexed, unlike the outbox's
  // recipient list), in one statement.
  const [found] = await tx
    .select({
      contact: contacts,
      // Qualified by hand: Drizzle leaves column names unqualified in a one-table select.
      recent: sql<number>`(select count(*)::int from outbound_emails o
        inner join tickets t on t.id = o.ticket_id
        where t.requester_id = "contacts"."id"
          and o.kind = 'acknowledgement'
          and o.status <> 'skipped'
          and o.created_at > ${new Date(now.getTime() - DAY_MS).toISOString()}::timestamptz)`,
      dailyLimit: storedSetting("mail.acknowledgementsPerDay"),
    })
    .from(contacts)
    .where(eq(contacts.id, ticket.requesterId));
  if (!found) throw new Error(`ticket ${ticket.id} has no requester row`);
  const { contact } = found;
  if (contact.suppressedAt) return { sent: false, reason: "suppressed" };
  if (found.recent >= settingValue("mail.acknowledgementsPerDay", found.dailyLimit)) {
    return { sent: false, reason: "daily-limit" };
  }

  const facts = await loadTicketFacts(tx, ticket.id);
  const row = await queueTicketEmail(tx, {
    mail: input.mail,
    settings,
    event: "acknowledgement",
    facts,
    to: { email: contact.email, name: contact.name, kind: "requester" },
    whatHappened: `We received your request ${formatTicketNumber(facts.ticket.number)}`,
    whatHappenedShort: "Request received",
    originator: mailbox ? "" : input.mail.from.name,
    body: mailbox?.message.trim() || DEFAULT_ACKNOWLEDGEMENT,
    now,
  });
  if (!row) return { sent: false, reason: "disabled" };
  return { sent: true, outboundEmailId: row.id };
}

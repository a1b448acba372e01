/**
 * "Resolve and send summary": an agent resolves a ticket and the requester receives the public
 * conversation (replies both ways, oldest first; never internal notes or system lines) as the
 * `ticket_summary` email, rendered through the template renderer like every ticket mail. Plain
 * "Resolve" is `updateTicket` with `status: resolved` and sends no summary.
 */
import "server-only";
import type { Database } from "@/db/client";
import type { Ticket } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import type { MailSettings } from "@/lib/mail/settings";
import { queueTicketEmail } from "@/lib/mail/ticket-emails";
import { loadTicketFacts } from "@/lib/mail/templates/ticket-facts";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { actorName, assertCanWork } from "./actor";
import { recordEvent } from "./history";
import { assertNotMerged, lockTicket, type TicketRef } from "./lock";
import { publicConversationText } from "./public-conversation";
import { formatTicketNumber } from "./ref";
import { applyTicketPatch, type TicketChange } from "./update-ticket";

export async function resolveWithSummary(
  db: Database,
  input: { actor: Actor; ticket: TicketRef; mail: MailSettings; now?: Date },
): Promise<{ ticket: Ticket; changes: TicketChange[]; outboundEmailIds: number[] }> {
  const actor = assertCanWork(input.actor);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const current = await lockTicket(tx, input.ticket);
    assertNotMerged(current);
    if (current.status === "closed") {
      throw new DomainError("CONFLICT", "This ticket is closed; it cannot be resolved again.");
    }
    const result = await applyTicketPatch(
      tx,
      current,
      { status: "resolved" },
      { actor, now, mail: input.mail },
    );
    const facts = await loadTicketFacts(tx, result.ticket.id);
    const name = actorName(actor);
    const row = await queueTicketEmail(tx, {
      mail: input.mail,
      settings: await getNotificationSettings(tx),
      event: "ticket_summary",
      facts,
      to: { email: facts.requester.email, name: facts.requester.name, kind: "requester" },
      whatHappened: `${name} resolved ${formatTicketNumber(result.ticket.number)}`,
      whatHappenedShort: "Resolved",
      originator: name,
      body: await publicConversationText(tx, result.ticket.id),
      now,
    });
    await recordEvent(tx, {
      ticketId: result.ticket.id,
      actor,
      type: "ticket.summary_sent",
      data: { outboundEmailId: row?.id ?? null },
      at: now,
    });
    return {
      ticket: result.ticket,
      changes: result.changes,
      outboundEmailIds: [...result.outboundEmailIds, ...(row ? [row.id] : [])],
    };
  });
}

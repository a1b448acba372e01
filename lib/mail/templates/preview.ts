/**
 * The template editor's live preview: the subject and body being edited, rendered exactly as the
 * email would be — against a real ticket when the admin names one, otherwise against the sample —
 * with the masks the renderer did not know listed.
 */
import "server-only";
import type { Database } from "@/db/client";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { findTicket } from "@/lib/tickets/lock";
import { formatTicketNumber } from "@/lib/tickets/ref";
import { withTicketPrefix } from "../headers";
import type { MailSettings } from "../settings";
import { consoleTicketUrl, ratingScores, ratingUrl } from "../ticket-emails";
import { emailEvents, type EmailEventKey } from "./events";
import { renderEmail } from "./render-email";
import { sampleMaskData } from "./sample";
import { buildTicketMaskData, loadTicketFacts } from "./ticket-facts";

export type EmailPreview = {
  subject: string;
  html: string;
  text: string;
  unknown: string[];
  /** The template is empty: this email would not be sent. */
  isSkipped: boolean;
};

export async function previewEmailTemplate(
  db: Database,
  input: {
    actor: Actor;
    event: EmailEventKey;
    subject: string;
    body: string;
    ticketNumber?: number | null;
    mail: MailSettings;
  },
): Promise<EmailPreview> {
  assertUserCan(input.actor, "admin.access");
  const definition = emailEvents[input.event];
  let data = sampleMaskData();
  let ref = "TKT-042";
  if (input.ticketNumber) {
    const ticket = await findTicket(db, { number: input.ticketNumber });
    if (!ticket) throw new DomainError("NOT_FOUND", "No ticket with that number.");
    const facts = await loadTicketFacts(db, ticket.id);
    ref = formatTicketNumber(ticket.number);
    const appUrl = input.mail.portal?.appUrl ?? "";
    const isAgent = definition.audience === "agent";
    const recipient = isAgent
      ? { email: input.actor.type === "user" ? input.actor.email : "", name: "" }
      : { email: facts.requester.email, name: facts.requester.name };
    if (isAgent && input.actor.type === "user") recipient.name = input.actor.name;
    data = buildTicketMaskData(facts, {
      audience: definition.audience,
      recipient,
      recipients: [recipient],
      whatHappened: `${definition.label} on ${ref}`,
      whatHappenedShort: definition.label,
      originator: input.actor.type === "user" ? input.actor.name : "",
      url: isAgent ? consoleTicketUrl(appUrl, ref) : `${appUrl}/portal/auth?token=preview`,
      ratingLinks: isAgent
        ? null
        : ratingScores.map(({ label, score }) => ({ label, url: ratingUrl(appUrl, ref, score) })),
      unsubscribeUrl: isAgent ? null : `${appUrl}/unsubscribe?token=preview`,
    });
  }
  const rendered = renderEmail({ subject: input.subject, body: input.body }, data, {
    brand: input.mail.from.name || "Helpdesk",
    footer:
      definition.audience === "agent"
        ? `${ref} · sent by the helpdesk's notification settings`
        : `${ref} · reply to this email to add to the conversation`,
  });
  if (!rendered) return { subject: "", html: "", text: "", unknown: [], isSkipped: true };
  return {
    subject: withTicketPrefix(rendered.subject, ref),
    html: rendered.html,
    text: rendered.text,
    unknown: rendered.unknown,
    isSkipped: false,
  };
}

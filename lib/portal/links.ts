/**
 * The signed autologin address a mail to a requester carries (scoped to the ticket when there is
 * one). Which mails carry it — the `notifications.autologinLinks` switch, a mail to the requester
 * alone — and the page to ask for a link otherwise are decided where ticket emails are built
 * (lib/mail/ticket-emails.ts), with the contact's current token version.
 */
import "server-only";
import type { PortalLinkSettings } from "@/lib/mail/settings";
import { portalLinkUrl, signPortalLink } from "./link-token";

/** A signed autologin URL for this contact (and ticket), whatever the setting says. */
export function signedPortalUrl(
  portal: PortalLinkSettings,
  input: { contactId: number; tokenVersion: number; ticketId?: number; now?: Date },
): string {
  return portalLinkUrl(portal.appUrl, signPortalLink(portal.linkKey, input));
}

/**
 * The acknowledgement text used when a mailbox has none (the acknowledgement template's #Body#).
 * Everything else the helpdesk mails is rendered from the editable templates (lib/mail/templates),
 * the portal's "email me a link" mail included (event `portal_link`).
 */
export const DEFAULT_ACKNOWLEDGEMENT =
  "Thank you for contacting us. We have received your request and will get back to you as soon as we can.";

/** Every Inngest function the app serves at /api/inngest. */
import pollMailboxes from "./poll-mailboxes";
import processInboundEmail, { sweepInboundEmails } from "./process-inbound-email";
import sendOutboundEmail from "./send-outbound-email";
import slaTimer from "./sla-timer";
import sweepOutboundEmails from "./sweep-outbound-emails";
import sweepTicketTimers from "./sweep-ticket-timers";
import ticketTimers from "./ticket-timers";

export const functions = [
  sendOutboundEmail,
  sweepOutboundEmails,
  processInboundEmail,
  sweepInboundEmails,
  pollMailboxes,
  ticketTimers,
  sweepTicketTimers,
  slaTimer,
];

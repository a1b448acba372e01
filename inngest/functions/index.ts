/** Every Inngest function the app serves at /api/inngest. */
import processInboundEmail, { sweepInboundEmails } from "./process-inbound-email";
import sendOutboundEmail from "./send-outbound-email";
import sweepOutboundEmails from "./sweep-outbound-emails";
import sweepTicketTimers from "./sweep-ticket-timers";
import ticketTimers from "./ticket-timers";

export const functions = [
  sendOutboundEmail,
  sweepOutboundEmails,
  processInboundEmail,
  sweepInboundEmails,
  ticketTimers,
  sweepTicketTimers,
];

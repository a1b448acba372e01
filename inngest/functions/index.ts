/** Every Inngest function the app serves at /api/inngest. */
import processInboundEmail, { sweepInboundEmails } from "./process-inbound-email";
import sendOutboundEmail from "./send-outbound-email";
import sweepOutboundEmails from "./sweep-outbound-emails";

export const functions = [
  sendOutboundEmail,
  sweepOutboundEmails,
  processInboundEmail,
  sweepInboundEmails,
];

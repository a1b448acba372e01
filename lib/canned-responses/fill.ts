/** Filling a canned response's masks from the ticket. Pure: the composer runs it in the browser. */
import { renderMasks, splitName } from "@/lib/templates/masks";
import { formatTicketNumber } from "@/lib/tickets/ref";

export type CannedResponseContext = {
  requesterName: string;
  requesterEmail: string;
  ticketNumber: number;
  subject: string;
  agentName: string;
  agentEmail: string;
  category?: string | null;
};

/** Fills the masks a canned response may use; unknown masks stay visible for the agent to fix. */
export function fillCannedResponse(body: string, context: CannedResponseContext) {
  const requester = splitName(context.requesterName || context.requesterEmail.split("@")[0] || "");
  return renderMasks(body, {
    FirstName: requester.firstName,
    LastName: requester.lastName,
    FullName: context.requesterName,
    FromEmail: context.requesterEmail,
    TicketID: formatTicketNumber(context.ticketNumber),
    Subject: context.subject,
    Technician: context.agentName,
    TechnicianEmail: context.agentEmail,
    Category: context.category ?? "",
  });
}

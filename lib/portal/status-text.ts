/** Ticket statuses in the words a customer understands, and what the portal lets them do in each. */
import type { TicketStatus } from "@/db/schema";

export const customerStatusText: Record<TicketStatus, string> = {
  open: "Received — waiting for our team",
  in_progress: "We are working on it",
  pending: "Waiting for your reply",
  on_hold: "On hold — we will be back in touch",
  resolved: "Solved",
  closed: "Closed",
};

export function isFinished(status: TicketStatus): boolean {
  return status === "resolved" || status === "closed";
}

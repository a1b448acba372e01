/**
 * The catalogue of emails the helpdesk sends: one entry per event, with who receives it, its default
 * subject and body (used until an admin saves their own, and again after "reset to default"), and
 * the masks every template can use. Pure data, shared by the renderer, the admin editor and tests.
 * Subjects need no ticket reference: the outbox prefixes `[TKT-123]` to every ticket's mail.
 */

export const emailEventKeys = [
  "acknowledgement",
  "portal_link",
  "reply",
  "customer_update",
  "ticket_closed",
  "ticket_summary",
  "agent_new_ticket",
  "agent_ticket_moved",
  "agent_assigned",
  "agent_ticket_taken",
  "agent_customer_replied",
  "agent_mention",
  "agent_category_ticket_moved",
  "reminder",
  "auto_solve_summary",
  "sla_warning",
  "sla_breached",
] as const;
export type EmailEventKey = (typeof emailEventKeys)[number];

export type EmailAudience = "requester" | "agent";

export type EmailEventDefinition = {
  label: string;
  description: string;
  /** Requester mail never carries internal notes; agent mail may. */
  audience: EmailAudience;
  /** Acknowledgements, notifications and reminders are automatic (suppressed addresses skip them). */
  automatic: boolean;
  subject: string;
  body: string;
};

const agentFooter = "\n\nOpen the ticket: #URL#";

export const emailEvents: Record<EmailEventKey, EmailEventDefinition> = {
  acknowledgement: {
    label: "New ticket acknowledgement",
    description:
      "Sent to the requester when a ticket arrives by email (the mailbox's message is #Body#).",
    audience: "requester",
    automatic: true,
    subject: "We received your request: #Subject#",
    body: "Hello #FirstName#,\n\n#Body#\n\nYour request is #TicketID#. You can follow it here: #URL#",
  },
  portal_link: {
    label: "Portal sign-in link",
    description:
      "Sent when a requester asks for a link to the portal. Not about one ticket: ticket masks are empty.",
    audience: "requester",
    automatic: true,
    subject: "Your link to the support portal",
    body:
      "Hello #FirstName#,\n\nHere is your link to the support portal, where you can follow and " +
      "answer your requests:\n\n#URL#\n\nThe link works for three days. If you did not ask for " +
      "it, you can ignore this email.",
  },
  reply: {
    label: "Public reply",
    description: "An agent's public reply, to the requester and the ticket's subscribers.",
    audience: "requester",
    automatic: false,
    subject: "#Subject#",
    body: "#Body#\n\n#Attachments#\n\nView the conversation: #URL#\n#Unsubscribe#",
  },
  customer_update: {
    label: "Update for subscribers",
    description:
      "A message from the requester or a subscriber, copied to the other people on the ticket.",
    audience: "requester",
    automatic: false,
    subject: "#Subject#",
    body: "#From# wrote:\n\n#Body#\n\nView the conversation: #URL#\n#Unsubscribe#",
  },
  ticket_closed: {
    label: "Ticket closed",
    description: "Sent to the requester when their ticket is closed.",
    audience: "requester",
    automatic: true,
    subject: "Your request was closed: #Subject#",
    body:
      "Hello #FirstName#,\n\nYour request #TicketID# (#Subject#) is now closed. If anything is " +
      "still open, reply to this email.\n\n#RatingLinks(How did we do?)#\n\n#URL#",
  },
  ticket_summary: {
    label: "Resolved with summary",
    description:
      "Sent to the requester when an agent chooses “Resolve and send summary”: the public " +
      "conversation (#Body#, oldest first; never internal notes).",
    audience: "requester",
    automatic: false,
    subject: "Resolved: #Subject#",
    body:
      "Hello #FirstName#,\n\nYour request #TicketID# (#Subject#) was resolved. Here is the " +
      "conversation for your records.\n\n#Body#\n\nIf anything is still open, reply to this " +
      "email.\n\n#URL#",
  },
  agent_new_ticket: {
    label: "New ticket (agents)",
    description:
      "To admins, and to the agents of the ticket's team or who follow its category, when a new " +
      "ticket arrives.",
    audience: "agent",
    automatic: true,
    subject: "New ticket: #Subject#",
    body:
      "#What_Happened#\n\nFrom: #From# <#FromEmail#>\nCategory: #Category#\nPriority: #Priority#" +
      "\n\n#Most_recent_message#" +
      agentFooter,
  },
  agent_ticket_moved: {
    label: "Ticket moved to your team (agents)",
    description: "To the agents of a team when a ticket is moved into it.",
    audience: "agent",
    automatic: true,
    subject: "Moved to your team: #Subject#",
    body: "#What_Happened#\n\nPriority: #Priority#\nStatus: #Status#" + agentFooter,
  },
  agent_assigned: {
    label: "Assigned to you (agents)",
    description: "To the agent a ticket is assigned to.",
    audience: "agent",
    automatic: true,
    subject: "Assigned to you: #Subject#",
    body:
      "#What_Happened#\n\nPriority: #Priority#\nDue: #DueDate#\n\n#Recent_messages#" + agentFooter,
  },
  agent_ticket_taken: {
    label: "Ticket taken (agents)",
    description: "To the rest of the team when an agent takes a ticket.",
    audience: "agent",
    automatic: true,
    subject: "#Technician# took the ticket: #Subject#",
    body: "#What_Happened#" + agentFooter,
  },
  agent_customer_replied: {
    label: "Customer replied (agents)",
    description: "To the assignee (and the team, if enabled) when the customer writes.",
    audience: "agent",
    automatic: true,
    subject: "Customer reply: #Subject#",
    body: "#What_Happened#\n\n#Most_recent_message#" + agentFooter,
  },
  agent_mention: {
    label: "Mentioned (agents)",
    description: "To an agent @mentioned in an internal note.",
    audience: "agent",
    automatic: true,
    subject: "#Originator# mentioned you: #Subject#",
    body: "#What_Happened#\n\n#Most_recent_message#" + agentFooter,
  },
  agent_category_ticket_moved: {
    label: "Ticket moved to your category (agents)",
    description:
      "To the agents who follow a category (People → Categories) when a ticket is moved into it.",
    audience: "agent",
    automatic: true,
    subject: "Moved to #Category#: #Subject#",
    body: "#What_Happened#\n\nPriority: #Priority#\nStatus: #Status#" + agentFooter,
  },
  reminder: {
    label: "Pending reminder (agents)",
    description:
      "To the assignee when the reminder of a Pending ticket is due and the ticket is back in Open.",
    audience: "agent",
    automatic: true,
    subject: "Reminder: #Subject#",
    body: "#What_Happened#\n\nPriority: #Priority#\nStatus: #Status#" + agentFooter,
  },
  auto_solve_summary: {
    label: "Auto-solved with summary",
    description:
      "Sent to the requester when auto-solve resolves a ticket and the agent asked for a summary: " +
      "the public conversation (#Body#, oldest first; never internal notes).",
    audience: "requester",
    automatic: true,
    subject: "Resolved: #Subject#",
    body:
      "Hello #FirstName#,\n\n#What_Happened#. Here is the conversation for your records.\n\n" +
      "#Body#\n\nIf anything is still open, reply to this email.\n\n#URL#",
  },
  sla_warning: {
    label: "SLA warning (agents)",
    description:
      "To the assignee (else the team's leads, else the admins) when an SLA target is about to be " +
      "missed. #Body# says which target is due when.",
    audience: "agent",
    automatic: true,
    subject: "SLA warning: #Subject#",
    body: "#What_Happened#: “#Subject#”.\n\n#Body#\n\nPriority: #Priority#" + agentFooter,
  },
  sla_breached: {
    label: "SLA breached (agents)",
    description:
      "To the assignee and the team's leads (else the admins) when an SLA target was missed. " +
      "#Body# says which target was due when, and how the ticket was escalated.",
    audience: "agent",
    automatic: true,
    subject: "SLA breached: #Subject#",
    body: "#What_Happened#: “#Subject#”.\n\n#Body#\n\nPriority: #Priority#" + agentFooter,
  },
};

/** Every mask the editor documents, with what it shows. */
export const maskReference: readonly { mask: string; meaning: string }[] = [
  {
    mask: "#What_Happened#",
    meaning: "A sentence saying what happened (“Ana assigned TKT-042 to you”)",
  },
  { mask: "#What_Happened_Short#", meaning: "The same in a word or two (“Assigned”)" },
  { mask: "#TicketID#", meaning: "The ticket reference, e.g. TKT-042" },
  { mask: "#Subject#", meaning: "The ticket subject" },
  { mask: "#Body#", meaning: "The message this email carries" },
  { mask: "#Category#", meaning: "Category name" },
  { mask: "#Priority#", meaning: "Priority" },
  { mask: "#Status#", meaning: "Status" },
  { mask: "#From#", meaning: "Requester name (or address)" },
  { mask: "#FromEmail#", meaning: "Requester email address" },
  { mask: "#FirstName#", meaning: "Recipient's first name" },
  { mask: "#LastName#", meaning: "Recipient's last name" },
  { mask: "#Username#", meaning: "Recipient's email address" },
  { mask: "#Originator#", meaning: "Who caused the email (agent or customer)" },
  { mask: "#Company#", meaning: "The requester's company (their email domain)" },
  { mask: "#Technician#", meaning: "Assigned agent" },
  { mask: "#TechnicianEmail#", meaning: "Assigned agent's email" },
  { mask: "#Date#", meaning: "When the ticket was created" },
  { mask: "#DueDate#", meaning: "Due date, if any" },
  { mask: "#TimeSpent#", meaning: "Total time logged" },
  { mask: "#Via#", meaning: "Channel (Email, Web, …)" },
  { mask: "#URL#", meaning: "Link to the ticket (portal link for requesters, console for agents)" },
  { mask: "#Recipients#", meaning: "Everyone this email goes to" },
  { mask: "#Subscribers#", meaning: "Subscribers (CC) of the ticket" },
  { mask: "#NonTechSubscribers#", meaning: "Subscribers who are not agents" },
  { mask: "#Recent_messages#", meaning: "The 3 newest messages" },
  { mask: "#5Recent_messages#", meaning: "The N newest messages (any number)" },
  { mask: "#Most_recent_message#", meaning: "The newest message" },
  { mask: "#Attachments#", meaning: "Files attached to this message" },
  { mask: "#Recent_Attachments#", meaning: "Files of the last 5 messages" },
  { mask: "#Custom_Fields#", meaning: "All custom fields with a value" },
  { mask: "#CF_1#", meaning: "One custom field, by its id (see Custom fields)" },
  { mask: "#RatingLinks#", meaning: "Good / OK / Bad rating links" },
  { mask: "#RatingLinks(How did we do?)#", meaning: "Rating links under a prompt" },
  { mask: "#Unsubscribe#", meaning: "Link that removes a subscriber from the ticket" },
];

export function isEmailEventKey(value: string): value is EmailEventKey {
  return (emailEventKeys as readonly string[]).includes(value);
}

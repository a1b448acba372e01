/** Plain data the inbox page hands its client components (dates as ISO strings, no markup). */
import type { TicketChannel, TicketPriority, TicketStatus } from "@/db/schema/enum-values";
import type { SlaState } from "@/lib/sla/engine";

/** A piece of text, `hit` when it matched the search: rendered as <mark>, never as HTML. */
export type HighlightSegment = { text: string; hit: boolean };

export type InboxRow = {
  id: number;
  number: number;
  ref: string;
  subject: string;
  subjectHighlight: HighlightSegment[] | null;
  snippet: HighlightSegment[] | null;
  status: TicketStatus;
  priority: TicketPriority;
  channel: TicketChannel;
  category: string | null;
  requesterName: string;
  requesterEmail: string;
  assigneeName: string | null;
  teamName: string | null;
  tags: string[];
  slaState: SlaState | null;
  slaDueAt: string | null;
  dueAt: string | null;
  snoozedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  unread: boolean;
};

/** Choices for the mass-update dialog. */
export type BulkOptions = {
  categories: { id: number; name: string }[];
  users: { id: number; name: string }[];
  teams: { id: number; name: string }[];
  tags: string[];
};

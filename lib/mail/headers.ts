/**
 * Pure helpers for the shape of an outgoing mail: threading and auto-reply headers, the `[TKT-123]`
 * subject prefix, address formatting and the simple HTML version of a plain-text body.
 */
import type { StoredEmailAddress } from "@/db/schema";

/** References keeps the first Message-ID of the thread and the most recent ones (RFC 5322 §3.6.4). */
const MAX_REFERENCES = 20;

export type ThreadingInput = {
  /** Our Message-ID for this mail. */
  messageId: string;
  /** Earlier Message-IDs of the ticket, oldest first, with their direction. */
  thread: { emailMessageId: string; direction: "in" | "out" }[];
  /** Automatic mail (acknowledgements, reminders): marked so that auto-responders stay quiet. */
  automatic: boolean;
};

export function buildEmailHeaders(input: ThreadingInput): Record<string, string> {
  const headers: Record<string, string> = { "Message-ID": input.messageId };
  const lastCustomer = input.thread.findLast((entry) => entry.direction === "in");
  const parent = lastCustomer ?? input.thread.at(-1);
  if (parent) {
    headers["In-Reply-To"] = parent.emailMessageId;
    const ids = input.thread.map((entry) => entry.emailMessageId);
    const references =
      ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
    // The parent is last, as a reader's client expects, even when it is not the newest entry.
    headers.References = [
      ...references.filter((id) => id !== parent.emailMessageId),
      parent.emailMessageId,
    ].join(" ");
  }
  if (input.automatic) {
    // RFC 3834 plus the vendor headers Exchange and list software look at.
    headers["Auto-Submitted"] = "auto-replied";
    headers["X-Auto-Response-Suppress"] = "All";
    headers.Precedence = "auto_reply";
  }
  return headers;
}

/** `[TKT-007] Printer on fire`, unless the subject already names the ticket. */
export function withTicketPrefix(subject: string, ticketRef: string): string {
  const clean = singleLine(subject);
  return clean.toLowerCase().includes(`[${ticketRef.toLowerCase()}]`)
    ? clean
    : `[${ticketRef}] ${clean}`.trim();
}

/** Header values are one line: a CR or LF would let a value add headers of its own. */
export function singleLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ").trim();
}

/** `"Casey Customer" <casey@example.com>` or the bare address. */
export function formatAddress(address: StoredEmailAddress): string {
  const name = singleLine(address.name).replace(/["\\]/g, "").replace(/\s+/g, " ").trim();
  return name ? `"${name}" <${address.email}>` : address.email;
}

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escaped text with line breaks kept: the HTML part of a plain-text reply. */
export function textToHtml(text: string): string {
  const body = text
    .replace(/[&<>"']/g, (char) => htmlEscapes[char]!)
    .replace(/\r\n|\r|\n/g, "<br>\n");
  return `<!doctype html><html><body><div style="font-family: sans-serif; font-size: 14px; line-height: 1.5">${body}</div></body></html>`;
}

/**
 * The `#Mask#` renderer of email templates: pure, no database. It fills a subject or body with the
 * values of one ticket and one recipient, in one of two modes:
 *  - `html`: mask values are HTML-escaped (line breaks become <br>); values that carry their own
 *    markup (links) give it as `{ text, html }`. The admin's own template text is trusted markup; a
 *    template without block tags is treated as plain text and its line breaks kept.
 *  - `text`: values plain; the template's tags are stripped and its entities decoded.
 * Unknown masks stay visible and are reported, so a typo shows instead of a silently blank word.
 *
 * Dynamic masks: `#NRecent_messages#` (the N newest messages, N ≥ 1), `#CF_<id>#` (one custom
 * field), `#RatingLinks#` / `#RatingLinks(Prompt text)#` (one link per score, empty when the recipient
 * gets no rating links).
 */
import { escapeHtml } from "@/lib/templates/masks";

/** A plain value, or one with its own safe HTML (e.g. a link). */
export type MaskValue = string | { text: string; html: string };

export type MaskMessage = { author: string; date: string; body: string };

export type MaskData = {
  /** Simple masks by name, without the `#`s: `Subject`, `TicketID`, `URL`, … */
  values: Readonly<Record<string, MaskValue>>;
  /** The conversation, newest first (only what this recipient may read). */
  messages: readonly MaskMessage[];
  customFields: readonly { id: number; label: string; value: string }[];
  /** Good / OK / Bad links, or null when this recipient gets none. */
  ratingLinks: readonly { label: string; url: string }[] | null;
};

export type RenderMode = "html" | "text";

/** How many messages `#Recent_messages#` shows. */
export const RECENT_MESSAGES_DEFAULT = 3;
/** `#NRecent_messages#` is capped: a template cannot ask for the whole archive. */
export const RECENT_MESSAGES_MAX = 50;

const maskPattern = /#([A-Za-z0-9][A-Za-z0-9_]*(?:\([^#()]*\))?)#/g;
const blockTag = /<(p|div|br|table|ul|ol|li|h[1-6]|blockquote|pre)\b/i;

export function renderMasks(
  template: string,
  data: MaskData,
  mode: RenderMode,
): { output: string; unknown: string[] } {
  const unknown = new Set<string>();
  const isMarkup = mode === "html" && blockTag.test(template);
  let output = "";
  let last = 0;
  for (const match of template.matchAll(maskPattern)) {
    output += literal(template.slice(last, match.index), mode, isMarkup);
    last = match.index + match[0].length;
    const value = resolveMask(match[1]!, data);
    if (value === undefined) {
      unknown.add(match[1]!);
      output += literal(match[0], mode, isMarkup);
    } else {
      output += format(value, mode);
    }
  }
  output += literal(template.slice(last), mode, isMarkup);
  return { output, unknown: [...unknown] };
}

/** The masks a template uses that no event knows (for the editor's warning). */
export function findUnknownMasks(template: string, data: MaskData): string[] {
  return renderMasks(template, data, "text").unknown;
}

function resolveMask(name: string, data: MaskData): MaskValue | undefined {
  if (Object.hasOwn(data.values, name)) return data.values[name];
  if (name === "Recent_messages") return formatMessages(data.messages, RECENT_MESSAGES_DEFAULT);
  if (name === "Most_recent_message") return formatMessages(data.messages, 1);
  const recent = /^(\d{1,3})Recent_messages$/.exec(name);
  if (recent) {
    const n = Number(recent[1]);
    if (n < 1) return undefined;
    return formatMessages(data.messages, Math.min(n, RECENT_MESSAGES_MAX));
  }
  if (name === "Custom_Fields") {
    return data.customFields
      .filter((field) => field.value !== "")
      .map((field) => `${field.label}: ${field.value}`)
      .join("\n");
  }
  const customField = /^CF_(\d+)$/.exec(name);
  if (customField) {
    const field = data.customFields.find((f) => f.id === Number(customField[1]));
    return field ? field.value : undefined;
  }
  const rating = /^RatingLinks(?:\(([^#()]*)\))?$/.exec(name);
  if (rating) return formatRatingLinks(data.ratingLinks, rating[1]?.trim() ?? "");
  return undefined;
}

function formatMessages(messages: readonly MaskMessage[], n: number): MaskValue {
  const picked = messages.slice(0, n);
  const text = picked.map((m) => `${m.author}, ${m.date}:\n${m.body}`).join("\n\n---\n\n");
  const html = picked
    .map(
      (m) =>
        `<div style="margin:0 0 16px"><div style="color:#6b7280;font-size:12px">${escapeHtml(
          `${m.author}, ${m.date}`,
        )}</div><div>${nl2br(escapeHtml(m.body))}</div></div>`,
    )
    .join("");
  return { text, html };
}

function formatRatingLinks(links: MaskData["ratingLinks"], prompt: string): MaskValue {
  if (!links || links.length === 0) return "";
  const text = [prompt, ...links.map((l) => `${l.label}: ${l.url}`)].filter(Boolean).join("\n");
  const anchors = links
    .map(
      (l) =>
        `<a href="${escapeHtml(l.url)}" style="display:inline-block;margin-right:8px;padding:6px 12px;border:1px solid #d1d5db;border-radius:6px;color:#111827;text-decoration:none">${escapeHtml(l.label)}</a>`,
    )
    .join("");
  const html = `${prompt ? `<p style="margin:0 0 8px">${escapeHtml(prompt)}</p>` : ""}<p style="margin:0">${anchors}</p>`;
  return { text, html };
}

/** A link mask: the URL as text, a clickable anchor in HTML. Empty URL → empty mask. */
export function linkValue(url: string, label = url): MaskValue {
  if (!url) return "";
  return { text: url, html: `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` };
}

function format(value: MaskValue, mode: RenderMode): string {
  if (typeof value === "string") return mode === "html" ? nl2br(escapeHtml(value)) : value;
  return mode === "html" ? value.html : value.text;
}

function literal(segment: string, mode: RenderMode, isMarkup: boolean): string {
  if (mode === "html") return isMarkup ? segment : nl2br(segment);
  return decodeEntities(segment.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]+>/g, ""));
}

function nl2br(value: string): string {
  return value.replace(/\r\n|\r|\n/g, "<br>\n");
}

const entities: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&nbsp;": " ",
};

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => entities[entity]!);
}

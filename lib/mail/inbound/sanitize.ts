/**
 * Inbound HTML is written by strangers: before it is stored it keeps basic formatting, links and
 * images only. No scripts, styles, forms or frames, no event-handler attributes, no javascript: or
 * other active URLs; images only from https, inline attachments (cid:) or data: URIs, so that opening
 * a ticket never loads a tracking pixel over plain http or runs anything.
 */
import sanitizeHtml from "sanitize-html";

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== "style"),
    "img",
    "font",
    "center",
  ],
  allowedAttributes: {
    a: ["href", "name", "title", "rel", "target"],
    img: ["src", "alt", "title", "width", "height"],
    font: ["color"],
    td: ["colspan", "rowspan", "align", "valign"],
    th: ["colspan", "rowspan", "align", "valign", "scope"],
    table: ["width", "border", "cellpadding", "cellspacing"],
    "*": ["dir", "lang"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["https", "cid", "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
  },
};

export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

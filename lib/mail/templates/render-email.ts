/**
 * One renderer for every email: a template (subject + body with masks) and the mask values become
 * the subject line, the plain-text part and the HTML part inside the layout of `emails/`. An empty
 * subject or body means the admin turned this email off: the result is null and nothing is sent.
 */
import { createElement } from "react";
import { TicketEmail } from "@/emails/ticket-email";
import { renderMasks, type MaskData } from "./masks";
import { renderStaticHtml } from "./render-react";

export type RenderedEmail = { subject: string; text: string; html: string; unknown: string[] };

export function renderEmail(
  template: { subject: string; body: string },
  data: MaskData,
  layout: { brand: string; footer: string },
): RenderedEmail | null {
  if (!template.subject.trim() || !template.body.trim()) return null;
  const subject = renderMasks(template.subject, data, "text");
  const text = renderMasks(template.body, data, "text");
  const html = renderMasks(template.body, data, "html");
  const cleanText = text.output.replace(/\n{3,}/g, "\n\n").trim();
  const page = renderStaticHtml(
    createElement(TicketEmail, {
      brand: layout.brand,
      preview: cleanText.slice(0, 120).replace(/\s+/g, " "),
      bodyHtml: html.output,
      footer: layout.footer,
    }),
  );
  return {
    subject: subject.output.replace(/[\r\n]+/g, " ").trim(),
    text: layout.footer ? `${cleanText}\n\n--\n${layout.footer}` : cleanText,
    html: `<!doctype html>${page}`,
    unknown: [...new Set([...subject.unknown, ...text.unknown])],
  };
}

/**
 * Exporting the inbox's current filtered list: CSV (every matching row, streamed page by page, so a
 * million rows never sit in memory) and PDF (a paginated table drawn with pdfkit, capped at
 * PDF_MAX_ROWS rows, with the filter described in the header). Both read through the one list query
 * (iterateTicketPages), so an export holds exactly what the inbox shows for the same search.
 *
 * CSV follows RFC 4180 (CRLF line ends, fields with quotes, commas or line breaks quoted, quotes
 * doubled) and neutralises spreadsheet formula injection: a cell starting with = + - @ (or a tab or
 * carriage return) is prefixed with a single quote, so Excel and friends show it as text.
 */
import "server-only";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { Database } from "@/db/client";
import type { UserActor } from "@/lib/auth/permissions";
import { channelLabels, priorityLabels, statusLabels } from "./labels";
import { formatTicketNumber } from "./ref";
import { parseSearch, type SearchTerm } from "./search/parse";
import { iterateTicketPages, type TicketListRow, type TicketSort } from "./search/query";
import type { ResolvedSearch } from "./search/resolve";

export const PDF_MAX_ROWS = 5_000;
export const exportFormats = ["csv", "pdf"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type ExportInput = {
  actor: UserActor;
  search: ResolvedSearch;
  sort?: TicketSort;
  now?: Date;
};

const slaLabels: Record<string, string> = {
  ok: "OK",
  at_risk: "At risk",
  breached: "Breached",
  paused: "Paused",
  met: "Met",
  none: "",
};

const columns: { header: string; value: (row: TicketListRow) => string }[] = [
  { header: "Number", value: (r) => formatTicketNumber(r.number) },
  { header: "Subject", value: (r) => r.subject },
  { header: "Requester name", value: (r) => r.requesterName },
  { header: "Requester email", value: (r) => r.requesterEmail },
  { header: "Status", value: (r) => statusLabels[r.status] },
  { header: "Priority", value: (r) => priorityLabels[r.priority] },
  { header: "Category", value: (r) => r.category ?? "" },
  { header: "Channel", value: (r) => channelLabels[r.channel] },
  { header: "Assignee", value: (r) => r.assigneeName ?? "" },
  { header: "Team", value: (r) => r.teamName ?? "" },
  { header: "Tags", value: (r) => r.tags.join(", ") },
  { header: "SLA", value: (r) => (r.slaState ? (slaLabels[r.slaState] ?? r.slaState) : "") },
  { header: "Created", value: (r) => isoMinute(r.createdAt) },
  { header: "Updated", value: (r) => isoMinute(r.updatedAt) },
  { header: "Due", value: (r) => (r.dueAt ? isoMinute(r.dueAt) : "") },
];

/** `2026-03-01 14:05 UTC` — unambiguous in a spreadsheet and in print. */
function isoMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** One CSV field: formula-neutralised, then quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(values: string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** `tickets-2026-03-01.csv`: the export's file name, dated (UTC). */
export function exportFilename(format: ExportFormat, now: Date): string {
  return `tickets-${now.toISOString().slice(0, 10)}.${format}`;
}

/**
 * The CSV as a stream: the header first, then one chunk per page of up to 100 rows, each page read
 * only when the consumer asks for more (backpressure), so memory holds one page at a time.
 */
export function ticketsCsvStream(
  db: Database,
  input: ExportInput & { bom?: boolean },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = iterateTicketPages(db, {
    actor: input.actor,
    search: input.search,
    sort: input.sort,
    now: input.now,
    highlight: false,
  });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const header = csvLine(columns.map((c) => c.header));
      controller.enqueue(encoder.encode(`${input.bom ? "\uFEFF" : ""}${header}`));
    },
    async pull(controller) {
      try {
        const next = await pages.next();
        if (next.done) {
          controller.close();
          return;
        }
        const text = next.value.map((row) => csvLine(columns.map((c) => c.value(row)))).join("");
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        console.error("[export] the CSV stream failed", error);
        controller.error(error);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

const fmtList = (values: readonly string[]) => values.join(" or ");

function describeTerm(term: SearchTerm): string {
  const not = term.negated;
  switch (term.key) {
    case "status":
      return `Status ${not ? "is not" : "is"} ${fmtList(term.values.map((v) => statusLabels[v]))}`;
    case "priority":
      return `Priority ${not ? "is not" : "is"} ${fmtList(term.values.map((v) => priorityLabels[v]))}`;
    case "channel":
      return `Channel ${not ? "is not" : "is"} ${fmtList(term.values.map((v) => channelLabels[v]))}`;
    case "sla":
      return `SLA ${not ? "is not" : "is"} ${fmtList(term.values)}`;
    case "is":
      return `${not ? "Not " : ""}${fmtList(term.values)}`;
    case "created":
    case "updated": {
      const parts: string[] = [];
      if (term.range.from) parts.push(`from ${isoMinute(term.range.from)}`);
      if (term.range.to) parts.push(`before ${isoMinute(term.range.to)}`);
      const label = term.key === "created" ? "Created" : "Updated";
      return `${label}${not ? " not" : ""} ${parts.join(" ")}`;
    }
    default: {
      const label = {
        category: "Category",
        assignee: "Assignee",
        team: "Team",
        tag: "Tag",
        requester: "Requester",
      }[term.key];
      return `${label} ${not ? "is not" : "is"} ${fmtList(term.values.map((v) => `“${v}”`))}`;
    }
  }
}

/** The search in words, for the PDF's header: `Status is Open or Pending; Tag is “vip”; Text “refund”`. */
export function describeSearch(query: string, now: Date): string {
  const parsed = parseSearch(query, now);
  const parts = parsed.terms.map(describeTerm);
  if (parsed.text) parts.push(`Text matches “${parsed.text}”`);
  return parts.length ? parts.join("; ") : "All tickets";
}

const fontsDir = path.join(process.cwd(), "assets/fonts");

/**
 * The PDF: landscape A4, a table whose header row repeats on every page, "Page n of m" in each
 * footer, the filter, sort, count and generation time in the header. At most PDF_MAX_ROWS rows;
 * when more match, the header says so.
 */
export async function renderTicketsPdf(
  db: Database,
  input: ExportInput & { query: string; total: number },
): Promise<Uint8Array> {
  const now = input.now ?? new Date();
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 36,
    bufferPages: true,
    info: { Title: "Tickets", CreationDate: now },
  });
  doc.registerFont("body", path.join(fontsDir, "DejaVuSans.ttf"));
  doc.registerFont("bold", path.join(fontsDir, "DejaVuSans-Bold.ttf"));
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  const table: { header: string; width: number; value: (row: TicketListRow) => string }[] = [
    { header: "Number", width: 58, value: (r) => formatTicketNumber(r.number) },
    { header: "Subject", width: 170, value: (r) => r.subject },
    { header: "Requester", width: 110, value: (r) => `${r.requesterName} <${r.requesterEmail}>` },
    { header: "Status", width: 58, value: (r) => statusLabels[r.status] },
    { header: "Priority", width: 46, value: (r) => priorityLabels[r.priority] },
    { header: "Assignee", width: 70, value: (r) => r.assigneeName ?? "" },
    { header: "Team", width: 56, value: (r) => r.teamName ?? "" },
    { header: "Tags", width: 62, value: (r) => r.tags.join(", ") },
    { header: "Updated", width: 100, value: (r) => isoMinute(r.updatedAt) },
  ];
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 16;
  const fontSize = 7.5;
  const padding = 3;

  doc.font("bold").fontSize(14).text("Tickets", left, doc.page.margins.top);
  doc.font("body").fontSize(9);
  doc.text(`Filter: ${describeSearch(input.query, now)}`);
  if (input.query.trim()) doc.text(`Search: ${input.query.trim()}`);
  doc.text(`Sort: ${input.sort ?? (input.search.text ? "relevance" : "-updated")}`);
  doc.text(
    `Generated ${isoMinute(now)} · ${input.total.toLocaleString("en")} matching ticket${input.total === 1 ? "" : "s"}` +
      (input.total > PDF_MAX_ROWS
        ? ` · showing the first ${PDF_MAX_ROWS.toLocaleString("en")} (the PDF is capped at ${PDF_MAX_ROWS.toLocaleString("en")} rows; export CSV for all)`
        : ""),
  );
  doc.moveDown(0.6);

  const rowHeight = (values: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return (
      Math.max(
        ...values.map((v, i) => doc.heightOfString(v, { width: table[i]!.width - 2 * padding })),
      ) +
      2 * padding
    );
  };
  const drawRow = (values: string[], font: string, shaded: boolean) => {
    const height = rowHeight(values, font);
    const y = doc.y;
    const width = table.reduce((sum, c) => sum + c.width, 0);
    if (shaded) doc.rect(left, y, width, height).fill("#eef1f5");
    doc.fillColor("#111111").font(font).fontSize(fontSize);
    let x = left;
    values.forEach((value, i) => {
      doc.text(value, x + padding, y + padding, { width: table[i]!.width - 2 * padding });
      x += table[i]!.width;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + width, y + height)
      .lineWidth(0.3)
      .stroke("#c9ced6");
    doc.x = left;
    doc.y = y + height;
  };
  const header = table.map((c) => c.header);
  drawRow(header, "bold", true);

  let count = 0;
  outer: for await (const page of iterateTicketPages(db, {
    actor: input.actor,
    search: input.search,
    sort: input.sort,
    now,
    highlight: false,
  })) {
    for (const row of page) {
      if (count >= PDF_MAX_ROWS) break outer;
      // Long subjects wrap inside their cell; cap them so one row never outgrows a page.
      const values = table.map((c) => c.value(row).slice(0, 300));
      if (doc.y + rowHeight(values, "body") > bottom()) {
        doc.addPage();
        doc.y = doc.page.margins.top;
        drawRow(header, "bold", true);
      }
      drawRow(values, "body", false);
      count++;
    }
  }
  if (count === 0)
    doc
      .font("body")
      .fontSize(9)
      .text("No tickets match.", left, doc.y + 6);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font("body").fontSize(8).fillColor("#555555");
    // Writing inside the bottom margin must not trigger an automatic page break.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.text(`Page ${i + 1} of ${range.count}`, left, doc.page.height - margin + 8, {
      width: doc.page.width - 2 * left,
      align: "right",
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Export from the inbox as an agent does it: search, open the Export menu, download the CSV and the
 * PDF, and check the files themselves — the CSV has exactly the rows the filter matches (with the
 * quoting a spreadsheet needs), the PDF parses and lists the same tickets under the filter.
 */
import fs from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { demoCredentials } from "@/db/seed/demo";
import { baseURL, launchBrowser, signIn } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    apiToken: string;
  }
}

const agent = demoCredentials.find((c) => c.role === "agent")!;
const apiToken = inject("apiToken");
const tag = `export-${Date.now().toString(36)}`;
// A subject with a comma, quotes and accents: what CSV quoting and UTF-8 must survive.
const subjects = [`Refund, "urgent" — Zoë ${tag}`, `Printer jam ${tag}`, `Login loop ${tag}`];

let browser: Browser;
let context: BrowserContext;
let page: Page;
const refs: string[] = [];

beforeAll(async () => {
  for (const subject of subjects) {
    const response = await fetch(`${baseURL}/api/v1/tickets`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        subject,
        body: "Created by the export end-to-end test.",
        requester: { email: `${tag}@example.test`, name: "Eve Export" },
        tags: [tag],
      }),
    });
    expect(response.status).toBe(201);
    refs.push(((await response.json()) as { ref: string }).ref);
  }
  // One more ticket without the tag, which the export must leave out.
  const other = await fetch(`${baseURL}/api/v1/tickets`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      subject: `Not exported ${tag}`,
      body: "No tag.",
      requester: { email: `${tag}@example.test`, name: "Eve Export" },
    }),
  });
  expect(other.status).toBe(201);

  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  await signIn(page, agent.email, agent.password);
  await page.waitForURL(`${baseURL}/tickets`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function download(linkName: string): Promise<{ name: string; bytes: Buffer }> {
  await page.goto(`${baseURL}/tickets?q=${encodeURIComponent(`tag:${tag}`)}`);
  await page.locator("tbody tr").first().waitFor();
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: linkName }).click(),
  ]);
  const filePath = await file.path();
  return { name: file.suggestedFilename(), bytes: await fs.readFile(filePath) };
}

/** RFC 4180 parsing: enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe("export", () => {
  it("downloads a CSV with exactly the filtered tickets, quoted for spreadsheets", async () => {
    const { name, bytes } = await download("Download CSV");
    expect(name).toMatch(/\.csv$/);
    const rows = parseCsv(bytes.toString("utf8"));
    const header = rows[0]!;
    expect(header.slice(0, 2)).toEqual(["Number", "Subject"]);
    const body = rows.slice(1);
    expect(body.map((r) => r[0]).sort()).toEqual([...refs].sort());
    expect(body.map((r) => r[1]).sort()).toEqual([...subjects].sort());
    const tagsColumn = header.indexOf("Tags");
    expect(body.every((r) => r[tagsColumn] === tag)).toBe(true);
  });

  it("downloads a PDF that parses and lists the same tickets under the filter", async () => {
    const { name, bytes } = await download("Download PDF");
    expect(name).toMatch(/\.pdf$/);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pdf = await getDocument({
      data: new Uint8Array(bytes),
      useSystemFonts: false,
      isEvalSupported: false,
    }).promise;
    let text = "";
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      text += content.items.map((item) => ("str" in item ? item.str : "")).join(" ") + "\n";
    }
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("Filter:");
    expect(flat).toContain(tag);
    for (const ref of refs) expect(flat).toContain(ref);
    expect(flat).toContain("Printer jam");
    expect(flat).not.toContain("Not exported");
  });
});

/**
 * GET /tickets/export as an adapter, with a signed-in agent (the session and the app database
 * pointed at the test ones): CSV rows exactly the filter's, RFC 4180 quoting, the BOM, formula
 * neutralising, a stream of many chunks; PDF parsed back with pdfjs-dist; bad input answered 400.
 */
import { sql } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import type { Actor, UserActor } from "@/lib/auth/permissions";
import { csvField } from "@/lib/tickets/export";
import { ensureTags } from "@/lib/tickets/tags";
import { ticketTags } from "@/db/schema";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeContact, makeTicket, makeUser } from "../helpers/factories";

const state = vi.hoisted(() => ({
  actor: null as Actor | null,
  db: undefined as Database | undefined,
}));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => state.actor }));
vi.mock("@/db", () => ({ getDb: () => state.db }));

const { GET } = await import("@/app/(console)/tickets/export/route");

let agent: UserActor;
const t = setUpTestDatabase({
  opened: (database) => {
    state.db = database.db;
  },
});
beforeEach(async () => {
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
  state.actor = agent;
});

function exportUrl(params: Record<string, string>): Request {
  return new Request(`http://localhost/tickets/export?${new URLSearchParams(params)}`);
}

/** The body as chunks, to see that it really streams. */
async function chunksOf(response: Response): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

/** A minimal RFC 4180 reader, to check that what we write parses back to the same cells. */
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
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string[] }> {
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false })
    .promise;
  const text: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    text.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  return { pages: pdf.numPages, text };
}

describe("CSV", () => {
  it("has exactly the rows the filter matches, with every column, as a dated attachment", async () => {
    const requester = await makeContact(t.db, { name: "Zoë Ünal", email: "zoe@example.test" });
    const vip = await makeTicket(t.db, {
      subject: "Refund, please",
      requesterId: requester.id,
      status: "open",
      priority: "urgent",
      assigneeId: agent.id,
      slaState: "breached",
    });
    const ids = await ensureTags(t.db, ["vip", "billing-issue"]);
    await t.db.insert(ticketTags).values([
      { ticketId: vip.id, tagId: ids.get("vip")! },
      { ticketId: vip.id, tagId: ids.get("billing-issue")! },
    ]);
    await makeTicket(t.db, { subject: "Other open", status: "open" });
    await makeTicket(t.db, { subject: "Closed one", status: "closed", assigneeId: agent.id });

    const response = await GET(exportUrl({ format: "csv", q: "assignee:me status:open" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="tickets-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await response.text();
    expect(text.startsWith("\uFEFF")).toBe(false);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      "Number",
      "Subject",
      "Requester name",
      "Requester email",
      "Status",
      "Priority",
      "Category",
      "Channel",
      "Assignee",
      "Team",
      "Tags",
      "SLA",
      "Created",
      "Updated",
      "Due",
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual([
      `TKT-${String(vip.number).padStart(3, "0")}`,
      "Refund, please",
      "Zoë Ünal",
      "zoe@example.test",
      "Open",
      "Urgent",
      "",
      "Email",
      "Alice Agent",
      "",
      "billing-issue, vip",
      "Breached",
      `${vip.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
      `${vip.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
      "",
    ]);
    expect(text).toContain('"Refund, please"');
    expect(text.endsWith("\r\n")).toBe(true);
  });

  it("quotes quotes, commas and line breaks, neutralises formulas, and adds a BOM on request", async () => {
    await makeTicket(t.db, { subject: 'She said "hi", then\nleft' });
    await makeTicket(t.db, { subject: '=HYPERLINK("http://evil")' });
    await makeTicket(t.db, { subject: "+1 more" });
    await makeTicket(t.db, { subject: "@SUM(A1)" });
    await makeTicket(t.db, { subject: "-2 degrees" });

    const response = await GET(exportUrl({ format: "csv", bom: "1", sort: "number" }));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFNumber,")).toBe(true);
    const subjects = parseCsv(text.slice(1))
      .slice(1)
      .map((row) => row[1]);
    expect(subjects).toEqual([
      'She said "hi", then\nleft',
      '\'=HYPERLINK("http://evil")',
      "'+1 more",
      "'@SUM(A1)",
      "'-2 degrees",
    ]);
    expect(text).toContain('"She said ""hi"", then\nleft"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField("\tTab")).toBe("'\tTab");
  });

  it("streams a large export page by page instead of building one string", async () => {
    const requester = await makeContact(t.db);
    await t.db.execute(sql`
      insert into tickets (subject, channel, requester_id)
      select 'Bulk ticket ' || g, 'email', ${requester.id} from generate_series(1, 450) g`);
    const response = await GET(exportUrl({ format: "csv" }));
    const chunks = await chunksOf(response);
    // Header, then one chunk per page of 100 rows.
    expect(chunks.length).toBe(1 + 5);
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    const rows = parseCsv(text).slice(1);
    expect(rows).toHaveLength(450);
    expect(new Set(rows.map((r) => r[0])).size).toBe(450);
  });
});

describe("PDF", () => {
  it("is a real paginated table with the filter described, the rows, and page numbers", async () => {
    const requester = await makeContact(t.db, { name: "Ünal Çelik" });
    await t.db.execute(sql`
      insert into tickets (subject, channel, requester_id, status, priority)
      select 'Printer jam ' || g, 'email', ${requester.id},
             (case when g % 2 = 0 then 'open' else 'closed' end)::ticket_status, 'high'
        from generate_series(1, 120) g`);
    await makeTicket(t.db, { subject: "Låg prioritet – ünïcödé", status: "open" });

    const response = await GET(exportUrl({ format: "pdf", q: "status:open printer" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="tickets-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const { pages, text } = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(pages).toBeGreaterThan(1);
    expect(text[0]).toContain("Status is Open");
    expect(text[0]).toContain("Text matches “printer”");
    expect(text[0]).toContain("60 matching tickets");
    const all = text.join(" ");
    for (let g = 2; g <= 120; g += 2) expect(all).toContain(`Printer jam ${g} `);
    expect(all).not.toContain("Printer jam 1 ");
    expect(all).toContain("Ünal Çelik");
    for (let n = 1; n <= pages; n++) {
      expect(text[n - 1]).toContain(`Page ${n} of ${pages}`);
      // The header row repeats on every page.
      expect(text[n - 1]).toContain("Requester");
    }
  });

  it("keeps Unicode text intact", async () => {
    await makeTicket(t.db, { subject: "Låg prioritet – ünïcödé ✓" });
    const response = await GET(exportUrl({ format: "pdf" }));
    const { text } = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text.join(" ")).toContain("Låg prioritet – ünïcödé ✓");
  });
});

describe("bad input", () => {
  it("answers 401 signed out, 400 for bad parameters and unknown tokens, never 500", async () => {
    state.actor = null;
    expect((await GET(exportUrl({ format: "csv" }))).status).toBe(401);
    state.actor = agent;

    const badFormat = await GET(exportUrl({ format: "xlsx" }));
    expect(badFormat.status).toBe(400);
    expect(await badFormat.json()).toMatchObject({
      error: { code: "INVALID", message: "format must be csv or pdf." },
    });
    expect((await GET(exportUrl({ format: "csv", sort: "sideways" }))).status).toBe(400);
    expect((await GET(exportUrl({ format: "csv", extra: "1" }))).status).toBe(400);
    expect((await GET(exportUrl({ format: "csv", q: "x".repeat(501) }))).status).toBe(400);

    const unknown = await GET(exportUrl({ format: "csv", q: "colour:red assignee:zed-nobody" }));
    expect(unknown.status).toBe(400);
    const body = await unknown.json();
    expect(body.error.problems).toEqual([
      { term: "colour:red", message: expect.stringContaining('Unknown filter "colour:"') },
      { term: "assignee:zed-nobody", message: 'No agent named "zed-nobody".' },
    ]);
  });
});

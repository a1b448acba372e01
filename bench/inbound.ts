/**
 * Benchmark: N raw messages (default 2,000: new tickets, replies threaded by In-Reply-To, a few with a
 * small attachment, and exact re-deliveries) posted through the inbound endpoint's handler — store,
 * then process to the commit — on real PostgreSQL, beside mailparser parsing the same messages bare
 * in the same run. Creates and drops its own database on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres). Target: ≥ 40 % of the bare-parse rate, every
 * duplicate detected, every reply on its ticket, nothing failed. Writes bench/results/inbound.md.
 *
 *   npm run bench:inbound            (BENCH_MESSAGES=2000 BENCH_CONCURRENCY=8)
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import postgres from "postgres";
import { openDatabase, rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { inboundEmails, mailboxes } from "@/db/schema";
import { ensureReferenceData } from "@/db/seed/reference";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import { handleInboundEmailRequest } from "@/lib/mail/inbound/handle-request";
import { parseInboundEmail } from "@/lib/mail/inbound/parse";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { deriveReplyTokenKey } from "@/lib/mail/reply-token";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TARGET_RATIO = 0.4;
const SECRET = crypto.randomBytes(24).toString("hex");
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

type Planned = { raw: Uint8Array; kind: "new" | "reply" | "duplicate"; parent?: number };

/** A realistic-looking message: text and HTML parts, a quoted history on replies. */
function rawMessage(input: {
  n: number;
  from: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  withAttachment: boolean;
}): Uint8Array {
  const boundary = `bench-${input.n}`;
  const text = [
    `Hello, this is message ${input.n}.`,
    "The printer on the second floor keeps jamming when it prints double-sided. ".repeat(4),
    "",
    "Thanks,",
    input.from,
    ...(input.inReplyTo
      ? ["", "On Mon, 2 Mar 2026 at 10:00, Helpdesk wrote:", "> Thanks for writing.", "> We look."]
      : []),
  ].join("\n");
  const lines = [
    `From: Customer ${input.n} <${input.from}>`,
    "To: support@bench.test",
    `Subject: ${input.subject}`,
    `Message-ID: ${input.messageId}`,
    ...(input.inReplyTo
      ? [`In-Reply-To: ${input.inReplyTo}`, `References: ${input.inReplyTo}`]
      : []),
    "Date: Mon, 2 Mar 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    `Content-Type: multipart/alternative; boundary="${boundary}-alt"`,
    "",
    `--${boundary}-alt`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    `--${boundary}-alt`,
    "Content-Type: text/html; charset=utf-8",
    "",
    `<div><p>${text.split("\n").join("</p><p>")}</p><script>alert(1)</script></div>`,
    `--${boundary}-alt--`,
    ...(input.withAttachment
      ? [
          `--${boundary}`,
          "Content-Type: image/png",
          `Content-Disposition: attachment; filename="screenshot-${input.n}.png"`,
          "Content-Transfer-Encoding: base64",
          "",
          PNG.toString("base64"),
        ]
      : []),
    `--${boundary}--`,
    "",
  ];
  return new TextEncoder().encode(lines.join("\r\n"));
}

/** ~45 % new tickets, ~40 % replies (to a message well before, so it is processed), ~15 % re-sent. */
function plan(count: number): Planned[] {
  const planned: Planned[] = [];
  const newIndexes: number[] = [];
  const replies = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const roll = (i * 7919) % 100;
    const parentPool = newIndexes.filter((p) => p < i - CONCURRENCY * 4);
    if (roll < 15 && planned.length > CONCURRENCY * 4) {
      const source = planned[(i * 31) % (planned.length - CONCURRENCY * 4)]!;
      planned.push({ raw: source.raw, kind: "duplicate" });
      continue;
    }
    if (roll < 55 && parentPool.length > 0) {
      const parent = parentPool[(i * 17) % parentPool.length]!;
      // A few replies per ticket, far below the loop stop.
      if ((replies.get(parent) ?? 0) < 3) {
        replies.set(parent, (replies.get(parent) ?? 0) + 1);
        planned.push({
          raw: rawMessage({
            n: i,
            from: `customer${parent}@bench.test`,
            subject: `Re: Printer problem ${parent}`,
            messageId: `<bench-${i}@client.test>`,
            inReplyTo: `<bench-${parent}@client.test>`,
            withAttachment: i % 10 === 0,
          }),
          kind: "reply",
          parent,
        });
        continue;
      }
    }
    newIndexes.push(i);
    planned.push({
      raw: rawMessage({
        n: i,
        from: `customer${i}@bench.test`,
        subject: `Printer problem ${i}`,
        messageId: `<bench-${i}@client.test>`,
        withAttachment: i % 10 === 0,
      }),
      kind: "new",
    });
  }
  return planned;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `helpdesk_bench_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // The app's database as the app opens it, counting the statements Drizzle sends (BEGIN, COMMIT
  // and SAVEPOINT aside).
  let statements = 0;
  const handle = openDatabase({
    databaseUrl: url.toString(),
    maxConnections: CONCURRENCY + 2,
    logger: { logQuery: () => void statements++ },
  });
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), "bench-inbound-"));
  try {
    if (handle.kind !== "postgres") throw new Error("the benchmark runs on PostgreSQL");
    const { db } = handle;
    await migrateDatabase(handle);
    await ensureReferenceData(db);
    await db
      .insert(mailboxes)
      .values({ name: "Support", address: "support@bench.test", slug: "support", isDefault: true });
    const storage = new LocalDiskStorage(root);
    const mail = {
      from: { email: "support@bench.test", name: "Helpdesk" },
      replyTokenKey: deriveReplyTokenKey("bench-secret-that-is-long-enough-to-use"),
    };
    const planned = plan(MESSAGES);
    // Other work on the machine skews every number here; the report says how busy it was.
    const loadAtStart = os.loadavg()[0]!;

    // Bare parse: mailparser alone on the same bytes, one after another.
    const parseStart = performance.now();
    for (const message of planned) await simpleParser(Buffer.from(message.raw));
    const parseSeconds = (performance.now() - parseStart) / 1000;

    // The floor under any pipeline here: what one statement costs this client, measured as
    // CONCURRENCY connections each sending trivial statements one after another.
    const ROUND_TRIPS = 4_000;
    const tripsCpu = process.cpuUsage();
    const tripsStart = performance.now();
    let tripsLeft = ROUND_TRIPS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (tripsLeft-- > 0) await handle.client`select ${tripsLeft}::int as n`;
      }),
    );
    const tripMs = (performance.now() - tripsStart) / ROUND_TRIPS;
    const tripCpuUs = (() => {
      const used = process.cpuUsage(tripsCpu);
      return (used.user + used.system) / ROUND_TRIPS;
    })();

    /** Posts every planned message through the endpoint's handler, CONCURRENCY at a time. */
    const postAll = async (dispatch: (inboundEmailId: number) => Promise<void>) => {
      statements = 0;
      const cpu = process.cpuUsage();
      const latencies: number[] = [];
      let duplicates = 0;
      let next = 0;
      const start = performance.now();
      const worker = async () => {
        while (next < planned.length) {
          const message = planned[next++]!;
          const began = performance.now();
          const response = await handleInboundEmailRequest(
            new Request("http://bench.test/api/inbound/email", {
              method: "POST",
              headers: { authorization: `Bearer ${SECRET}`, "content-type": "message/rfc822" },
              body: message.raw as BodyInit,
            }),
            { db, secret: SECRET, dispatch },
          );
          const answer = (await response.json()) as { status: string };
          if (answer.status === "duplicate") duplicates++;
          latencies.push(performance.now() - began);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const used = process.cpuUsage(cpu);
      return {
        seconds: (performance.now() - start) / 1000,
        latencies,
        duplicates,
        statements,
        cpuMs: (used.user + used.system) / 1000,
      };
    };

    // The ceiling over any processing: the same posts, stored, then read back and parsed by the
    // processor's own parser — and nothing else. Whatever processing does comes on top of this, so
    // no implementation of it can run faster. The rows are removed before the real run.
    const storeOnly = await postAll(async () => {});
    await db.execute(sql`delete from inbound_emails`);
    const storeAndParse = await postAll(async (id) => {
      const [row] = await db
        .select({ raw: inboundEmails.raw })
        .from(inboundEmails)
        .where(eq(inboundEmails.id, id));
      await parseInboundEmail(row!.raw);
    });
    await db.execute(sql`delete from inbound_emails`);

    // The pipeline: POST handler (store) → processing to the commit, CONCURRENCY at a time.
    let failed = 0;
    const run = await postAll(async (id) => {
      const outcome = await processInboundEmail(db, storage, { inboundEmailId: id, mail });
      if (outcome.outcome === "failed") {
        failed++;
        console.error("failed", id, outcome.error);
      }
    });
    const { seconds, latencies } = run;
    const duplicatesDetected = run.duplicates;
    const pipelineStatements = run.statements;
    const pipelineCpuMs = run.cpuMs;
    const perMessage = {
      statements: pipelineStatements / MESSAGES,
      cpuMs: pipelineCpuMs / MESSAGES,
    };

    const count = async (query: ReturnType<typeof sql>) =>
      Number(rowsOf<{ n: string | number }>(await db.execute(query))[0]?.n ?? 0);
    const expected = {
      new: planned.filter((p) => p.kind === "new").length,
      reply: planned.filter((p) => p.kind === "reply").length,
      duplicate: planned.filter((p) => p.kind === "duplicate").length,
    };
    const ticketsMade = await count(sql`select count(*) as n from tickets`);
    const repliesThreaded = await count(
      sql`select count(*) as n from inbound_emails where threading_reason like 'In-Reply-To %'`,
    );
    const stored = await count(sql`select count(*) as n from inbound_emails`);

    const sorted = [...latencies].sort((a, b) => a - b);
    const rate = MESSAGES / seconds;
    const parseRate = MESSAGES / parseSeconds;
    const ratio = rate / parseRate;
    const ok =
      ratio >= TARGET_RATIO &&
      duplicatesDetected === expected.duplicate &&
      ticketsMade === expected.new &&
      repliesThreaded === expected.reply &&
      failed === 0;
    const table = [
      "| messages | new / replies / re-sent | elapsed s | messages/s | p50 ms | p95 ms | bare parse msg/s | ratio | duplicates detected | tickets | replies threaded | failed |",
      "| -------: | ----------------------: | --------: | ---------: | -----: | -----: | ---------------: | ----: | ------------------: | ------: | ---------------: | -----: |",
      `| ${MESSAGES} | ${expected.new} / ${expected.reply} / ${expected.duplicate} | ${seconds.toFixed(2)} | ${rate.toFixed(0)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${parseRate.toFixed(0)} | ${(ratio * 100).toFixed(0)} % | ${duplicatesDetected} of ${expected.duplicate} | ${ticketsMade} of ${expected.new} | ${repliesThreaded} of ${expected.reply} | ${failed} |`,
    ].join("\n");
    // Where the time goes: the app's client CPU per message against what its statements alone cost.
    const costs = [
      "| statements per message | client CPU per statement (select 1, same run) | statement floor per message | client CPU per message | bare parse per message |",
      "| ---------------------: | -------------------------------------------: | --------------------------: | ---------------------: | ---------------------: |",
      `| ${perMessage.statements.toFixed(1)} | ${tripCpuUs.toFixed(0)} µs (${(tripMs * 1000).toFixed(0)} µs wall at ${CONCURRENCY} connections) | ${((perMessage.statements * tripCpuUs) / 1000).toFixed(2)} ms | ${perMessage.cpuMs.toFixed(2)} ms | ${((parseSeconds * 1000) / MESSAGES).toFixed(2)} ms |`,
    ].join("\n");
    // The ceiling: what storing alone, and storing plus parsing, reach in the same run.
    const ceilingRow = (label: string, phase: Awaited<ReturnType<typeof postAll>>) => {
      const phaseRate = MESSAGES / phase.seconds;
      return `| ${label} | ${phaseRate.toFixed(0)} | ${(phase.cpuMs / MESSAGES).toFixed(2)} ms | ${((phaseRate / parseRate) * 100).toFixed(0)} % |`;
    };
    const ceiling = [
      "| same posts, doing only | messages/s | client CPU per message | ratio to bare parse |",
      "| :--------------------- | ---------: | ---------------------: | ------------------: |",
      ceilingRow("store (the endpoint's work)", storeOnly),
      ceilingRow("store, read back and parse", storeAndParse),
      ceilingRow("store and process (the pipeline above)", run),
    ].join("\n");
    const version =
      rowsOf<{ v: string }>(await db.execute(sql`select current_setting('server_version') as v`))[0]
        ?.v ?? "?";
    const report = [
      "# Inbound email benchmark",
      "",
      `${MESSAGES} raw messages posted through the inbound endpoint's handler (store, then process to`,
      `the commit), ${CONCURRENCY} at a time, on PostgreSQL ${version}, Node ${process.version}; beside`,
      "mailparser's `simpleParser` parsing the same bytes one after another in the same run. Every",
      "message has a text and an HTML part; replies quote history; one in ten carries a small PNG.",
      `${stored} rows stored (re-sent messages are answered \`duplicate\` and stored once).`,
      `${os.cpus().length} CPUs; load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end.`,
      "",
      table,
      "",
      "Where the time goes (statements counted as Drizzle sends them; BEGIN, COMMIT and SAVEPOINT",
      "come on top):",
      "",
      costs,
      "",
      "The ceiling over any processing: the same posts through the same handler, each message stored",
      "(its own commit, as the endpoint must before it answers), then read back and parsed by the",
      "processor's parser and nothing more. Threading, the ticket and its commit all come on top, so",
      "no implementation of processing can exceed the second row's ratio on this machine.",
      "",
      ceiling,
      "",
      `Target ≥ ${TARGET_RATIO * 100} % of the bare-parse rate, every duplicate detected, every reply on`,
      `its ticket, nothing failed: ${ok ? "met" : "MISSED"}.`,
      "",
    ].join("\n");
    console.info(`\n${table}\n\n${costs}\n\n${ceiling}\n\n${ok ? "target met" : "TARGET MISSED"}`);
    const out = path.join(import.meta.dirname, "results/inbound.md");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    console.info(`written to ${path.relative(process.cwd(), out)}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
    await fsp.rm(root, { recursive: true, force: true });
  }
}

await main();

/**
 * Benchmark: one reconciling timer sweep over 100,000 tickets with due timers (a third each:
 * pending reminders, snoozes, auto-solve — a tenth of those with a summary email) on real PostgreSQL.
 * Creates and drops its own database on DATABASE_URL's server. Target: ≤ 30 s, no ticket acted on
 * twice. Prints the table and writes bench/results/timers.md. BENCH_TICKETS, BENCH_CONCURRENCY
 * (batches in flight, 4) and BENCH_BATCH_SIZE (tickets per batch, 1000) change the run.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:timers
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/seed/reference";
import { deriveReplyTokenKey } from "@/lib/mail/reply-token";
import { runTimerSweep } from "@/lib/timers/sweep";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const TARGET_SECONDS = 30;

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error("DATABASE_URL is required (a PostgreSQL server; a throwaway database is made).");
    process.exit(1);
  }
  const name = `helpdesk_bench_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), maxConnections: 10 });
  try {
    const { db } = handle;
    await migrateDatabase(handle);
    await ensureReferenceData(db);

    const now = new Date();
    const due = new Date(now.getTime() - 60_000);
    const seedStart = performance.now();
    await db.execute(sql`
      insert into users (email, name, role, password_hash)
      values ('bench-agent@example.test', 'Bench Agent', 'agent', 'not-a-real-hash')`);
    await db.execute(sql`
      insert into contacts (email, name) values ('bench-customer@example.test', 'Bench Customer')`);
    await db.execute(sql`
      insert into tickets (subject, status, channel, requester_id, assignee_id,
                           remind_at, snoozed_until, auto_solve_at, auto_solve_send_summary)
      select 'Bench ticket ' || g,
             (case when g % 3 = 1 then 'open' else 'pending' end)::ticket_status,
             'email',
             (select id from contacts limit 1),
             (select id from users limit 1),
             case when g % 3 = 0 then ${due.toISOString()}::timestamptz end,
             case when g % 3 = 1 then ${due.toISOString()}::timestamptz end,
             case when g % 3 = 2 then ${due.toISOString()}::timestamptz end,
             g % 30 = 2
      from generate_series(1, ${TICKETS}) g`);
    // The summary tickets have a conversation to summarise.
    await db.execute(sql`
      insert into messages (ticket_id, kind, author_contact_id, body_text, created_at)
      select id, 'reply', requester_id, 'My printer is on fire.', ${new Date(due.getTime() - 3_600_000).toISOString()}::timestamptz
      from tickets where auto_solve_send_summary`);
    await db.execute(sql`analyze`);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
    const batchSize = Number(process.env.BENCH_BATCH_SIZE ?? 1000);
    // The machine may be shared: the load when the sweep starts says how far to trust the time.
    const load = os.loadavg()[0]!.toFixed(1);
    const start = performance.now();
    const result = await runTimerSweep(db, {
      now,
      limit: TICKETS * 2,
      concurrency,
      batchSize,
      mail: {
        from: { email: "support@bench.test", name: "Helpdesk" },
        replyTokenKey: deriveReplyTokenKey("bench-secret-that-is-long-enough-to-use"),
      },
    });
    const elapsed = (performance.now() - start) / 1000;

    const count = async (query: ReturnType<typeof sql>) =>
      Number(rowsOf<{ n: string | number }>(await db.execute(query))[0]?.n ?? 0);
    const actedOn = await count(
      sql`select count(distinct ticket_id) as n from messages where kind = 'system'`,
    );
    const duplicates =
      (await count(sql`select count(*) as n from (select ticket_id from messages
        where kind = 'system' group by ticket_id having count(*) > 1) d`)) +
      (await count(sql`select count(*) as n from (select ticket_id from notifications
        group by ticket_id having count(*) > 1) d`));
    const stillDue = await count(sql`select count(*) as n from tickets
      where (status = 'pending' and remind_at <= ${now.toISOString()}::timestamptz)
         or snoozed_until <= ${now.toISOString()}::timestamptz
         or (auto_solve_at <= ${now.toISOString()}::timestamptz and status not in ('resolved', 'closed'))`);
    const emails = await count(sql`select count(*) as n from outbound_emails`);

    const ok = elapsed <= TARGET_SECONDS && duplicates === 0 && stillDue === 0;
    const table = [
      "| tickets | elapsed s | tickets/s | acted on | duplicates | still due | emails queued |",
      "| ------: | --------: | --------: | -------: | ---------: | --------: | ------------: |",
      `| ${TICKETS} | ${elapsed.toFixed(2)} | ${Math.round(TICKETS / elapsed)} | ${actedOn} | ${duplicates} | ${stillDue} | ${emails} |`,
    ].join("\n");
    const report = [
      "# Timer sweep benchmark",
      "",
      `One \`runTimerSweep\` over ${TICKETS} tickets whose timers are all due (⅓ pending reminders`,
      "with an email to the assignee, ⅓ snoozes, ⅓ auto-solve of which a tenth send a summary), on",
      `PostgreSQL ${rowsOf<{ v: string }>(await db.execute(sql`select current_setting('server_version') as v`))[0]?.v ?? "?"}, Node ${process.version}. Seeding took ${seedSeconds.toFixed(1)} s.`,
      `Batches of ${batchSize} tickets, ${concurrency} in flight; ${os.cpus().length} CPUs, load average ${load} when the sweep started.`,
      `Sweep counts: ${JSON.stringify({ ...result, outboundEmailIds: result.outboundEmailIds.length })}.`,
      "",
      table,
      "",
      `Target ≤ ${TARGET_SECONDS} s with no ticket acted on twice: ${ok ? "met" : "MISSED"}.`,
      "",
    ].join("\n");
    console.info(`\n${table}\n\n${ok ? "target met" : "TARGET MISSED"}`);
    const out = path.join(import.meta.dirname, "results/timers.md");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    console.info(`written to ${path.relative(process.cwd(), out)}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

await main();

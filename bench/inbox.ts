/**
 * Benchmark: the inbox list at a million tickets. Creates a throwaway database on DATABASE_URL's
 * PostgreSQL server (or the local default), runs the migrations, seeds 1,000,000 tickets and
 * 5,000,000 messages set-based (generate_series, INSERT … SELECT), then measures p50/p95 of
 * `listTickets` — the server function behind the inbox page and GET /api/v1/tickets, with its name
 * resolution (`resolveQuery`) — for the default view, three token filters, a free-text search and a
 * deep page, each beside the raw SQL of the same page (the statement listTickets generates, run
 * directly with postgres.js) in the same run. Writes bench/results/inbox.md.
 *
 *   npm run bench:inbox
 *   BENCH_TICKETS=100000 npm run bench:inbox        # a smaller run
 *   BENCH_KEEP=1 / BENCH_DB=<name>                   # keep the database / reuse a seeded one
 *
 * Seeding notes: triggers and foreign-key checks are off while seeding
 * (`session_replication_role = replica`), secondary indexes are dropped and rebuilt afterwards, and
 * the search documents (normally kept by triggers) are built in one set-based statement. Message
 * bodies are made of three "fragments" from a 20,000-fragment pool drawn from a Zipf-like
 * vocabulary, and a ticket's thread is one of ~50,000 conversations (ticket id modulo), so a word's
 * selectivity is realistic while each conversation's text is parsed into a tsvector only once.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/seed/reference";
import type { UserActor } from "@/lib/auth/permissions";
import { resolveQuery } from "@/lib/tickets/search/resolve";
import { PgDialect } from "drizzle-orm/pg-core";
import {
  buildTicketListQuery,
  countTickets,
  highlightSql,
  listTickets,
  type TicketSort,
} from "@/lib/tickets/search/query";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const CONTACTS = Math.max(1000, Math.round(TICKETS / 10));
const AGENTS = 20;
/** Distinct threads (a multiple of 9, so a ticket's message count matches its conversation's). */
const CONVERSATIONS = 49_995;
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 5;
const DEEP_PAGES = 200;
const TARGET_LIST_MS = 50;
const TARGET_SEARCH_MS = 100;
const TARGET_RATIO = 1.5;

const realWords =
  `refund invoice billing payment charge card declined subscription cancel renew upgrade
downgrade plan account login password reset email address verify phone number shipping delivery
order tracking package delayed lost damaged replacement return exchange warranty repair broken
error crash bug slow timeout install update version android iphone windows mac browser chrome
firefox safari app mobile desktop printer scanner network wifi router vpn server database backup
restore export import report dashboard settings profile notification alert reminder calendar
meeting schedule appointment booking reservation ticket support agent manager escalate urgent
priority complaint feedback feature request integration api token webhook sync calendar contract
quote discount coupon promo gift voucher balance credit debit transfer bank wire paypal stripe
tax vat receipt statement overdue late fee penalty interest loan mortgage insurance claim policy
coverage premium deductible address change name spelling duplicate merge delete remove privacy gdpr
data security breach phishing spam blocked locked suspended disabled activation license key serial
trial expired renewal storage quota limit upload download attachment file folder share permission
access role admin user team group invite onboarding training documentation guide tutorial video
webinar screen display monitor keyboard mouse battery charger cable adapter headset microphone
camera speaker audio sound volume firmware driver`.split(/\s+/);

/** Vocabulary size; subjects and bodies draw from it with a Zipf-like skew. */
const VOCAB = 20_000;
/** Every REAL_STEP-th rank is a support word, so real words span common to rare. */
const REAL_STEP = 60;

/** The support vocabulary spread through the ranks, padded with synthetic words. */
function vocabulary(): string[] {
  const syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "du", "fa", "gi"];
  const words: string[] = [];
  let n = 0;
  while (words.length < VOCAB) {
    const rank = words.length;
    const real = rank % REAL_STEP === 0 ? realWords[rank / REAL_STEP] : undefined;
    if (real) {
      words.push(real);
      continue;
    }
    const at = (k: number) => syllables[Math.floor(n / 13 ** k) % 13]!;
    words.push(`${at(0)}${at(1)}${at(2)}${at(3)}`);
    n++;
  }
  return words;
}

type Scenario = {
  name: string;
  query: string;
  sort?: TicketSort;
  isSearch?: boolean;
  /** Follow this many cursors first, then measure that page. */
  deep?: number;
};

const dialect = new PgDialect();

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** A rank in 1…n, skewed towards 1 (power(random(), 3)): common words are drawn far more often. */
const zipf = (n: number) => `1 + floor(${n} * power(random(), 3))::int`;

async function seed(sql: postgres.Sql) {
  const t0 = performance.now();
  const step = async (label: string, run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    console.info(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  };
  await sql`set session_replication_role = replica`;
  await sql`set maintenance_work_mem = '2GB'`;
  await sql`set work_mem = '64MB'`;
  await sql`set synchronous_commit = off`;

  // Secondary indexes are rebuilt after the load (much faster than maintaining them row by row).
  const indexes = await sql<{ name: string; def: string }[]>`
    select indexname as name, indexdef as def from pg_indexes i
     where schemaname = 'public'
       and tablename in ('tickets', 'messages', 'ticket_search_documents', 'ticket_tags', 'contacts')
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
  for (const index of indexes) await sql.unsafe(`drop index "${index.name}"`);

  await step("vocabulary, people, teams, tags", async () => {
    const words = vocabulary();
    await sql`create unlogged table bench_vocab (i int primary key, word text not null)`;
    await sql`insert into bench_vocab ${sql(words.map((word, i) => ({ i: i + 1, word })))}`;
    // Zipf-like: power(random(), 3) favours the first words of the list.
    await sql.unsafe(`
      create unlogged table bench_fragments as
      select x.g as i, string_agg(v.word, ' ' order by x.k) as text
        from (select g, k, ${zipf(VOCAB)} as r
                from generate_series(1, 20000) g, generate_series(1, 8) k) x
        join bench_vocab v on v.i = x.r
       group by x.g`);
    await sql`alter table bench_fragments add primary key (i)`;
    await sql`
      insert into users (email, name, role, password_hash)
      select 'agent' || g || '@bench.test', 'Agent ' || g, 'agent', 'not-a-real-hash'
        from generate_series(1, ${AGENTS}) g`;
    await sql`insert into users (email, name, role, password_hash)
              values ('admin@bench.test', 'Bench Admin', 'admin', 'not-a-real-hash')`;
    await sql`insert into teams (name) select 'Team ' || g from generate_series(1, 5) g`;
    await sql`
      insert into team_members (team_id, user_id)
      select t.id, u.id from users u join teams t on t.name = 'Team ' || (1 + u.id % 5)
       where u.role = 'agent'`;
    await sql`insert into tags (name) select 'tag-' || g from generate_series(1, 50) g`;
    await sql`
      insert into contacts (email, name)
      select 'customer' || g || '@example.test', 'Customer ' || g
        from generate_series(1, ${CONTACTS}) g`;
  });

  await step(`${TICKETS} tickets`, () =>
    sql.unsafe(`
      with p as (
        select (select array_agg(id order by id) from users where role = 'agent') as agents,
               (select array_agg(id order by id) from teams) as teams,
               (select array_agg(id order by id) from categories) as cats,
               (select count(*) from categories)::int as ncats,
               (select min(id) from contacts) as c0
      ), s as (
        select g, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
               random() as r6, ${zipf(VOCAB)} as w1, ${zipf(VOCAB)} as w2, ${zipf(VOCAB)} as w3,
               ${zipf(VOCAB)} as w4
          from generate_series(1, ${TICKETS}) g
      ), t as (
        select s.*, p.*,
               case when r1 < 0.06 then 'open' when r1 < 0.10 then 'pending'
                    when r1 < 0.13 then 'in_progress' when r1 < 0.15 then 'on_hold'
                    when r1 < 0.40 then 'resolved' else 'closed' end as status,
               now() - (case when r1 < 0.15 then 45 else 730 end) * r2 * interval '1 day' as created
          from s, p
      )
      insert into tickets (subject, status, priority, channel, category_id, requester_id,
                           assignee_id, team_id, sla_state, due_at, created_at, updated_at,
                           last_message_at, resolved_at, closed_at)
      select initcap(v1.word) || ' ' || v2.word || ' ' || v3.word || ' ' || v4.word,
             status::ticket_status,
             (case when r4 < 0.05 then 'urgent' when r4 < 0.25 then 'high'
                   when r4 < 0.80 then 'medium' else 'low' end)::ticket_priority,
             (case when g % 10 < 6 then 'email' when g % 10 < 8 then 'web'
                   when g % 10 < 9 then 'chat' else 'phone' end)::ticket_channel,
             case when r6 < 0.9 then cats[1 + (g % ncats)] end,
             c0 + (g::bigint * 7919) % ${CONTACTS},
             case when status in ('open', 'pending') and r5 < 0.35 then null
                  when status in ('resolved', 'closed') and r5 < 0.03 then null
                  else agents[1 + floor(r5 * ${AGENTS})::int % ${AGENTS}] end,
             case when r6 < 0.95 then teams[1 + g % 5] end,
             case when status in ('resolved', 'closed') then 'met'
                  when r3 < 0.1 then 'breached' when r3 < 0.2 then 'at_risk' else 'ok' end,
             case when g % 7 = 0 then created + interval '5 days' end,
             created,
             least(now(), created + r3 * (case when r1 < 0.15 then now() - created
                                                else interval '12 days' end)),
             least(now(), created + r3 * (case when r1 < 0.15 then now() - created
                                                else interval '12 days' end)),
             case when status in ('resolved', 'closed') then created + interval '2 days' end,
             case when status = 'closed' then created + interval '9 days' end
        from t
        join bench_vocab v1 on v1.i = w1 join bench_vocab v2 on v2.i = w2
        join bench_vocab v3 on v3.i = w3 join bench_vocab v4 on v4.i = w4`),
  );

  // 1…9 messages per ticket (5 on average): replies from the requester and the assignee, notes.
  // A ticket's thread is conversation (id % CONVERSATIONS): a pool large enough for realistic word
  // selectivity, small enough that the search documents' bodies are parsed once per conversation.
  const fragment = (j: number) =>
    `1 + abs(hashint8((t.id % ${CONVERSATIONS}) * 64 + k * 4 + ${j})) % 20000`;
  await step(`${TICKETS * 5} messages`, () =>
    sql.unsafe(`
      insert into messages (ticket_id, kind, author_user_id, author_contact_id, body_text, created_at)
      select t.id,
             (case when k % 2 = 1 or k % 5 <> 0 then 'reply' else 'note' end)::message_kind,
             case when k % 2 = 0 then t.assignee_id end,
             case when k % 2 = 1 then t.requester_id end,
             f0.text || ' ' || f1.text || ' ' || f2.text,
             t.created_at + (t.updated_at - t.created_at) * (k::float / (1 + t.id % 9))
        from tickets t
             cross join lateral generate_series(1, 1 + (t.id % 9)::int) k
             join bench_fragments f0 on f0.i = ${fragment(0)}
             join bench_fragments f1 on f1.i = ${fragment(1)}
             join bench_fragments f2 on f2.i = ${fragment(2)}`),
  );

  await step(
    "tags on a third of the tickets",
    () =>
      sql`
      insert into ticket_tags (ticket_id, tag_id)
      select t.id, g.id from tickets t
        join lateral (select id from tags
                       where (t.id % 3 = 0 and tags.id % 50 = t.id % 47)
                          or (t.id % 11 = 0 and tags.id % 50 = (t.id / 11) % 50)) g on true
      on conflict do nothing`,
  );

  await step("secondary indexes", async () => {
    for (const index of indexes.filter((i) => !i.name.startsWith("ticket_search_documents"))) {
      await sql.unsafe(index.def);
    }
  });

  await step("search documents (set-based)", async () => {
    // Exactly what the triggers compute (migrations 0008, 0013): subject (A) || bodies in order
    // (B), and whether the ticket is live (neither merged nor deleted).
    await sql.unsafe(`
      create unlogged table bench_conversations as
      select c, to_tsvector('english', string_agg(f.text, ' ' order by k, j)) as doc
        from generate_series(0, ${CONVERSATIONS - 1}) c
             cross join lateral generate_series(1, 1 + c % 9) k
             cross join generate_series(0, 2) j
             join bench_fragments f on f.i = 1 + abs(hashint8(c * 64 + k * 4 + j)) % 20000
       group by c`);
    await sql`alter table bench_conversations add primary key (c)`;
    await sql.unsafe(`
      insert into ticket_search_documents (ticket_id, document, is_live)
      select t.id, setweight(to_tsvector('english', t.subject), 'A') || setweight(c.doc, 'B'),
             t.merged_into_id is null and t.deleted_at is null
        from tickets t join bench_conversations c on c.c = t.id % ${CONVERSATIONS}`);
    for (const index of indexes.filter((i) => i.name.startsWith("ticket_search_documents"))) {
      await sql.unsafe(index.def);
    }
  });
  await step("analyze", async () => {
    await sql`drop table bench_vocab, bench_fragments, bench_conversations`;
    await sql`set session_replication_role = origin`;
    await sql`vacuum analyze`;
  });
  return (performance.now() - t0) / 1000;
}

async function main() {
  const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const reuse = process.env.BENCH_DB;
  const name = reuse ?? `helpdesk_bench_inbox_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (!reuse) await admin.unsafe(`create database "${name}"`);
  console.info(`database ${name}`);
  const handle = openDatabase({ databaseUrl: url.toString(), maxConnections: 4 });
  const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
  let seedSeconds = 0;
  try {
    const { db } = handle;
    await migrateDatabase(handle);
    if (!reuse) {
      await ensureReferenceData(db);
      console.info("seeding…");
      const seeder = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        seedSeconds = await seed(seeder);
      } finally {
        await seeder.end({ timeout: 5 });
      }
      console.info(`seeded in ${seedSeconds.toFixed(0)} s`);
    }
    const counts = (
      await raw<{ tickets: number; messages: number; docs: number }[]>`
        select (select count(*) from tickets)::int as tickets,
               (select count(*) from messages)::int as messages,
               (select count(*) from ticket_search_documents)::int as docs`
    )[0]!;

    const [agent] = await raw<{ id: number; name: string; email: string }[]>`
      select id::int, name, email from users where role = 'agent' order by id limit 1`;
    const actor: UserActor = { type: "user", role: "agent", ...agent! };

    const words = vocabulary();
    const rareWord = words[66 * REAL_STEP]!;
    const commonWord = words[20 * REAL_STEP]!;
    const scenarios: Scenario[] = [
      { name: "default view (status:active, -updated)", query: "status:active" },
      {
        name: `assignee:"${actor.name}" status:active`,
        query: `assignee:"${actor.name}" status:active`,
      },
      { name: "priority:urgent assignee:none", query: "priority:urgent assignee:none" },
      { name: "tag:tag-7 created:last-30d", query: "tag:tag-7 created:last-30d" },
      // Words of realistic selectivity: rank ~4,000 of 20,000 (about 0.6% of the documents) and
      // two words together with a filter.
      { name: `free text "${rareWord}" (by relevance)`, query: rareWord, isSearch: true },
      {
        name: `free text "${commonWord} ${rareWord}" status:active`,
        query: `${commonWord} ${rareWord} status:active`,
        isSearch: true,
      },
      {
        name: `deep page (${DEEP_PAGES} pages into status:active)`,
        query: "status:active",
        deep: DEEP_PAGES,
      },
    ];

    const results: string[] = [];
    const loadBefore = os.loadavg()[0]!;
    let allMet = true;
    for (const scenario of scenarios) {
      const now = new Date();
      const pageInput = async (cursor?: string) => ({
        actor,
        search: await resolveQuery(db, actor, scenario.query, now),
        sort: scenario.sort,
        cursor,
        now,
      });
      let cursor: string | undefined;
      for (let i = 0; i < (scenario.deep ?? 0); i++) {
        const page = await listTickets(db, await pageInput(cursor));
        cursor = page.nextCursor ?? undefined;
        if (!cursor) break;
      }
      const matches = await countTickets(db, await pageInput());
      const { query, text } = buildTicketListQuery(db, await pageInput(cursor));
      const compiled = query.toSQL();
      // With free text listTickets runs a second statement for the highlights; so does the raw side.
      const firstPage = await listTickets(db, await pageInput(cursor));
      const highlight =
        text && firstPage.rows.length
          ? dialect.sqlToQuery(
              highlightSql(
                firstPage.rows.map((r) => r.id),
                text,
              ),
            )
          : null;

      const routeTimes: number[] = [];
      const rawTimes: number[] = [];
      let rows = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        // Interleaved, so both see the same cache and load.
        let start = performance.now();
        const page = await listTickets(db, await pageInput(cursor));
        const route = performance.now() - start;
        start = performance.now();
        await raw.unsafe(compiled.sql, compiled.params as never[]);
        if (highlight) await raw.unsafe(highlight.sql, highlight.params as never[]);
        const rawMs = performance.now() - start;
        if (i >= WARMUP) {
          routeTimes.push(route);
          rawTimes.push(rawMs);
        }
        rows = page.rows.length;
      }
      routeTimes.sort((a, b) => a - b);
      rawTimes.sort((a, b) => a - b);
      const r50 = percentile(routeTimes, 50);
      const r95 = percentile(routeTimes, 95);
      const s50 = percentile(rawTimes, 50);
      const s95 = percentile(rawTimes, 95);
      const ratio = r95 / s95;
      const limit = scenario.isSearch ? TARGET_SEARCH_MS : TARGET_LIST_MS;
      const met = r95 <= limit && ratio <= TARGET_RATIO;
      allMet &&= met;
      const line = `| ${scenario.name} | ${matches.toLocaleString("en")} | ${rows} | ${r50.toFixed(1)} | ${r95.toFixed(1)} | ${s50.toFixed(1)} | ${s95.toFixed(1)} | ${ratio.toFixed(2)} | ≤ ${limit} and ≤ ${TARGET_RATIO}× | ${met ? "met" : "MISSED"} |`;
      console.info(line);
      results.push(line);
    }

    const version = (await raw<{ v: string }[]>`select current_setting('server_version') as v`)[0]!
      .v;
    const table = [
      "| scenario | matching | page rows | listTickets p50 ms | listTickets p95 ms | raw SQL p50 ms | raw SQL p95 ms | p95 ratio | target ms | |",
      "| --- | --: | --: | --: | --: | --: | --: | --: | --- | --- |",
      ...results,
    ].join("\n");
    const report = [
      "# Inbox list benchmark",
      "",
      `${counts.tickets.toLocaleString("en")} tickets, ${counts.messages.toLocaleString("en")} messages, ` +
        `${counts.docs.toLocaleString("en")} search documents on PostgreSQL ${version} ` +
        `(Node ${process.version}, ${RUNS} measured runs after ${WARMUP} warm-up runs per scenario).` +
        (seedSeconds ? ` Seeding took ${seedSeconds.toFixed(0)} s.` : ""),
      "",
      `Machine: ${os.cpus().length} CPUs; 1-minute load average ${loadBefore.toFixed(1)} when the ` +
        `measurements started and ${os.loadavg()[0]!.toFixed(1)} when they ended (other processes ` +
        "share the machine; a load above the CPU count inflates every time below alike).",
      "",
      "*listTickets* is the server function the inbox page and `GET /api/v1/tickets` call, timed",
      "with the token resolution (`resolveQuery`) and, for free text, the highlight query. *Raw SQL* is",
      "the SQL listTickets generates for the page (the page statement and, with free text, the",
      "highlight statement), run directly with postgres.js in the same run.",
      "Targets: listTickets p95 ≤ 1.5× raw SQL and ≤ 50 ms; search p95 ≤ 100 ms.",
      "",
      table,
      "",
      `All targets: ${allMet ? "met" : "NOT met"}.`,
      "",
    ].join("\n");
    console.info(`\n${table}\n\n${allMet ? "all targets met" : "TARGETS MISSED"}`);
    const out = path.join(import.meta.dirname, "results/inbox.md");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    console.info(`written to ${path.relative(process.cwd(), out)}`);
    if (!allMet) process.exitCode = 1;
  } finally {
    await raw.end({ timeout: 5 });
    await handle.close();
    if (!reuse && !process.env.BENCH_KEEP) {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    }
    await admin.end({ timeout: 5 });
  }
}

await main();

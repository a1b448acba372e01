/**
 * The inbox search against real rows: every token, negation, full-text (bodies, subjects, stemming,
 * ranking, highlights), fuzzy subjects, keyset paging over every sort, deleted tickets, limits and
 * cursors, and the search documents' live flag kept by triggers (delete, restore, merge).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  categories,
  teamMembers,
  teams,
  ticketReads,
  tickets,
  ticketSearchDocuments,
  ticketTags,
} from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { deleteTickets, restoreTickets } from "@/lib/tickets/delete-tickets";
import { mergeTickets } from "@/lib/tickets/merge-tickets";
import { resolveQuery } from "@/lib/tickets/search/resolve";
import { ensureTags } from "@/lib/tickets/tags";
import {
  countTickets,
  encodeCursor,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  iterateTicketPages,
  listTickets,
  MAX_PAGE_SIZE,
  ticketSorts,
  type TicketSort,
} from "@/lib/tickets/search/query";
import { eq } from "drizzle-orm";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";

const t = setUpTestDatabase();
const now = new Date("2026-03-15T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

async function agent(overrides: Parameters<typeof makeUser>[1] = {}): Promise<UserActor> {
  return actorFor(await makeUser(t.db, overrides)) as UserActor;
}

/** Subjects matching a query, sorted (the order is tested separately). */
async function subjects(actor: UserActor, query: string): Promise<string[]> {
  const search = await resolveQuery(t.db, actor, query, now);
  expect(search.problems).toEqual([]);
  const page = await listTickets(t.db, { actor, search, now, limit: 100 });
  return page.rows.map((r) => r.subject).sort();
}

async function tagTicket(ticketId: number, name: string) {
  const ids = await ensureTags(t.db, [name]);
  await t.db.insert(ticketTags).values({ ticketId, tagId: ids.get(name)! });
}

describe("tokens filter real rows", () => {
  it("status (with active), priority and channel, and their negations", async () => {
    const me = await agent();
    await makeTicket(t.db, { subject: "A open urgent email", status: "open", priority: "urgent" });
    await makeTicket(t.db, {
      subject: "B pending low web",
      status: "pending",
      priority: "low",
      channel: "web",
    });
    await makeTicket(t.db, { subject: "C closed high", status: "closed", priority: "high" });
    await makeTicket(t.db, { subject: "D on hold", status: "on_hold" });

    expect(await subjects(me, "status:open")).toEqual(["A open urgent email"]);
    expect(await subjects(me, "status:active")).toEqual([
      "A open urgent email",
      "B pending low web",
      "D on hold",
    ]);
    expect(await subjects(me, "-status:closed,on_hold")).toEqual([
      "A open urgent email",
      "B pending low web",
    ]);
    expect(await subjects(me, "priority:urgent,high")).toEqual([
      "A open urgent email",
      "C closed high",
    ]);
    expect(await subjects(me, "channel:web")).toEqual(["B pending low web"]);
    expect(await subjects(me, "-channel:web status:active")).toEqual([
      "A open urgent email",
      "D on hold",
    ]);
  });

  it("assignee by name, email, me and none; negation keeps unassigned tickets", async () => {
    const me = await agent({ name: "Mira Jones" });
    const bob = await makeUser(t.db, { name: "Bob Stone", email: "bob@example.test" });
    await makeTicket(t.db, { subject: "mine", assigneeId: me.id });
    await makeTicket(t.db, { subject: "bobs", assigneeId: bob.id });
    await makeTicket(t.db, { subject: "nobody's" });

    expect(await subjects(me, "assignee:me")).toEqual(["mine"]);
    expect(await subjects(me, `assignee:"Bob Stone"`)).toEqual(["bobs"]);
    expect(await subjects(me, "assignee:bob@example.test")).toEqual(["bobs"]);
    expect(await subjects(me, "assignee:none")).toEqual(["nobody's"]);
    expect(await subjects(me, "assignee:me,none")).toEqual(["mine", "nobody's"]);
    expect(await subjects(me, "-assignee:bob@example.test")).toEqual(["mine", "nobody's"]);
    expect(await subjects(me, "-assignee:none")).toEqual(["bobs", "mine"]);
    expect(await subjects(me, "is:unassigned")).toEqual(["nobody's"]);
    expect(await subjects(me, "is:assigned")).toEqual(["bobs", "mine"]);
  });

  it("team by name, mine and none; category by name or slug; negation keeps nulls", async () => {
    const me = await agent();
    const [tier1, tier2] = await t.db
      .insert(teams)
      .values([{ name: "Tier 1" }, { name: "Tier 2" }])
      .returning();
    await t.db.insert(teamMembers).values({ teamId: tier1!.id, userId: me.id });
    const [billing] = await t.db.select().from(categories).where(eq(categories.slug, "billing"));
    await makeTicket(t.db, { subject: "t1 billing", teamId: tier1!.id, categoryId: billing!.id });
    await makeTicket(t.db, { subject: "t2", teamId: tier2!.id, categorySlug: "technical" });
    await makeTicket(t.db, { subject: "no team" });

    expect(await subjects(me, "team:mine")).toEqual(["t1 billing"]);
    expect(await subjects(me, `team:"tier 2"`)).toEqual(["t2"]);
    expect(await subjects(me, "team:none")).toEqual(["no team"]);
    expect(await subjects(me, `-team:"Tier 1"`)).toEqual(["no team", "t2"]);
    expect(await subjects(me, "category:Billing")).toEqual(["t1 billing"]);
    expect(await subjects(me, "category:technical")).toEqual(["t2"]);
    expect(await subjects(me, "-category:billing")).toEqual(["no team", "t2"]);
  });

  it("tag and requester, and their negations", async () => {
    const me = await agent();
    const acme = await makeContact(t.db, { email: "jo@acme.test", name: "Jo Acme" });
    const other = await makeContact(t.db, { email: "sam@globex.test", name: "Sam Smith" });
    const vip = await makeTicket(t.db, { subject: "vip acme", requesterId: acme.id });
    await tagTicket(vip.id, "vip");
    const both = await makeTicket(t.db, { subject: "vip refund globex", requesterId: other.id });
    await tagTicket(both.id, "vip");
    await tagTicket(both.id, "refund");
    await makeTicket(t.db, { subject: "plain globex", requesterId: other.id });

    expect(await subjects(me, "tag:vip")).toEqual(["vip acme", "vip refund globex"]);
    expect(await subjects(me, "tag:refund")).toEqual(["vip refund globex"]);
    expect(await subjects(me, "-tag:vip")).toEqual(["plain globex"]);
    expect(await subjects(me, "tag:vip -tag:refund")).toEqual(["vip acme"]);
    expect(await subjects(me, "requester:acme")).toEqual(["vip acme"]);
    expect(await subjects(me, `requester:"sam smith"`)).toEqual([
      "plain globex",
      "vip refund globex",
    ]);
    expect(await subjects(me, "-requester:globex")).toEqual(["vip acme"]);
  });

  it("created and updated ranges, absolute and relative", async () => {
    const me = await agent();
    await makeTicket(t.db, { subject: "old", createdAt: daysAgo(40), updatedAt: daysAgo(39) });
    await makeTicket(t.db, { subject: "last week", createdAt: daysAgo(6), updatedAt: daysAgo(6) });
    await makeTicket(t.db, {
      subject: "today",
      createdAt: new Date("2026-03-15T08:00:00Z"),
      updatedAt: new Date("2026-03-15T09:00:00Z"),
    });

    expect(await subjects(me, "created:last-7d")).toEqual(["last week", "today"]);
    expect(await subjects(me, "created:today")).toEqual(["today"]);
    expect(await subjects(me, "-created:last-7d")).toEqual(["old"]);
    expect(await subjects(me, "updated:<2026-03-01")).toEqual(["old"]);
    expect(await subjects(me, "created:2026-03-09..2026-03-09")).toEqual(["last week"]);
    expect(await subjects(me, "updated:>=2026-03-15")).toEqual(["today"]);
  });

  it("sla states, snoozed and unread", async () => {
    const me = await agent();
    await makeTicket(t.db, { subject: "breached", slaState: "breached" });
    await makeTicket(t.db, { subject: "at risk", slaState: "at_risk" });
    await makeTicket(t.db, { subject: "no policy" });
    const snoozed = await makeTicket(t.db, {
      subject: "snoozed",
      status: "pending",
      snoozedUntil: daysAgo(-1),
      updatedAt: daysAgo(1),
    });
    await makeTicket(t.db, { subject: "snooze over", snoozedUntil: daysAgo(1) });
    await t.db.insert(ticketReads).values({ userId: me.id, ticketId: snoozed.id, readAt: now });

    expect(await subjects(me, "sla:breaching")).toEqual(["breached"]);
    expect(await subjects(me, "sla:at-risk,breaching")).toEqual(["at risk", "breached"]);
    expect(await subjects(me, "sla:none")).toEqual(["no policy", "snooze over", "snoozed"]);
    expect(await subjects(me, "is:snoozed")).toEqual(["snoozed"]);
    expect(await subjects(me, "-is:snoozed sla:none")).toEqual(["no policy", "snooze over"]);
    expect(await subjects(me, "is:unread")).not.toContain("snoozed");
    expect(await subjects(me, "-is:unread")).toEqual(["snoozed"]);
  });

  it("names that match nothing are problems, not empty results", async () => {
    const me = await agent();
    const search = await resolveQuery(
      t.db,
      me,
      "assignee:nobody-here tag:nope team:ghosts category:zzz",
      now,
    );
    expect(search.predicates).toEqual([]);
    expect(search.problems).toEqual([
      { term: "assignee:nobody-here", message: 'No agent named "nobody-here".' },
      { term: "tag:nope", message: 'No tag named "nope".' },
      { term: "team:ghosts", message: 'No team named "ghosts".' },
      { term: "category:zzz", message: 'No category named "zzz".' },
    ]);
  });
});

describe("free text", () => {
  it("matches message bodies and subjects with stemming, ranks subject hits first, highlights", async () => {
    const me = await agent();
    const inSubject = await makeTicket(t.db, { subject: "Refunds for duplicate charges" });
    const inBody = await makeTicket(t.db, { subject: "Question about my account" });
    await addMessage(t.db, {
      ticketId: inBody.id,
      kind: "reply",
      bodyText: "Hello, I was charged twice and would like the amount refunded please.",
    });
    const unrelated = await makeTicket(t.db, { subject: "Printer on fire" });
    await addMessage(t.db, {
      ticketId: unrelated.id,
      kind: "reply",
      bodyText: "Smoke everywhere.",
    });
    // System messages are not part of the document.
    const systemOnly = await makeTicket(t.db, { subject: "Quiet ticket" });
    await addMessage(t.db, { ticketId: systemOnly.id, kind: "system", bodyText: "refund issued" });

    const search = await resolveQuery(t.db, me, "refund", now);
    const page = await listTickets(t.db, { actor: me, search, now });
    // Relevance: the subject (weight A) outranks the body (weight B).
    expect(page.rows.map((r) => r.id)).toEqual([inSubject.id, inBody.id]);
    const [first, second] = page.rows;
    expect(first!.highlight?.subject).toBe(
      `${HIGHLIGHT_START}Refunds${HIGHLIGHT_END} for duplicate charges`,
    );
    expect(second!.highlight?.subject).toBeNull();
    expect(second!.highlight?.snippet).toContain(`${HIGHLIGHT_START}refunded${HIGHLIGHT_END}`);
    expect(second!.highlight?.snippet).not.toContain("<b>");
  });

  it("phrases, exclusions and filters combine with the text", async () => {
    const me = await agent();
    const a = await makeTicket(t.db, { subject: "Card declined at checkout", status: "open" });
    const b = await makeTicket(t.db, { subject: "Declined card, card expired", status: "closed" });
    await makeTicket(t.db, { subject: "Gift card balance", status: "open" });
    expect(await subjects(me, `"card declined"`)).toEqual([a.subject]);
    expect(await subjects(me, "declined -expired")).toEqual([a.subject]);
    expect(await subjects(me, "declined status:closed")).toEqual([b.subject]);
  });

  it("finds a subject despite a typo (trigram word similarity)", async () => {
    const me = await agent();
    await makeTicket(t.db, { subject: "Password reset link expired" });
    await makeTicket(t.db, { subject: "Invoice missing" });
    expect(await subjects(me, "pasword")).toEqual(["Password reset link expired"]);
  });

  it("a highlight is the subject with markers added, never a rewritten subject", async () => {
    const me = await agent();
    await makeTicket(t.db, { subject: "<b>Urgent</b> refund for order 12" });
    const page = await listTickets(t.db, {
      actor: me,
      search: await resolveQuery(t.db, me, "refund", now),
      now,
    });
    expect(page.rows).toHaveLength(1);
    // ts_headline would drop "<b>": rather no highlight than a different subject.
    expect(page.rows[0]!.highlight?.subject).toBeNull();
    expect(page.rows[0]!.subject).toBe("<b>Urgent</b> refund for order 12");
  });
});

describe("keyset paging", () => {
  it("every sort returns every row exactly once, in order, whatever the page size (property)", async () => {
    const me = await agent();
    const requester = await makeContact(t.db);
    const base = new Date("2026-02-01T00:00:00Z").getTime();
    // Many ties on every sort key so that the id tie-break is exercised.
    await t.db.insert(tickets).values(
      Array.from({ length: 37 }, (_, i) => ({
        subject: `Refund request ${i % 3 === 0 ? "refund" : "other"} ${i}`,
        channel: "email" as const,
        requesterId: requester.id,
        priority: (["urgent", "high", "medium", "low"] as const)[i % 4],
        createdAt: new Date(base + Math.floor(i / 5) * 60_000),
        updatedAt: new Date(base + Math.floor(i / 3) * 60_000),
        dueAt: i % 4 === 0 ? null : new Date(base + (i % 6) * 3_600_000),
      })),
    );
    const total = await countTickets(t.db, { actor: me });
    expect(total).toBe(37);

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ticketSorts),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("", "refund"),
        async (sort: TicketSort, limit: number, text: string) => {
          const search = await resolveQuery(t.db, me, text, now);
          const expected = await countTickets(t.db, { actor: me, search, now });
          const seen: number[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await listTickets(t.db, { actor: me, search, sort, cursor, limit, now });
            expect(page.rows.length).toBeLessThanOrEqual(limit);
            seen.push(...page.rows.map((r) => r.id));
            cursor = page.nextCursor ?? undefined;
            expect(++pages).toBeLessThan(100);
          } while (cursor);
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(expected);
          // The pages joined equal one big page in the same sort.
          const whole = await listTickets(t.db, { actor: me, search, sort, limit: 100, now });
          expect(seen).toEqual(whole.rows.map((r) => r.id));
        },
      ),
      { numRuns: 25 },
    );
  });

  it("iterateTicketPages yields every matching ticket in batches", async () => {
    const me = await agent();
    const requester = await makeContact(t.db);
    await t.db.insert(tickets).values(
      Array.from({ length: 230 }, (_, i) => ({
        subject: `Bulk ${i}`,
        channel: "email" as const,
        requesterId: requester.id,
        status: i % 2 === 0 ? ("open" as const) : ("closed" as const),
      })),
    );
    const search = await resolveQuery(t.db, me, "status:open", now);
    const batches: number[] = [];
    const ids = new Set<number>();
    for await (const rows of iterateTicketPages(t.db, { actor: me, search, now })) {
      batches.push(rows.length);
      for (const row of rows) ids.add(row.id);
    }
    expect(batches).toEqual([100, 15]);
    expect(ids.size).toBe(115);
  });

  it("caps a huge page size and rejects a garbage or foreign cursor with INVALID", async () => {
    const me = await agent();
    const requester = await makeContact(t.db);
    await t.db.insert(tickets).values(
      Array.from({ length: MAX_PAGE_SIZE + 5 }, (_, i) => ({
        subject: `Many ${i}`,
        channel: "email" as const,
        requesterId: requester.id,
      })),
    );
    const page = await listTickets(t.db, { actor: me, limit: 1_000_000 });
    expect(page.rows).toHaveLength(MAX_PAGE_SIZE);
    expect(page.nextCursor).not.toBeNull();
    expect((await listTickets(t.db, { actor: me, limit: Number.NaN })).rows).toHaveLength(50);
    expect((await listTickets(t.db, { actor: me, limit: -5 })).rows).toHaveLength(1);

    for (const cursor of [
      "garbage",
      "bm90IGpzb24",
      encodeCursor("not a date", 1),
      encodeCursor("2026-01-01 00:00:00+00", -1),
    ]) {
      const error = await listTickets(t.db, { actor: me, cursor }).catch((e: unknown) => e);
      expect(isDomainError(error) && error.code, cursor).toBe("INVALID");
    }
    // A cursor of the priority sort does not fit the created sort.
    const byPriority = await listTickets(t.db, { actor: me, sort: "priority", limit: 2 });
    const error = await listTickets(t.db, {
      actor: me,
      sort: "created",
      cursor: byPriority.nextCursor!,
    }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe("INVALID");
  });
});

describe("deleted and merged tickets", () => {
  it("are hidden; is:deleted shows deleted ones to admins only", async () => {
    const me = await agent();
    const admin = await agent({ role: "admin" });
    const live = await makeTicket(t.db, { subject: "live" });
    await makeTicket(t.db, { subject: "gone", deletedAt: daysAgo(1), deletedByUserId: admin.id });
    await makeTicket(t.db, { subject: "merged", mergedIntoId: live.id });

    expect(await subjects(me, "")).toEqual(["live"]);
    expect(await subjects(admin, "")).toEqual(["live"]);
    expect(await countTickets(t.db, { actor: me })).toBe(1);
    expect(await subjects(admin, "is:deleted")).toEqual(["gone"]);
    expect(await subjects(admin, "-is:deleted")).toEqual(["live"]);

    const asAgent = await resolveQuery(t.db, me, "is:deleted", now);
    expect(asAgent.problems).toEqual([
      { term: "is:deleted", message: "Only admins can see deleted tickets." },
    ]);
    const page = await listTickets(t.db, { actor: me, search: asAgent, now });
    expect(page.rows.map((r) => r.subject)).toEqual(["live"]);
  });

  it("free text never finds a deleted ticket", async () => {
    const me = await agent();
    await makeTicket(t.db, { subject: "Refund please", deletedAt: daysAgo(1) });
    expect(await subjects(me, "refund")).toEqual([]);
  });
});

describe("search documents follow their ticket (triggers)", () => {
  /** Ticket ids a free-text search lists, in relevance order (the default with text). */
  async function found(actor: UserActor, query: string): Promise<number[]> {
    const search = await resolveQuery(t.db, actor, query, now);
    expect(search.problems).toEqual([]);
    const page = await listTickets(t.db, { actor, search, now, limit: 100 });
    return page.rows.map((r) => r.id);
  }
  const isLive = async (ticketId: number) =>
    (
      await t.db
        .select({ isLive: ticketSearchDocuments.isLive })
        .from(ticketSearchDocuments)
        .where(eq(ticketSearchDocuments.ticketId, ticketId))
    )[0]?.isLive;

  it("soft delete hides a ticket from free text at once and restore brings it back", async () => {
    const me = await agent();
    const admin = await agent({ role: "admin" });
    const a = await makeTicket(t.db, { subject: "Refund for order 1" });
    const b = await makeTicket(t.db, { subject: "Refund for order 2" });
    expect((await found(me, "refund")).sort()).toEqual([a.id, b.id].sort());

    await deleteTickets(t.db, { actor: admin, target: { ids: [a.id] }, now });
    expect(await isLive(a.id)).toBe(false);
    expect(await found(me, "refund")).toEqual([b.id]);
    // A typo reaches the subject by trigrams, not the document: still hidden.
    expect(await found(me, "refundd")).toEqual([b.id]);
    expect(await found(me, "refund status:open")).toEqual([b.id]);
    // Admins find it when they ask for deleted tickets, ranked like any other match.
    expect(await found(admin, "refund is:deleted")).toEqual([a.id]);

    await restoreTickets(t.db, { actor: admin, ids: [a.id], now });
    expect(await isLive(a.id)).toBe(true);
    expect((await found(me, "refund")).sort()).toEqual([a.id, b.id].sort());
  });

  it("a merged ticket leaves the search; its messages are found in the target", async () => {
    const me = await agent();
    const target = await makeTicket(t.db, { subject: "Printer on fire" });
    const source = await makeTicket(t.db, { subject: "Printer smoking" });
    await addMessage(t.db, {
      ticketId: source.id,
      kind: "reply",
      bodyText: "The toner cartridge exploded.",
    });
    expect(await found(me, "smoking")).toEqual([source.id]);

    await mergeTickets(t.db, { actor: me, source: { id: source.id }, target: { id: target.id } });
    expect(await isLive(source.id)).toBe(false);
    expect(await isLive(target.id)).toBe(true);
    expect(await found(me, "smoking")).toEqual([]);
    expect(await found(me, "toner")).toEqual([target.id]);
    expect(await found(me, "printer")).toEqual([target.id]);
  });

  it("a ticket created deleted or merged is never live; a subject change keeps the flag", async () => {
    const me = await agent();
    const live = await makeTicket(t.db, { subject: "Invoice copy" });
    const deleted = await makeTicket(t.db, { subject: "Invoice lost", deletedAt: daysAgo(1) });
    const merged = await makeTicket(t.db, { subject: "Invoice twice", mergedIntoId: live.id });
    expect([await isLive(live.id), await isLive(deleted.id), await isLive(merged.id)]).toEqual([
      true,
      false,
      false,
    ]);
    // Rewriting the document (subject trigger) keeps it hidden.
    await t.db
      .update(tickets)
      .set({ subject: "Invoice lost again" })
      .where(eq(tickets.id, deleted.id));
    expect(await isLive(deleted.id)).toBe(false);
    expect(await found(me, "invoice")).toEqual([live.id]);
  });

  it("relevance ranks every match, not only the newest: an old subject hit comes first", async () => {
    const me = await agent();
    const requester = await makeContact(t.db);
    const old = await makeTicket(t.db, {
      subject: "Refund not received",
      requesterId: requester.id,
      createdAt: daysAgo(400),
      updatedAt: daysAgo(400),
    });
    const recent = await t.db
      .insert(tickets)
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          subject: `Question ${i}`,
          channel: "email" as const,
          requesterId: requester.id,
          updatedAt: daysAgo(i / 10),
        })),
      )
      .returning({ id: tickets.id });
    for (const row of recent) {
      await addMessage(t.db, { ticketId: row.id, kind: "reply", bodyText: "Where is my refund?" });
    }
    const search = await resolveQuery(t.db, me, "refund", now);
    const page = await listTickets(t.db, { actor: me, search, now, limit: 10 });
    expect(page.rows[0]!.id).toBe(old.id);
    expect(await countTickets(t.db, { actor: me, search, now })).toBe(121);
    // The same order with a filter (each match checked against its ticket row).
    const filtered = await resolveQuery(t.db, me, "refund status:open", now);
    const filteredPage = await listTickets(t.db, { actor: me, search: filtered, now, limit: 10 });
    expect(filteredPage.rows.map((r) => r.id)).toEqual(page.rows.map((r) => r.id));
  });
});

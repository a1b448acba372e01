/** The demo helpdesk written on first run: what a new user sees, and that it is only written once. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asc, count, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  categories,
  contacts,
  messages,
  teams,
  ticketChannels,
  ticketEvents,
  ticketPriorities,
  tickets,
  ticketStatuses,
  users,
} from "@/db/schema";
import { demoCredentials, seedDemo } from "@/db/seed/demo";
import { defaultCategories } from "@/db/seed/reference";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, resetDatabase, type TestDatabase } from "@/tests/helpers/db";

const now = new Date("2025-03-20T12:00:00.000Z");

let handle: TestDatabase;
let db: Database;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle?.dispose();
});

beforeEach(async () => {
  await resetDatabase(db);
});

async function rowCounts() {
  const [u] = await db.select({ n: count() }).from(users);
  const [t] = await db.select({ n: count() }).from(tickets);
  const [m] = await db.select({ n: count() }).from(messages);
  const [c] = await db.select({ n: count() }).from(contacts);
  return { users: u?.n, tickets: t?.n, messages: m?.n, contacts: c?.n };
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe("seedDemo", () => {
  it("fills an empty database with a demo helpdesk you can sign in to", async () => {
    await expect(seedDemo(db, { now })).resolves.toEqual({ created: true });

    const userRows = await db.select().from(users);
    expect(sorted(userRows.map((u) => u.email))).toEqual(
      sorted(["admin@example.com", "alice@example.com", "bob@example.com"]),
    );
    for (const credentials of demoCredentials) {
      const row = userRows.find((u) => u.email === credentials.email);
      expect(row?.role).toBe(credentials.role);
      expect(row?.isActive).toBe(true);
      expect(await verifyPassword(row?.passwordHash ?? "", credentials.password)).toBe(true);
      expect(await verifyPassword(row?.passwordHash ?? "", "wrong password")).toBe(false);
    }

    const ticketRows = await db
      .select({
        id: tickets.id,
        number: tickets.number,
        status: tickets.status,
        priority: tickets.priority,
        channel: tickets.channel,
        category: categories.slug,
        requesterId: tickets.requesterId,
        assigneeId: tickets.assigneeId,
        createdAt: tickets.createdAt,
        lastMessageAt: tickets.lastMessageAt,
        resolvedAt: tickets.resolvedAt,
        closedAt: tickets.closedAt,
      })
      .from(tickets)
      .leftJoin(categories, eq(categories.id, tickets.categoryId))
      .orderBy(asc(tickets.number));
    expect(ticketRows).toHaveLength(30);

    // Every status, priority, category and channel shows up somewhere in the demo.
    expect(sorted(ticketRows.map((t) => t.status))).toEqual(sorted(ticketStatuses));
    expect(sorted(ticketRows.map((t) => t.priority))).toEqual(sorted(ticketPriorities));
    expect(sorted(ticketRows.map((t) => t.channel))).toEqual(sorted(ticketChannels));
    expect(sorted(ticketRows.map((t) => t.category ?? "(none)"))).toEqual(
      sorted(defaultCategories.map((c) => c.slug)),
    );

    // TKT-001..TKT-030 without gaps, numbered in order of creation.
    expect(ticketRows.map((t) => t.number)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const byCreation = [...ticketRows].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    );
    expect(byCreation.map((t) => t.number)).toEqual(ticketRows.map((t) => t.number));

    // Some new tickets wait in the queue; everything past "open" is someone's.
    expect(
      ticketRows.filter((t) => t.status === "open" && t.assigneeId === null).length,
    ).toBeGreaterThanOrEqual(3);
    for (const t of ticketRows) {
      if (t.status !== "open") expect(t.assigneeId, `TKT-${t.number}`).not.toBeNull();
      expect(t.resolvedAt !== null, `TKT-${t.number} resolvedAt`).toBe(
        t.status === "resolved" || t.status === "closed",
      );
      expect(t.closedAt !== null, `TKT-${t.number} closedAt`).toBe(t.status === "closed");
    }

    // Conversations: opened by the requester, in the past, matching the ticket's timestamps.
    const messageRows = await db
      .select()
      .from(messages)
      .orderBy(asc(messages.createdAt), asc(messages.id));
    for (const t of ticketRows) {
      const conversation = messageRows.filter((m) => m.ticketId === t.id);
      const label = `TKT-${t.number}`;
      expect(conversation.length, label).toBeGreaterThanOrEqual(2);
      const first = conversation[0];
      const last = conversation.at(-1);
      expect(first?.authorContactId, label).toBe(t.requesterId);
      expect(first?.createdAt.getTime(), label).toBe(t.createdAt.getTime());
      expect(last?.createdAt.getTime(), label).toBe(t.lastMessageAt.getTime());
      expect(t.lastMessageAt.getTime(), label).toBeLessThanOrEqual(now.getTime());
      if (t.status !== "open" || t.assigneeId !== null) {
        expect(
          conversation.some((m) => m.kind === "system"),
          label,
        ).toBe(true);
      }
    }
    const ticketsWith = (kind: "note" | "system") =>
      new Set(messageRows.filter((m) => m.kind === kind).map((m) => m.ticketId)).size;
    expect(ticketsWith("note")).toBeGreaterThanOrEqual(1);
    expect(ticketsWith("system")).toBeGreaterThanOrEqual(1);

    // The audit trail starts with the creation of every ticket.
    const [created] = await db
      .select({ n: count() })
      .from(ticketEvents)
      .where(eq(ticketEvents.type, "ticket.created"));
    expect(created?.n).toBe(30);
  });

  it("does nothing the second time", async () => {
    await seedDemo(db, { now });
    const before = await rowCounts();

    await expect(seedDemo(db, { now })).resolves.toEqual({ created: false });

    expect(await rowCounts()).toEqual(before);
    expect(before).toMatchObject({ users: 3, tickets: 30 });
  });

  it("leaves a database that already has a user alone", async () => {
    await db.insert(users).values({ email: "owner@acme.test", name: "Owner", role: "admin" });

    await expect(seedDemo(db, { now })).resolves.toEqual({ created: false });

    expect(await rowCounts()).toEqual({ users: 1, tickets: 0, messages: 0, contacts: 0 });
    const [teamCount] = await db.select({ n: count() }).from(teams);
    expect(teamCount?.n).toBe(0);
  });

  it("writes the same demo every time for the same moment", async () => {
    const snapshot = async () => {
      const ticketRows = await db
        .select({
          number: tickets.number,
          subject: tickets.subject,
          status: tickets.status,
          createdAt: tickets.createdAt,
        })
        .from(tickets)
        .orderBy(asc(tickets.number));
      const messageRows = await db
        .select({ kind: messages.kind, bodyText: messages.bodyText, createdAt: messages.createdAt })
        .from(messages)
        .orderBy(asc(messages.id));
      return { ticketRows, messageRows };
    };

    await seedDemo(db, { now });
    const first = await snapshot();
    await resetDatabase(db);
    await seedDemo(db, { now });

    expect(await snapshot()).toEqual(first);
  });
});

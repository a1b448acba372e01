import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DatabaseLockedError, openDatabase, rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { categories, contacts, ticketEvents, tickets } from "@/db/schema";
import { defaultCategories, ensureReferenceData } from "@/db/seed/reference";
import { setUpTestDatabase } from "../helpers/db";
import { makeContact, makeTicket } from "../helpers/factories";

const t = setUpTestDatabase();
describe("schema and migrations", () => {
  it("applies migrations and reference data again without changing anything", async () => {
    await migrateDatabase(t);
    await ensureReferenceData(t.db);
    const rows = await t.db.select().from(categories).orderBy(categories.position);
    expect(rows.map((c) => c.name)).toEqual(defaultCategories.map((c) => c.name));
  });

  it("keeps an admin's edit of a category when reference data is applied again", async () => {
    await t.db.update(categories).set({ name: "Payments" }).where(eq(categories.slug, "billing"));
    await ensureReferenceData(t.db);
    const [billing] = await t.db.select().from(categories).where(eq(categories.slug, "billing"));
    expect(billing?.name).toBe("Payments");
  });

  it("numbers tickets from a sequence: distinct under concurrent creation, starting at 1", async () => {
    const requester = await makeContact(t.db);
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        makeTicket(t.db, { requesterId: requester.id, subject: `Concurrent ${i}` }),
      ),
    );
    const numbers = created.map((ticket) => ticket.number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(100);
    expect(numbers[0]).toBe(1);
    expect(numbers.at(-1)).toBe(100);
  });

  it("treats requester emails case-insensitively", async () => {
    await makeContact(t.db, { email: "Pat@Example.test" });
    await expect(makeContact(t.db, { email: "pat@example.TEST" })).rejects.toThrow();
    const [row] = await t.db.select({ n: count() }).from(contacts);
    expect(row?.n).toBe(1);
  });

  it("keeps the audit trail append-only", async () => {
    const ticket = await makeTicket(t.db);
    const [event] = await t.db
      .insert(ticketEvents)
      .values({ ticketId: ticket.id, type: "ticket.created" })
      .returning();
    await expect(
      t.db.update(ticketEvents).set({ type: "tampered" }).where(eq(ticketEvents.id, event!.id)),
    ).rejects.toThrow();
    const [row] = await t.db.select().from(ticketEvents).where(eq(ticketEvents.id, event!.id));
    expect(row?.type).toBe("ticket.created");
  });

  it("refuses a message with two authors", async () => {
    const ticket = await makeTicket(t.db);
    await expect(
      t.db.execute(
        sql`insert into messages (ticket_id, kind, author_user_id, author_contact_id) values (${ticket.id}, 'reply', 1, ${ticket.requesterId})`,
      ),
    ).rejects.toThrow();
    const counted = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from messages`),
    );
    expect(counted[0]?.n).toBe(0);
    const [stillThere] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stillThere?.subject).toBe(ticket.subject);
  });
});

describe("embedded database", () => {
  it("persists data in its directory across restarts", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "helpdesk-pglite-"));
    const first = openDatabase({ pgliteDir: path.join(dir, "pglite") });
    await migrateDatabase(first);
    await ensureReferenceData(first.db);
    await first.db.insert(contacts).values({ email: "kept@example.test" });
    await first.close();

    const second = openDatabase({ pgliteDir: path.join(dir, "pglite") });
    const rows = await second.db.select().from(contacts);
    expect(rows.map((r) => r.email)).toEqual(["kept@example.test"]);
    await second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says plainly when another running process holds the embedded database", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "helpdesk-pglite-"));
    const pgliteDir = path.join(dir, "pglite");
    // PID 1 always runs: it stands in for the app process holding the lock.
    fs.writeFileSync(path.join(dir, "pglite.lock"), "1");
    expect(() => openDatabase({ pgliteDir })).toThrowError(DatabaseLockedError);
    expect(() => openDatabase({ pgliteDir })).toThrowError(/in use by another process \(pid 1\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("takes over a lock left behind by a process that has exited", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "helpdesk-pglite-"));
    fs.writeFileSync(path.join(dir, "pglite.lock"), "999999999");
    const handle = openDatabase({ pgliteDir: path.join(dir, "pglite") });
    await migrateDatabase(handle);
    expect(fs.readFileSync(path.join(dir, "pglite.lock"), "utf8")).toBe(String(process.pid));
    await handle.close();
    expect(fs.existsSync(path.join(dir, "pglite.lock"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// Round trips exist only on a server: on embedded PGlite every query is an in-process call, so this
// runs in the PostgreSQL pass of the suite (CI runs both).
describe.runIf(Boolean(process.env.DATABASE_URL))("queries on PostgreSQL", () => {
  it("are prepared once per connection, in transactions and savepoints too: one round trip each", async () => {
    const prepared = await t.db.transaction(async (tx) => {
      const find = (email: string) =>
        tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.email, email));
      await find("first@example.test");
      await find("second@example.test");
      await tx.transaction(async (nested) => {
        await nested.select({ n: count() }).from(tickets).where(eq(tickets.number, 1));
      });
      return rowsOf<{ statement: string }>(
        await tx.execute(sql`select statement from pg_prepared_statements`),
      ).map((row) => row.statement);
    });
    expect(prepared).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^select "id" from "contacts" where "contacts"\."email" = \$1$/),
        expect.stringMatching(/from "tickets" where "tickets"\."number" = \$1$/),
      ]),
    );
  });
});

/**
 * A fresh, migrated database for a test file: in-memory PGlite by default, or a throwaway database
 * on the PostgreSQL server named by DATABASE_URL (created here, dropped in close()).
 * `resetDatabase` gives each test an empty database with reference data, so no test depends on
 * another's rows or order.
 */
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { openDatabase, rowsOf, type Database, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { ensureReferenceData } from "@/db/seed/reference";

export type TestDatabase = DatabaseHandle & { dispose(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = openDatabase({ pgliteDir: undefined });
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
    return { ...handle, dispose: () => handle.close() };
  }

  const name = `helpdesk_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), maxConnections: 20 });
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

export async function resetDatabase(db: Database): Promise<void> {
  const rows = await db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  );
  const names = rowsOf<{ tablename: string }>(rows).map((r) => `"${r.tablename}"`);
  if (names.length > 0) {
    await db.execute(sql.raw(`truncate ${names.join(", ")} restart identity cascade`));
  }
  await db.execute(sql`alter sequence ticket_number_seq restart with 1`);
  await ensureReferenceData(db);
}

/**
 * The test file's database: opened before its first test, disposed after its last, and — unless
 * `reset: false` — emptied back to reference data before each test (ahead of the file's own
 * `beforeEach`, which runs after hooks registered earlier). `opened` runs once it is open, e.g. to
 * point a mocked `getDb` at it. Call at the top level of the file.
 */
export function setUpTestDatabase(
  options: { reset?: boolean; opened?: (database: TestDatabase) => void } = {},
): TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    options.opened?.(database);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  if (options.reset ?? true) {
    beforeEach(async () => {
      await resetDatabase(database!.db);
    });
  }
  // The handle only exists once beforeAll ran; the file holds this stand-in from the start.
  return new Proxy({} as TestDatabase, {
    get(_, key) {
      if (!database) throw new Error("the test database opens in beforeAll: use it inside a test");
      return Reflect.get(database, key);
    },
  });
}

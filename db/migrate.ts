/**
 * Applies the committed drizzle-kit migrations. On PostgreSQL a session advisory lock makes
 * concurrent start-ups of several app instances wait for one another instead of racing.
 */
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { DatabaseHandle } from "./client";

export const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

const MIGRATION_LOCK_ID = 7_401_001;

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(drizzlePglite(handle.client), { migrationsFolder });
    return;
  }
  // One dedicated connection so the advisory lock and the migration share a session.
  const sql = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(sql), { migrationsFolder });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

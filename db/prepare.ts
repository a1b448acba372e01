/**
 * Everything a database needs before the app serves a request: migrations, reference data, and on
 * an empty database (when enabled) the demo helpdesk. Safe to run any number of times.
 */
import { count } from "drizzle-orm";
import type { DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { users } from "./schema";
import { demoCredentials, seedDemo } from "./seed/demo";
import { ensureReferenceData } from "./seed/reference";

export type PrepareResult = { seeded: boolean; hasUsers: boolean };

export async function prepareDatabase(
  handle: DatabaseHandle,
  options: { seedDemo: boolean },
): Promise<PrepareResult> {
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);
  const seeded = options.seedDemo ? (await seedDemo(handle.db)).created : false;
  const [row] = await handle.db.select({ n: count() }).from(users);
  return { seeded, hasUsers: (row?.n ?? 0) > 0 };
}

export function describeDemoCredentials(): string {
  return demoCredentials.map((c) => `  ${c.role.padEnd(6)} ${c.email} / ${c.password}`).join("\n");
}

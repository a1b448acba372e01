/**
 * The app's database: one handle per process, opened on first use from the validated environment.
 * Kept on globalThis because Next.js bundles instrumentation and routes separately (and dev reloads
 * modules); two PGlite instances on one directory would corrupt it.
 */
import path from "node:path";
import { getEnv } from "@/lib/env";
import { openDatabase, type Database, type DatabaseHandle } from "./client";

export type { Database } from "./client";

const HANDLE_KEY = Symbol.for("helpdesk.database-handle");
type GlobalWithHandle = typeof globalThis & { [HANDLE_KEY]?: DatabaseHandle };

export function getDatabaseHandle(): DatabaseHandle {
  const store = globalThis as GlobalWithHandle;
  if (!store[HANDLE_KEY]) {
    const env = getEnv();
    store[HANDLE_KEY] = env.databaseUrl
      ? openDatabase({ databaseUrl: env.databaseUrl })
      : openDatabase({ pgliteDir: path.join(env.dataDir, "pglite") });
  }
  return store[HANDLE_KEY];
}

export function getDb(): Database {
  return getDatabaseHandle().db;
}

export async function closeDb(): Promise<void> {
  const store = globalThis as GlobalWithHandle;
  const handle = store[HANDLE_KEY];
  store[HANDLE_KEY] = undefined;
  await handle?.close();
}

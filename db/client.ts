/**
 * Opens the database: PostgreSQL through postgres.js when a URL is given, otherwise embedded PGlite
 * (in memory, or persisted in a directory). Both are driven through the same Drizzle schema, the
 * same migrations and the same queries; callers only see `Database`.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations, Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A database or a transaction: domain functions accept either. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseHandle =
  | { kind: "postgres"; db: Database; url: string; client: postgres.Sql; close(): Promise<void> }
  | {
      kind: "pglite";
      db: Database;
      dir: string | undefined;
      client: PGlite;
      close(): Promise<void>;
    };

export type OpenDatabaseOptions =
  | {
      databaseUrl: string;
      maxConnections?: number;
      /** Sees every statement Drizzle sends (benchmarks count them). */
      logger?: Logger;
    }
  | { pgliteDir: string | undefined };

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  if ("databaseUrl" in options) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(preparedStatements(client), {
      schema,
      logger: options.logger,
    }) as unknown as Database;
    return {
      kind: "postgres",
      db,
      url: options.databaseUrl,
      client,
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dir = options.pgliteDir;
  let releaseLock = () => {};
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    releaseLock = acquirePgliteLock(dir);
  }
  // pg_trgm backs the fuzzy subject/requester search (migration 0008); PostgreSQL ships it in contrib.
  const client = new PGlite({ dataDir: dir, extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    kind: "pglite",
    db,
    dir,
    client,
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        releaseLock();
      }
    },
  };
}

/**
 * Drizzle runs every query it was not asked to name with `prepare: false`, and postgres.js then sends
 * each statement with parameters twice: Parse + Describe, wait for the parameter types, then Bind +
 * Execute — two round trips for every query the app makes. Letting postgres.js prepare lets it keep
 * each statement per connection after its first use (keyed by its text and parameter types), so a
 * query is one round trip (bench:inbound: ≈ 80 → 100 messages/s, p50 ≈ 105 → 82 ms). This wraps the client
 * Drizzle is given — the pool, and the transaction and savepoint connections it is handed — and
 * changes nothing else. Behind a pooler in transaction mode, PgBouncer ≥ 1.21 with
 * `max_prepared_statements` set handles prepared statements.
 */
function preparedStatements(client: postgres.Sql): postgres.Sql {
  type Unsafe = (query: string, params?: unknown[], options?: object) => unknown;
  type Scoped = (...args: unknown[]) => unknown;
  const scoped =
    (method: Scoped) =>
    (...args: unknown[]) => {
      const last = args.length - 1;
      const callback = args[last] as (sql: postgres.Sql) => unknown;
      return method(...args.slice(0, last), (sql: postgres.Sql) =>
        callback(preparedStatements(sql)),
      );
    };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "unsafe") {
        const unsafe = (value as Unsafe).bind(target);
        return (query: string, params?: unknown[], options?: object) =>
          unsafe(query, params, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return scoped((value as Scoped).bind(target));
      }
      return value;
    },
  });
}

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by another process (pid ${pid}), most likely the ` +
        `running app. PGlite serves one process at a time: stop that process first, or point ` +
        `DATABASE_URL at a PostgreSQL server to share the data between processes.`,
    );
    this.name = "DatabaseLockedError";
  }
}

/**
 * PGlite has no locking of its own: two processes opening the same directory corrupt it. A lock file
 * with our pid guards it; a lock left by a process that no longer runs is taken over.
 */
function acquirePgliteLock(dir: string): () => void {
  const lockFile = path.join(path.dirname(dir), `${path.basename(dir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // Already gone.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockFile, "utf8"));
      if (holder && holder !== process.pid && isProcessAlive(holder)) {
        throw new DatabaseLockedError(dir, holder);
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dir}`);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Rows of a `db.execute()` result: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Database maintenance: `npm run db:migrate`, `npm run db:seed`, `npm run db:reset`.
 * Works on the embedded database (when the app is not running) and on DATABASE_URL.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { closeDb, getDatabaseHandle } from "@/db";
import { describeDemoCredentials, prepareDatabase } from "@/db/prepare";
import { seedDemo } from "@/db/seed/demo";
import { getEnv } from "@/lib/env";
import { runScript } from "./run-script";

const argsSchema = z.tuple([z.enum(["migrate", "seed", "reset"])]).rest(z.string());

await runScript(async () => {
  const parsed = argsSchema.safeParse(process.argv.slice(2));
  if (!parsed.success) {
    throw new Error("usage: tsx scripts/db.ts <migrate|seed|reset> [--yes]");
  }
  const [command, ...flags] = parsed.data;
  const env = getEnv();
  const handle = getDatabaseHandle();
  const where =
    handle.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${handle.dir}`;
  try {
    if (command === "migrate") {
      await prepareDatabase(handle, { seedDemo: false });
      console.info(`Migrations applied to ${where}.`);
    } else if (command === "seed") {
      await prepareDatabase(handle, { seedDemo: false });
      const { created } = await seedDemo(handle.db);
      console.info(
        created
          ? `Demo data created in ${where}. Sign in with:\n${describeDemoCredentials()}`
          : `The database already has users; demo data was not added (seeding is idempotent).`,
      );
    } else {
      if (handle.kind === "postgres" && !flags.includes("--yes")) {
        throw new Error(
          "db:reset deletes every table in the PostgreSQL database named by DATABASE_URL. " +
            "Run it again with --yes (npm run db:reset -- --yes) if that is what you want.",
        );
      }
      await handle.db.execute(sql`drop schema if exists drizzle cascade`);
      await handle.db.execute(sql`drop schema public cascade`);
      await handle.db.execute(sql`create schema public`);
      const result = await prepareDatabase(handle, { seedDemo: env.seedDemo || !env.isProduction });
      console.info(
        `Database reset: ${where}.` +
          (result.seeded ? ` Demo data created. Sign in with:\n${describeDemoCredentials()}` : ""),
      );
    }
  } finally {
    await closeDb();
  }
});

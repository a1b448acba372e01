/**
 * Administrative command line: `npm run cli -- <command>`.
 *   user create --email E --name N [--role admin|agent] [--password P]
 *     Without --password a strong one is generated and printed once.
 *   api-token create --name NAME [--user EMAIL]
 *     A REST API token acting as EMAIL (default: the first active admin). Printed once, on a line
 *     of its own starting with `Token: ` so scripts can pick it up.
 *   api-token list
 *   api-token revoke --id ID
 */
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { and, asc, eq, sql } from "drizzle-orm";
import { closeDb, getDatabaseHandle } from "@/db";
import type { Database } from "@/db/client";
import { prepareDatabase } from "@/db/prepare";
import { users, type User } from "@/db/schema";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/api-tokens/api-tokens";
import type { UserActor } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { runScript } from "./run-script";

const usage = [
  "usage: npm run cli -- <command>",
  "  user create --email E --name N [--role admin|agent] [--password P]",
  "  api-token create --name NAME [--user EMAIL]",
  "  api-token list",
  "  api-token revoke --id ID",
].join("\n");

const commands = ["user create", "api-token create", "api-token list", "api-token revoke"];

await runScript(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "agent" },
      password: { type: "string" },
      user: { type: "string" },
      id: { type: "string" },
    },
  });
  const command = positionals.join(" ");
  if (!commands.includes(command)) throw new Error(usage);

  const handle = getDatabaseHandle();
  try {
    // The demo data is seeded here only when SEED_DEMO is set explicitly, so that a script can
    // prepare a fresh demo database (and a token for its admin) before the app first starts, while
    // a CLI run against a real installation never adds demo accounts.
    const seedDemo = process.env.SEED_DEMO !== undefined && getEnv().seedDemo;
    await prepareDatabase(handle, { seedDemo: command.startsWith("api-token") && seedDemo });
    const db = handle.db;

    if (command === "user create") {
      const password = values.password ?? crypto.randomBytes(12).toString("base64url");
      const user = await createUser(db, {
        email: values.email ?? "",
        name: values.name ?? "",
        role: values.role as "admin" | "agent",
        password,
      });
      console.info(`Created ${user.role} ${user.name} <${user.email}>.`);
      if (!values.password) console.info(`Password (shown once): ${password}`);
      return;
    }

    if (command === "api-token create") {
      if (!values.name?.trim()) throw new Error(`usage: api-token create needs --name\n${usage}`);
      const user = values.user
        ? await activeUserByEmail(db, values.user)
        : await firstActiveAdmin(db);
      // Recorded as created by the user itself when it is an admin, otherwise by the first admin.
      const creator = user.role === "admin" ? user : await firstActiveAdmin(db);
      const { token, record } = await createApiToken(db, {
        actor: actorOf(creator),
        name: values.name,
        userId: user.id,
      });
      console.info(
        `Created API token “${record.name}” (${record.tokenPrefix}…, id ${record.id}) acting as ${user.name} <${user.email}>.`,
      );
      console.info(`Token: ${token}`);
      console.info("Store it now: it is not shown again.");
      return;
    }

    const admin = await firstActiveAdmin(db);
    if (command === "api-token list") {
      const tokens = await listApiTokens(db, { actor: actorOf(admin) });
      if (tokens.length === 0) console.info("No API tokens.");
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
        const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used";
        console.info(
          `${t.id}\t${t.tokenPrefix}…\t${t.name}\t${t.userEmail ?? "?"}\t${state}\t${used}`,
        );
      }
      return;
    }

    // api-token revoke
    const id = Number(values.id);
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new Error(`usage: api-token revoke needs --id (see api-token list)\n${usage}`);
    }
    const revoked = await revokeApiToken(db, { actor: actorOf(admin), tokenId: id });
    console.info(`Revoked API token “${revoked.name}” (${revoked.tokenPrefix}…).`);
  } finally {
    await closeDb();
  }
});

function actorOf(user: User): UserActor {
  return { type: "user", id: user.id, role: user.role, name: user.name, email: user.email };
}

async function firstActiveAdmin(db: Database): Promise<User> {
  const [admin] = await db
    .select()
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
    .orderBy(asc(users.id))
    .limit(1);
  if (!admin) {
    throw new DomainError(
      "NOT_FOUND",
      "There is no active admin yet; create one first with\n" +
        "  npm run cli -- user create --email you@example.com --name 'Your Name' --role admin",
    );
  }
  return admin;
}

async function activeUserByEmail(db: Database, email: string): Promise<User> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  if (!user) throw new DomainError("NOT_FOUND", `There is no user with the email ${email}.`);
  if (!user.isActive) throw new DomainError("INVALID", `The user ${email} is deactivated.`);
  return user;
}

/**
 * Administrative command line: `npm run cli -- <command>`.
 *   user create --email E --name N [--role admin|agent] [--password P]
 * Without --password a strong one is generated and printed once.
 */
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { closeDb, getDatabaseHandle } from "@/db";
import { prepareDatabase } from "@/db/prepare";
import { createUser } from "@/lib/users/create-user";
import { runScript } from "./run-script";

const usage = `usage: npm run cli -- user create --email E --name N [--role admin|agent] [--password P]`;

await runScript(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "agent" },
      password: { type: "string" },
    },
  });
  if (positionals.join(" ") !== "user create") throw new Error(usage);

  const handle = getDatabaseHandle();
  try {
    await prepareDatabase(handle, { seedDemo: false });
    const password = values.password ?? crypto.randomBytes(12).toString("base64url");
    const user = await createUser(handle.db, {
      email: values.email ?? "",
      name: values.name ?? "",
      role: values.role as "admin" | "agent",
      password,
    });
    console.info(`Created ${user.role} ${user.name} <${user.email}>.`);
    if (!values.password) console.info(`Password (shown once): ${password}`);
  } finally {
    await closeDb();
  }
});

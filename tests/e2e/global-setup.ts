/**
 * Starts the real app for the end-to-end tests: `next build` (skipped with E2E_SKIP_BUILD=1 when a
 * build of the current code exists), then `next start` on a free port against a fresh database —
 * embedded PGlite in a temporary directory, or a throwaway database on DATABASE_URL's server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { findChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    chromiumPath: string;
    /** A REST API token made with the CLI (`npm run cli -- api-token create`) for the demo admin. */
    apiToken: string;
    /** The shared secret of the raw-MIME inbound endpoint, as configured on the running app. */
    inboundSecret: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const tsxBin = path.join(root, "node_modules/.bin/tsx");

/** Runs one of the project's scripts the way `npm run` does, failing loudly with its output. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(tsxBin, ["--conditions=react-server", script, ...args], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`${script} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForHealthy(
  url: string,
  server: ChildProcess,
  logs: () => string,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(
        `The app exited with code ${server.exitCode} before it was ready:\n${logs()}`,
      );
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not become healthy within 120 s:\n${logs()}`);
}

export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();

  if (process.env.E2E_SKIP_BUILD !== "1") {
    console.info("[e2e] building the app (set E2E_SKIP_BUILD=1 to reuse an existing build) …");
    const build = spawnSync(process.execPath, [nextBin, "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (build.status !== 0) throw new Error("next build failed; see the output above.");
  } else if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    throw new Error("E2E_SKIP_BUILD=1 but there is no build in .next: run `npm run build` first.");
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "helpdesk-e2e-"));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `helpdesk_e2e_${crypto.randomBytes(6).toString("hex")}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    };
  }

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATA_DIR: dataDir,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    APP_URL: baseURL,
    SEED_DEMO: "true",
    INBOUND_EMAIL_SECRET: crypto.randomBytes(24).toString("base64url"),
    // Production requires it for storing IMAP passwords (mailbox polling).
    MAILBOX_SECRET_KEY: crypto.randomBytes(32).toString("hex"),
    TIMER_SWEEP_INTERVAL_MS: "5000",
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;

  // The embedded database serves one process, so the CLI runs before the server takes it over:
  // seed the demo helpdesk, then mint an API token for its admin.
  runScript("scripts/db.ts", ["seed"], env);
  const tokenOutput = runScript(
    "scripts/cli.ts",
    ["api-token", "create", "--name", "e2e", "--user", "admin@example.com"],
    env,
  );
  const apiToken = /^Token: (\S+)$/m.exec(tokenOutput)?.[1];
  if (!apiToken) throw new Error(`The CLI printed no token:\n${tokenOutput}`);

  let output = "";
  const server = spawn(
    process.execPath,
    [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.E2E_SERVER_LOGS === "1") process.stdout.write(chunk);
  };
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);

  await waitForHealthy(baseURL, server, () => output);
  project.provide("baseURL", baseURL);
  project.provide("chromiumPath", chromiumPath);
  project.provide("apiToken", apiToken);
  project.provide("inboundSecret", env.INBOUND_EMAIL_SECRET!);

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await dropDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

/**
 * The one place that reads configuration from the environment. Everything is validated with zod at
 * start-up (instrumentation.ts calls getEnv()), so a missing or malformed variable stops the app with
 * a message that names it instead of failing later in some request.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "must be one of true, false, 1, 0, yes, no",
  })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, {
      error: "must be a postgres:// or postgresql:// connection URL",
    })
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  APP_URL: z
    .url({ error: "must be an absolute URL such as https://help.example.com" })
    .default("http://localhost:3000"),
  SEED_DEMO: booleanString.optional(),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  isProduction: boolean;
  databaseUrl: string | undefined;
  /** Absolute path of the directory that holds the embedded database, uploads and local secrets. */
  dataDir: string;
  authSecret: string;
  appUrl: string;
  seedDemo: boolean;
};

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      "Invalid environment:\n" +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n") +
        "\nSee the Configuration table in README.md.",
    );
    this.name = "EnvError";
  }
}

/**
 * Pure parser: validates the given variables. `readLocalSecret` supplies a generated AUTH_SECRET outside
 * production so that `npm run dev` works with no configuration at all.
 */
export function parseEnv(
  source: Record<string, string | undefined>,
  readLocalSecret: (dataDir: string) => string = readOrCreateLocalSecret,
): Env {
  // Empty strings count as unset: `FOO= npm start` should behave like leaving FOO out.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        message: issue.message,
      })),
    );
  }
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === "production";
  const dataDir = path.resolve(raw.DATA_DIR);

  let authSecret = raw.AUTH_SECRET;
  if (!authSecret) {
    if (isProduction) {
      throw new EnvError([
        {
          variable: "AUTH_SECRET",
          message: "is required in production (generate one with `openssl rand -base64 32`)",
        },
      ]);
    }
    authSecret = readLocalSecret(dataDir);
  }

  return {
    nodeEnv: raw.NODE_ENV,
    isProduction,
    databaseUrl: raw.DATABASE_URL,
    dataDir,
    authSecret,
    appUrl: raw.APP_URL.replace(/\/+$/, ""),
    seedDemo: raw.SEED_DEMO ?? !isProduction,
  };
}

/** Development convenience: a random secret kept beside the embedded database. */
function readOrCreateLocalSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
    return secret;
  }
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

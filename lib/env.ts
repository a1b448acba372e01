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
  RESEND_API_KEY: z.string().trim().min(1).optional(),
  RESEND_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://api.resend.com" })
    .optional(),
  SMTP_URL: z
    .string()
    .refine(isSmtpUrl, {
      error: "must be an smtp:// or smtps:// URL such as smtps://user:pass@smtp.example.com:465",
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .refine((value) => parseMailbox(value) !== null, {
      error: 'must be an address with an optional name, such as "Helpdesk <support@example.com>"',
    })
    .default("Helpdesk <support@localhost>"),
  INNGEST_EVENT_KEY: z.string().trim().min(1).optional(),
  INNGEST_SIGNING_KEY: z.string().trim().min(1).optional(),
  /** `1` (the local dev server on its default port), `0`, or the dev server's URL. */
  INNGEST_DEV: z
    .union([booleanString, z.url()], {
      error: "must be 1, 0 or the dev server's URL such as http://localhost:8288",
    })
    .optional(),
  /** The shared secret an MTA sends as `Authorization: Bearer …` to POST /api/inbound/email. */
  INBOUND_EMAIL_SECRET: z
    .string()
    .min(24, { error: "must be at least 24 characters (generate one with `openssl rand -hex 24`)" })
    .optional(),
  /** Svix signing secret of the Resend inbound webhook (`whsec_…`); without it the webhook answers 503. */
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, { error: "must be the webhook's signing secret, whsec_…" })
    .optional(),
  /**
   * Key that encrypts stored mailbox (IMAP) passwords: 32 bytes as 64 hex characters or base64.
   * Optional outside production (derived from AUTH_SECRET); required in production once a mailbox
   * is polled, so that rotating AUTH_SECRET does not make stored passwords unreadable.
   */
  MAILBOX_SECRET_KEY: z
    .string()
    .refine((value) => decodeKey(value) !== null, {
      error: "must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)",
    })
    .optional(),
  /** The largest inbound message accepted (posted, from Resend or polled), in MB. */
  INBOUND_EMAIL_MAX_MB: z.coerce
    .number({ error: "must be a number of megabytes" })
    .int({ error: "must be a whole number of megabytes" })
    .min(1, { error: "must be at least 1" })
    .max(100, { error: "must be at most 100" })
    .default(25),
  /** How often the in-process timer sweep runs when Inngest is not configured. */
  TIMER_SWEEP_INTERVAL_MS: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int({ error: "must be a whole number of milliseconds" })
    .min(1000, { error: "must be at least 1000 (one second)" })
    .default(60_000),
});

/** 32 raw key bytes from hex or base64, or null. */
export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  return bytes.length === 32 ? bytes : null;
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A sender or recipient: `support@example.com` or `Name <support@example.com>`. */
export type MailAddress = { email: string; name: string };

/**
 * Parses `Name <local@domain>` or a bare `local@domain`. Lenient about the domain (single-label
 * hosts such as `localhost` are fine for a sender), strict about characters that could break a
 * header line.
 */
export function parseMailbox(value: string): MailAddress | null {
  const trimmed = value.trim();
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
  const rawName = angle ? angle[1]!.trim().replace(/^"(.*)"$/, "$1") : "";
  const email = (angle ? angle[2]! : trimmed).trim();
  if (/[\r\n]/.test(rawName) || rawName.includes('"')) return null;
  if (
    !/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
      email,
    )
  ) {
    return null;
  }
  return { email, name: rawName };
}

export type Env = {
  nodeEnv: "development" | "production" | "test";
  isProduction: boolean;
  databaseUrl: string | undefined;
  /** Absolute path of the directory that holds the embedded database, uploads and local secrets. */
  dataDir: string;
  authSecret: string;
  appUrl: string;
  seedDemo: boolean;
  mail: {
    /** MAIL_FROM: the sender of every email; its domain also names our Message-IDs. */
    from: MailAddress;
    /** Resend when RESEND_API_KEY is set, else SMTP when SMTP_URL is set, else the dev mailbox. */
    transport: MailTransportConfig;
  };
  /** Inngest runs background functions when INNGEST_DEV or INNGEST_EVENT_KEY is set. */
  inngest: {
    isConfigured: boolean;
    isDev: boolean;
    /** The dev server's URL when INNGEST_DEV names one. */
    devServerUrl: string | undefined;
    eventKey: string | undefined;
    signingKey: string | undefined;
  };
  /** Raw-MIME posts from an MTA; without a secret the endpoint answers 503. */
  inbound: {
    secret: string | undefined;
    /** INBOUND_EMAIL_MAX_MB in bytes: larger messages are refused (413) or left on the server. */
    maxBytes: number;
    /** Svix secret of Resend's `email.received` webhook; without it that webhook answers 503. */
    resendWebhookSecret: string | undefined;
  };
  /**
   * Encrypts stored mailbox passwords: MAILBOX_SECRET_KEY, or (outside production) a key derived
   * from AUTH_SECRET. Undefined in production without MAILBOX_SECRET_KEY: polling cannot be set up.
   */
  mailboxSecretKey: Buffer | undefined;
  /** The in-process timer sweep (reminders, snoozes, auto-solve) without Inngest. */
  timers: { sweepIntervalMs: number };
};

export type MailTransportConfig =
  | { kind: "resend"; apiKey: string; baseUrl: string | undefined }
  | { kind: "smtp"; url: string }
  | { kind: "dev" };

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

  // INNGEST_DEV=0 is the same as leaving it out; a URL means "on, at that address".
  const inngestDev = raw.INNGEST_DEV === undefined ? false : raw.INNGEST_DEV !== false;

  return {
    nodeEnv: raw.NODE_ENV,
    isProduction,
    databaseUrl: raw.DATABASE_URL,
    dataDir,
    authSecret,
    appUrl: raw.APP_URL.replace(/\/+$/, ""),
    seedDemo: raw.SEED_DEMO ?? !isProduction,
    mail: {
      from: parseMailbox(raw.MAIL_FROM)!,
      transport: raw.RESEND_API_KEY
        ? { kind: "resend", apiKey: raw.RESEND_API_KEY, baseUrl: raw.RESEND_BASE_URL }
        : raw.SMTP_URL
          ? { kind: "smtp", url: raw.SMTP_URL }
          : { kind: "dev" },
    },
    inngest: {
      isConfigured: inngestDev !== false || raw.INNGEST_EVENT_KEY !== undefined,
      isDev: inngestDev !== false,
      devServerUrl: typeof raw.INNGEST_DEV === "string" ? raw.INNGEST_DEV : undefined,
      eventKey: raw.INNGEST_EVENT_KEY,
      signingKey: raw.INNGEST_SIGNING_KEY,
    },
    inbound: {
      secret: raw.INBOUND_EMAIL_SECRET,
      maxBytes: raw.INBOUND_EMAIL_MAX_MB * 1024 * 1024,
      resendWebhookSecret: raw.RESEND_WEBHOOK_SECRET,
    },
    mailboxSecretKey: raw.MAILBOX_SECRET_KEY
      ? decodeKey(raw.MAILBOX_SECRET_KEY)!
      : isProduction
        ? undefined
        : Buffer.from(
            crypto.hkdfSync("sha256", authSecret, "helpdesk", "helpdesk/mailbox-secret/v1", 32),
          ),
    timers: { sweepIntervalMs: raw.TIMER_SWEEP_INTERVAL_MS },
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

/**
 * Mailbox polling over IMAP (imapflow): the second way mail arrives. One poll of one mailbox
 * connects (TLS always, certificates always verified), takes the messages in its folder, stores each
 * raw message through the same store-first function as the webhooks (receiveInboundEmail: unique per
 * mailbox on Message-ID), and only after the row is committed deletes the message or moves it to the
 * configured folder. A crash between the two just means the next poll stores it again as a
 * duplicate and then removes it: nothing is lost, nothing is created twice.
 *
 * Failures are counted on the mailbox; success resets the count; the fifth failure in a row
 * disables polling and tells every admin (in-app notification and an email through the outbox).
 */
import "server-only";
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import type { Database } from "@/db/client";
import { mailboxes, users, type Mailbox } from "@/db/schema";
import { openSecret } from "@/lib/crypto/secret-box";
import { notify } from "@/lib/notifications/notifications";
import { enqueueEmail } from "../outbox";
import type { MailSettings } from "../settings";
import { describeMegabytes, MAX_INBOUND_EMAIL_BYTES } from "./handle-request";
import { receiveInboundEmail } from "./receive";

/** Polls in a row that may fail before polling is switched off. */
export const MAX_POLL_FAILURES = 5;
/** Messages taken per poll; the rest wait for the next minute. */
export const MAX_MESSAGES_PER_POLL = 100;

export type ImapConnectionSettings = {
  host: string;
  port: number;
  /** true: implicit TLS (port 993); false: STARTTLS, which the server must offer. */
  tls: boolean;
  user: string;
  password: string;
};

export type ImapClientOptions = {
  /**
   * Certificates to trust instead of the system store (a private CA, the tests' own CA). There is
   * deliberately no way to switch verification off; for a system-wide private CA, NODE_EXTRA_CA_CERTS
   * works too.
   */
  trustedCa?: string | Buffer;
  /** Milliseconds to connect and for the greeting (default 20 s). */
  connectTimeoutMs?: number;
};

/** The associated data binding a sealed IMAP password to its mailbox. */
export const imapPasswordContext = (mailboxId: number) => `mailbox:${mailboxId}:imap-password`;

export function createImapClient(
  settings: ImapConnectionSettings,
  options: ImapClientOptions = {},
): ImapFlow {
  const connectTimeout = options.connectTimeoutMs ?? 20_000;
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.tls,
    // Without implicit TLS the upgrade is mandatory: a password never crosses the wire in clear.
    doSTARTTLS: settings.tls ? undefined : true,
    auth: { user: settings.user, pass: settings.password },
    tls: {
      minVersion: "TLSv1.2",
      rejectUnauthorized: true,
      ...(options.trustedCa ? { ca: options.trustedCa } : {}),
    },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: connectTimeout,
    greetingTimeout: connectTimeout,
    socketTimeout: 120_000,
    clientInfo: { name: "helpdesk" },
  });
  // imapflow reports socket failures as "error" events; without a listener they would crash the
  // process. The failing command rejects as well, which is where they are handled.
  client.on("error", () => {});
  return client;
}

type ErrorLike = {
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  mailboxMissing?: boolean;
  tlsFailed?: boolean;
  _err?: ErrorLike;
  cause?: ErrorLike;
};

const CERTIFICATE_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** A sentence an admin can act on, from whatever imapflow, TLS or the network threw. */
export function describeImapError(
  error: unknown,
  settings?: { host: string; port: number },
): string {
  const chain: ErrorLike[] = [];
  for (let e = error as ErrorLike | undefined; e && chain.length < 5; e = e._err ?? e.cause) {
    chain.push(e);
  }
  const where = settings ? `${settings.host}:${settings.port}` : "the server";
  const code = chain.map((e) => e.code).find((c) => c !== undefined);
  if (chain.some((e) => e.authenticationFailed)) {
    const said = chain.map((e) => e.responseText).find(Boolean);
    return `Login failed: the server refused the user name or password${said ? ` (${said})` : ""}.`;
  }
  if (code && CERTIFICATE_CODES.has(code)) {
    return `The TLS certificate of ${where} is not trusted (${code}). Install a certificate from a public CA, or make the server's CA trusted (NODE_EXTRA_CA_CERTS).`;
  }
  if (code === "NotFound" || chain.some((e) => e.mailboxMissing)) {
    return "The folder does not exist on the server.";
  }
  switch (code) {
    case "ECONNREFUSED":
      return `Connection refused by ${where}.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return settings ? `The host ${settings.host} was not found.` : "The host was not found.";
    case "ETIMEDOUT":
    case "CONNECT_TIMEOUT":
    case "GREETING_TIMEOUT":
    case "ETIMEOUT":
      return `No answer from ${where} in time.`;
    case "ECONNRESET":
    case "EConnectionClosed":
    case "ClosedAfterConnectTLS":
    case "ClosedAfterConnectText":
      return `${where} closed the connection. Check the port and the TLS setting.`;
  }
  if (chain.some((e) => e.tlsFailed) || /STARTTLS/i.test(chain[0]?.message ?? "")) {
    return `TLS could not be set up with ${where}: ${chain.at(-1)?.message ?? "unknown error"}. Check the port and the TLS setting.`;
  }
  const said = chain.map((e) => e.responseText).find(Boolean);
  const message = said ?? chain.at(-1)?.message ?? String(error);
  return `IMAP error: ${message}`.slice(0, 1000);
}

/** Logs in, checks that the folder exists, and logs out. Never touches a message. */
export async function checkImapConnection(
  settings: ImapConnectionSettings & { folder: string },
  options: ImapClientOptions = {},
): Promise<{ ok: true; messages: number } | { ok: false; error: string }> {
  const client = createImapClient(settings, options);
  try {
    await client.connect();
    const status = await client.status(settings.folder, { messages: true });
    if (!status) return { ok: false, error: `The folder “${settings.folder}” does not exist.` };
    await client.logout();
    return { ok: true, messages: status.messages ?? 0 };
  } catch (error) {
    return { ok: false, error: describeImapError(error, settings) };
  } finally {
    client.close();
  }
}

export type PollOptions = {
  /** env.mailboxSecretKey; undefined (production without MAILBOX_SECRET_KEY) fails the poll. */
  secretKey: Buffer | undefined;
  mail: MailSettings;
  now?: Date;
  maxMessages?: number;
  /** The largest message fetched (INBOUND_EMAIL_MAX_MB); larger ones stay on the server. */
  maxBytes?: number;
} & ImapClientOptions;

export type PollResult = {
  mailboxId: number;
  outcome: "polled" | "failed" | "skipped";
  /** New messages stored (accepted): to be processed by the caller after this returns. */
  inboundEmailIds: number[];
  duplicates: number;
  /** Messages deleted or moved after they were stored. */
  removed: number;
  /** Outbox rows queued (the admins' "polling disabled" mail), committed; to be dispatched. */
  outboundEmailIds: number[];
  error?: string;
  /** This poll was the fifth failure in a row: polling is now off. */
  disabled?: boolean;
};

class PollError extends Error {}

/** The database's own words rather than the query wrapper's ("Failed query: insert …"). */
function innermostMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return (current instanceof Error ? current.message : String(current)).slice(0, 500);
}

/** Polls one mailbox once; never throws for a mail-server problem (it is recorded on the mailbox). */
export async function pollMailbox(
  db: Database,
  input: { mailboxId: number } & PollOptions,
): Promise<PollResult> {
  const result: PollResult = {
    mailboxId: input.mailboxId,
    outcome: "skipped",
    inboundEmailIds: [],
    duplicates: 0,
    removed: 0,
    outboundEmailIds: [],
  };
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, input.mailboxId));
  if (!mailbox || !isPollable(mailbox)) return result;
  const now = input.now ?? new Date();

  let note: string | null = null;
  try {
    note = await fetchAndStore(db, mailbox, input, result, now);
  } catch (error) {
    const message =
      error instanceof PollError
        ? error.message
        : describeImapError(error, { host: mailbox.imapHost!, port: mailbox.imapPort });
    result.outcome = "failed";
    result.error = message;
    const failure = await recordFailure(db, mailbox, message, input.mail, now);
    result.disabled = failure.disabled;
    result.outboundEmailIds = failure.outboundEmailIds;
    return result;
  }
  await db
    .update(mailboxes)
    .set({ pollFailures: 0, lastPolledAt: now, lastPollError: note, updatedAt: now })
    .where(eq(mailboxes.id, mailbox.id));
  result.outcome = "polled";
  return result;
}

function isPollable(mailbox: Mailbox): boolean {
  return mailbox.pollingEnabled && mailbox.pollDisabledAt === null && !!mailbox.imapHost;
}

/** The poll itself; returns a note for the admin (messages left behind), throws on failure. */
async function fetchAndStore(
  db: Database,
  mailbox: Mailbox,
  options: PollOptions,
  result: PollResult,
  now: Date,
): Promise<string | null> {
  const maxBytes = options.maxBytes ?? MAX_INBOUND_EMAIL_BYTES;
  if (!mailbox.imapUser || !mailbox.imapPasswordEncrypted) {
    throw new PollError("No IMAP user name or password is stored for this mailbox.");
  }
  if (!options.secretKey) {
    throw new PollError(
      "MAILBOX_SECRET_KEY is not set: the stored IMAP password cannot be decrypted.",
    );
  }
  let password: string;
  try {
    password = openSecret(
      mailbox.imapPasswordEncrypted,
      options.secretKey,
      imapPasswordContext(mailbox.id),
    );
  } catch (error) {
    throw new PollError(
      `${error instanceof Error ? error.message : "the password cannot be decrypted"}: enter the IMAP password again.`,
    );
  }
  const moveTo = mailbox.imapAfterFetch === "move" ? mailbox.imapMoveFolder?.trim() : null;
  if (mailbox.imapAfterFetch === "move" && !moveTo) {
    throw new PollError("Messages are to be moved, but no folder to move them to is set.");
  }

  const client = createImapClient(
    {
      host: mailbox.imapHost!,
      port: mailbox.imapPort,
      tls: mailbox.imapTls,
      user: mailbox.imapUser,
      password,
    },
    options,
  );
  try {
    await client.connect();
    if (moveTo) await client.mailboxCreate(moveTo); // answers created: false when it exists
    const lock = await client.getMailboxLock(mailbox.imapFolder);
    const tooLarge: number[] = [];
    try {
      const isEmpty = client.mailbox !== false && client.mailbox.exists === 0;
      const listed = isEmpty
        ? []
        : await client.fetchAll("1:*", { uid: true, size: true }, { uid: true });
      const candidates = listed.sort((a, b) => a.uid - b.uid);
      let taken = 0;
      for (const { uid, size } of candidates) {
        if ((size ?? 0) > maxBytes) {
          tooLarge.push(uid);
          continue;
        }
        if (taken++ >= (options.maxMessages ?? MAX_MESSAGES_PER_POLL)) break;
        const message = await client.fetchOne(
          String(uid),
          { uid: true, source: true },
          { uid: true },
        );
        // Gone meanwhile (another client took it): nothing to store.
        if (!message || !message.source) continue;

        const outcome = await receiveInboundEmail(db, {
          raw: new Uint8Array(message.source),
          envelopeTo: mailbox.address,
          now,
        }).catch((error: unknown) => {
          console.error("[imap] storing a message failed", { mailboxId: mailbox.id, uid }, error);
          throw new PollError(
            `Storing message UID ${uid} failed (${innermostMessage(error)}); it stays on the server for the next poll.`,
          );
        });
        if (outcome.status === "accepted") result.inboundEmailIds.push(outcome.id);
        else result.duplicates++;

        // Only now, with the row committed, may the server's copy go.
        const removed = moveTo
          ? await client.messageMove(String(uid), moveTo, { uid: true })
          : await client.messageDelete(String(uid), { uid: true });
        if (!removed) {
          throw new PollError(
            `Message UID ${uid} was stored, but the server refused to ${moveTo ? `move it to “${moveTo}”` : "delete it"}.`,
          );
        }
        result.removed++;
      }
    } finally {
      lock.release();
    }
    await client.logout();
    return tooLarge.length > 0
      ? `${tooLarge.length} message(s) larger than ${describeMegabytes(maxBytes)} left in “${mailbox.imapFolder}” (UID ${tooLarge.join(", ")}); remove them by hand.`
      : null;
  } finally {
    client.close();
  }
}

async function recordFailure(
  db: Database,
  mailbox: Mailbox,
  message: string,
  mail: MailSettings,
  now: Date,
): Promise<{ disabled: boolean; outboundEmailIds: number[] }> {
  return db.transaction(async (tx) => {
    const [counted] = await tx
      .update(mailboxes)
      .set({
        pollFailures: sql`${mailboxes.pollFailures} + 1`,
        lastPolledAt: now,
        lastPollError: message.slice(0, 2000),
        updatedAt: now,
      })
      .where(eq(mailboxes.id, mailbox.id))
      .returning();
    if (!counted || counted.pollFailures < MAX_POLL_FAILURES) {
      return { disabled: false, outboundEmailIds: [] };
    }
    const [disabled] = await tx
      .update(mailboxes)
      .set({ pollDisabledAt: now })
      .where(and(eq(mailboxes.id, mailbox.id), isNull(mailboxes.pollDisabledAt)))
      .returning({ id: mailboxes.id });
    if (!disabled) return { disabled: false, outboundEmailIds: [] };

    const admins = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
      .orderBy(asc(users.id));
    const title = `Polling of ${mailbox.address} was switched off`;
    const body =
      `${MAX_POLL_FAILURES} polls in a row failed. Last error: ${message}\n` +
      `Mail to this mailbox is not being collected. Fix the settings, then re-enable polling under ` +
      `Admin → Mailboxes → ${mailbox.name} → Polling.`;
    await notify(
      tx,
      admins.map((admin) => ({ userId: admin.id, type: "mailbox_disabled" as const, title, body })),
    );
    const outboundEmailIds: number[] = [];
    for (const admin of admins) {
      const row = await enqueueEmail(tx, {
        kind: "mailbox_disabled",
        to: [{ email: admin.email, name: admin.name }],
        subject: title,
        text: `Hello ${admin.name},\n\n${body}\n`,
        automatic: true,
        mail,
        now,
      });
      outboundEmailIds.push(row.id);
    }
    return { disabled: true, outboundEmailIds };
  });
}

/** Polls every mailbox that is set up, enabled and not disabled, one after the other. */
export async function pollAllMailboxes(db: Database, options: PollOptions): Promise<PollResult[]> {
  const ids = await listPollableMailboxIds(db);
  const results: PollResult[] = [];
  for (const mailboxId of ids) results.push(await pollMailbox(db, { ...options, mailboxId }));
  return results;
}

export async function listPollableMailboxIds(db: Database): Promise<number[]> {
  const rows = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(
      and(
        eq(mailboxes.pollingEnabled, true),
        isNull(mailboxes.pollDisabledAt),
        isNotNull(mailboxes.imapHost),
      ),
    )
    .orderBy(asc(mailboxes.id));
  return rows.map((row) => row.id);
}

export type PollSummary = {
  mailboxes: number;
  failed: number;
  disabled: number;
  duplicates: number;
  removed: number;
  /** New inbound rows, to be processed (event or in-process). */
  inboundEmailIds: number[];
  /** Outbox rows (admin alerts), to be dispatched. */
  outboundEmailIds: number[];
};

export function summarizePolls(results: PollResult[]): PollSummary {
  return {
    mailboxes: results.filter((r) => r.outcome !== "skipped").length,
    failed: results.filter((r) => r.outcome === "failed").length,
    disabled: results.filter((r) => r.disabled).length,
    duplicates: results.reduce((n, r) => n + r.duplicates, 0),
    removed: results.reduce((n, r) => n + r.removed, 0),
    inboundEmailIds: results.flatMap((r) => r.inboundEmailIds),
    outboundEmailIds: results.flatMap((r) => r.outboundEmailIds),
  };
}

/**
 * Mailbox polling as admins manage it (Admin → Mailboxes → a mailbox → Polling): the IMAP settings
 * (the password write-only: stored sealed with MAILBOX_SECRET_KEY, never shown, blank keeps it), a
 * connection test that logs in without touching mail, the polling status, and re-enabling a mailbox
 * that five failed polls in a row switched off. The polling itself is lib/mail/inbound/imap.ts.
 */
import "server-only";
import net from "node:net";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { mailboxes, type Mailbox } from "@/db/schema";
import { assertUserCan, type Actor } from "@/lib/auth/permissions";
import { openSecret, requireSecretKey, sealSecret, SecretBoxError } from "@/lib/crypto/secret-box";
import { DomainError } from "@/lib/errors";
import {
  checkImapConnection,
  imapPasswordContext,
  type ImapClientOptions,
} from "@/lib/mail/inbound/imap";
import { idSchema, parseInput } from "./input";

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const FOLDER = /^[^\r\n\0*%]+$/;

const folderSchema = (what: string) =>
  z
    .string()
    .trim()
    .max(200, { error: `Keep the ${what} to 200 characters or fewer.` })
    .refine((value) => value === "" || FOLDER.test(value), {
      error: `The ${what} cannot contain *, % or line breaks.`,
    });

export const mailboxPollingSettingsSchema = z
  .object({
    mailboxId: idSchema,
    host: z
      .string()
      .trim()
      .max(253)
      .refine((value) => value === "" || HOSTNAME.test(value) || net.isIP(value) !== 0, {
        error: "Enter a host name such as imap.example.com, or an IP address.",
      }),
    port: z.coerce
      .number({ error: "Enter a port number." })
      .int({ error: "Enter a whole port number." })
      .min(1, { error: "Enter a port between 1 and 65535." })
      .max(65535, { error: "Enter a port between 1 and 65535." }),
    tls: z.boolean(),
    user: z.string().trim().max(320, { error: "Keep the user name to 320 characters or fewer." }),
    /** Blank keeps the stored password. */
    password: z.string().max(1000, { error: "That password is too long." }).default(""),
    folder: folderSchema("folder"),
    afterFetch: z.enum(["delete", "move"], {
      error: "Choose what happens after a message is stored.",
    }),
    moveFolder: folderSchema("folder to move to").default(""),
    pollingEnabled: z.boolean(),
  })
  .superRefine((value, context) => {
    const need = (path: string, message: string) =>
      context.addIssue({ code: "custom", path: [path], message });
    if (value.pollingEnabled && value.host === "") need("host", "Enter the IMAP server to poll.");
    if (value.pollingEnabled && value.user === "") need("user", "Enter the user name.");
    if (value.folder === "") need("folder", "Enter the folder to take mail from (usually INBOX).");
    if (value.afterFetch === "move") {
      if (value.moveFolder === "") need("moveFolder", "Enter the folder to move messages to.");
      else if (value.moveFolder.toLowerCase() === value.folder.toLowerCase()) {
        need(
          "moveFolder",
          "Moving messages into the folder they came from would fetch them again.",
        );
      }
    }
  });
export type MailboxPollingSettingsInput = z.input<typeof mailboxPollingSettingsSchema>;

export const mailboxIdInputSchema = z.object({ mailboxId: idSchema });

export type MailboxPollingView = {
  mailbox: { id: number; name: string; address: string };
  settings: {
    host: string;
    port: number;
    tls: boolean;
    user: string;
    hasPassword: boolean;
    folder: string;
    afterFetch: "delete" | "move";
    moveFolder: string;
    pollingEnabled: boolean;
  };
  status: {
    lastPolledAt: Date | null;
    lastPollError: string | null;
    failures: number;
    disabledAt: Date | null;
  };
};

async function loadMailbox(db: Database, mailboxId: number): Promise<Mailbox> {
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mailbox) throw new DomainError("NOT_FOUND", "Mailbox not found.");
  return mailbox;
}

function viewOf(mailbox: Mailbox): MailboxPollingView {
  return {
    mailbox: { id: mailbox.id, name: mailbox.name, address: mailbox.address },
    settings: {
      host: mailbox.imapHost ?? "",
      port: mailbox.imapPort,
      tls: mailbox.imapTls,
      user: mailbox.imapUser ?? "",
      hasPassword: mailbox.imapPasswordEncrypted !== null,
      folder: mailbox.imapFolder,
      afterFetch: mailbox.imapAfterFetch,
      moveFolder: mailbox.imapMoveFolder ?? "",
      pollingEnabled: mailbox.pollingEnabled,
    },
    status: {
      lastPolledAt: mailbox.lastPolledAt,
      lastPollError: mailbox.lastPollError,
      failures: mailbox.pollFailures,
      disabledAt: mailbox.pollDisabledAt,
    },
  };
}

export async function getMailboxPolling(
  db: Database,
  input: { actor: Actor; mailboxId: number },
): Promise<MailboxPollingView | null> {
  assertUserCan(input.actor, "admin.access");
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, input.mailboxId));
  return mailbox ? viewOf(mailbox) : null;
}

/** Saves the IMAP settings; a new password is sealed, a blank one keeps what is stored. */
export async function updateMailboxPolling(
  db: Database,
  {
    actor,
    secretKey,
    now = new Date(),
    ...input
  }: { actor: Actor; secretKey: Buffer | undefined; now?: Date } & MailboxPollingSettingsInput,
): Promise<MailboxPollingView> {
  assertUserCan(actor, "admin.access");
  const values = parseInput(mailboxPollingSettingsSchema, input);
  const mailbox = await loadMailbox(db, values.mailboxId);

  let sealed = mailbox.imapPasswordEncrypted;
  if (values.password !== "") {
    sealed = sealSecret(
      values.password,
      requireSecretKey(secretKey),
      imapPasswordContext(mailbox.id),
    );
  }
  if (values.pollingEnabled) {
    // Polling reads the password back with the same key: without it every poll would fail.
    requireSecretKey(secretKey);
    if (!sealed) {
      throw new DomainError("INVALID", "Enter the password.", {
        password: ["Enter the password."],
      });
    }
  }

  const [saved] = await db
    .update(mailboxes)
    .set({
      imapHost: values.host === "" ? null : values.host,
      imapPort: values.port,
      imapTls: values.tls,
      imapUser: values.user === "" ? null : values.user,
      imapPasswordEncrypted: sealed,
      imapFolder: values.folder,
      imapAfterFetch: values.afterFetch,
      imapMoveFolder: values.moveFolder === "" ? null : values.moveFolder,
      pollingEnabled: values.pollingEnabled,
      updatedAt: now,
    })
    .where(eq(mailboxes.id, mailbox.id))
    .returning();
  if (!saved) throw new DomainError("NOT_FOUND", "Mailbox not found.");
  return viewOf(saved);
}

export type ConnectionTestResult = { ok: true; message: string } | { ok: false; message: string };

/**
 * Logs in with the settings as entered (a blank password means the stored one) and checks the
 * folder. Nothing is saved, no message is touched and the failure counter is left alone.
 */
export async function testMailboxConnection(
  db: Database,
  {
    actor,
    secretKey,
    imap,
    ...input
  }: {
    actor: Actor;
    secretKey: Buffer | undefined;
    /** Client options (a private CA to trust); app code passes none. */
    imap?: ImapClientOptions;
  } & MailboxPollingSettingsInput,
): Promise<ConnectionTestResult> {
  assertUserCan(actor, "admin.access");
  const values = parseInput(mailboxPollingSettingsSchema, input);
  const mailbox = await loadMailbox(db, values.mailboxId);
  const missing: Record<string, string[]> = {};
  if (values.host === "") missing.host = ["Enter the IMAP server."];
  if (values.user === "") missing.user = ["Enter the user name."];
  let password = values.password;
  if (password === "") {
    if (!mailbox.imapPasswordEncrypted) {
      missing.password = ["Enter the password."];
    } else {
      try {
        password = openSecret(
          mailbox.imapPasswordEncrypted,
          requireSecretKey(secretKey),
          imapPasswordContext(mailbox.id),
        );
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
        missing.password = ["The stored password cannot be read any more: enter it again."];
      }
    }
  }
  if (Object.keys(missing).length > 0) {
    throw new DomainError("INVALID", Object.values(missing)[0]![0]!, missing);
  }

  const result = await checkImapConnection(
    {
      host: values.host,
      port: values.port,
      tls: values.tls,
      user: values.user,
      password,
      folder: values.folder,
    },
    imap,
  );
  if (!result.ok) return { ok: false, message: result.error };
  return {
    ok: true,
    message: `Logged in to ${values.host}. “${values.folder}” holds ${result.messages} message${result.messages === 1 ? "" : "s"}.`,
  };
}

/** Switches polling back on after it was disabled for failures: the counter starts again at 0. */
export async function reenableMailboxPolling(
  db: Database,
  input: { actor: Actor; mailboxId: number; now?: Date },
): Promise<MailboxPollingView> {
  assertUserCan(input.actor, "admin.access");
  const { mailboxId } = parseInput(mailboxIdInputSchema, { mailboxId: input.mailboxId });
  const [saved] = await db
    .update(mailboxes)
    .set({
      pollDisabledAt: null,
      pollFailures: 0,
      pollingEnabled: true,
      updatedAt: input.now ?? new Date(),
    })
    .where(eq(mailboxes.id, mailboxId))
    .returning();
  if (!saved) throw new DomainError("NOT_FOUND", "Mailbox not found.");
  return viewOf(saved);
}

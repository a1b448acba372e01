/**
 * Server start-up: a bad environment or an unusable database stops the process with a message that
 * says what is wrong, instead of a server that fails on every request.
 */
import { getDatabaseHandle, getDb } from "@/db";
import { DatabaseLockedError } from "@/db/client";
import { describeDemoCredentials, prepareDatabase } from "@/db/prepare";
import { getAttachmentStorage } from "./attachments/app-storage";
import { EnvError, getEnv } from "./env";
import { startMailboxPolling } from "./mail/inbound/poll-schedule";
import { startInboundSweep } from "./mail/inbound/sweep";
import { startOutboxSweep } from "./mail/outbox-sweep";
import { getMailSettings } from "./mail/settings";
import { getMailTransport } from "./mail/transports";
import { startTimerSweep } from "./timers/sweep";

export async function startServer(): Promise<void> {
  try {
    const env = getEnv();
    const handle = getDatabaseHandle();
    const where =
      handle.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${handle.dir}`;
    const result = await prepareDatabase(handle, { seedDemo: env.seedDemo });
    console.info(
      `[helpdesk] database ready: ${where}${result.seeded ? " (demo data created)" : ""}`,
    );
    const transport = env.mail.transport.kind;
    console.info(
      `[helpdesk] outbound mail: ${transport === "dev" ? `dev mailbox (${env.appUrl}/dev/mailbox)` : transport}` +
        `, background work: ${env.inngest.isConfigured ? "Inngest" : "in-process"}`,
    );
    // Without Inngest, this process retries failed and missed outbox rows itself.
    if (!env.inngest.isConfigured) {
      startOutboxSweep(getDatabaseHandle, getMailTransport, getAttachmentStorage);
      startInboundSweep(getDb);
      // Reminders, snoozes and auto-solve; queued mail goes out on the outbox sweep.
      startTimerSweep(getDatabaseHandle, {
        getMail: getMailSettings,
        intervalMs: env.timers.sweepIntervalMs,
      });
      // IMAP mailboxes with polling switched on, every minute.
      startMailboxPolling(getDatabaseHandle, {
        getMail: getMailSettings,
        secretKey: env.mailboxSecretKey,
        maxBytes: env.inbound.maxBytes,
      });
    }
    if (env.seedDemo) {
      console.info(
        `[helpdesk] demo sign-in at ${env.appUrl}/sign-in\n${describeDemoCredentials()}`,
      );
    } else if (!result.hasUsers) {
      console.info(
        "[helpdesk] no users yet: create the first admin with\n" +
          "  npm run cli -- user create --email you@example.com --name 'Your Name' --role admin",
      );
    }
  } catch (error) {
    if (error instanceof EnvError || error instanceof DatabaseLockedError) {
      console.error(`[helpdesk] cannot start.\n${error.message}`);
    } else {
      console.error("[helpdesk] cannot start: preparing the database failed.", error);
    }
    process.exit(1);
  }
}

/** Runs a CLI body: expected problems print one clear line and exit 1; nothing prints a stack trace twice. */
import { DatabaseLockedError } from "@/db/client";
import { EnvError } from "@/lib/env";
import { isDomainError } from "@/lib/errors";

export async function runScript(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (
      error instanceof EnvError ||
      error instanceof DatabaseLockedError ||
      isDomainError(error) ||
      (error instanceof Error && error.message.startsWith("usage:"))
    ) {
      console.error(`error: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  }
}

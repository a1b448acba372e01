/**
 * The one way server actions are written: session → permission → zod parse → domain call → typed
 * result. Expected failures come back as `{ ok: false }` with a message (and field errors) for the
 * form; unexpected ones are logged and answered with a generic message.
 *
 *   export const renameThing = action({ permission: "tickets.work", schema }, (input, { actor, db }) => …)
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { assertUserCan, type Permission, type UserActor } from "@/lib/auth/permissions";
import { getSessionActor } from "@/lib/auth/session";
import { isDomainError, type DomainErrorCode } from "@/lib/errors";

export type ActionError = {
  ok: false;
  code: DomainErrorCode | "INTERNAL";
  error: string;
  fieldErrors?: Record<string, string[] | undefined>;
};
export type ActionResult<T> = { ok: true; data: T } | ActionError;

export function action<S extends z.ZodType, T>(
  options: { permission: Permission; schema: S },
  handler: (input: z.output<S>, context: { actor: UserActor; db: Database }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const actor = assertUserCan(await getSessionActor(), options.permission);
      const parsed = options.schema.safeParse(input);
      if (!parsed.success) {
        return {
          ok: false,
          code: "INVALID",
          error: parsed.error.issues[0]?.message ?? "Check the highlighted fields.",
          fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        };
      }
      return { ok: true, data: await handler(parsed.data, { actor, db: getDb() }) };
    } catch (error) {
      unstable_rethrow(error);
      if (isDomainError(error)) {
        return { ok: false, code: error.code, error: error.message, fieldErrors: error.details };
      }
      console.error("[action] unexpected error", error);
      return { ok: false, code: "INTERNAL", error: "Something went wrong. Try again in a moment." };
    }
  };
}

/**
 * The portal's counterpart of lib/safe-action.ts: server actions of a signed-in requester. Session
 * cookie → requester (or UNAUTHORIZED) → zod parse → domain call → typed result; expected failures
 * come back as messages, unexpected ones are logged and answered vaguely.
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import type { RequesterActor } from "@/lib/auth/permissions";
import { DomainError, isDomainError } from "@/lib/errors";
import type { ActionResult } from "@/lib/safe-action";
import { getPortalActor } from "./session";

export function portalAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, context: { actor: RequesterActor; db: Database }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const actor = await getPortalActor();
      if (!actor) {
        throw new DomainError(
          "UNAUTHORIZED",
          "Your portal session has ended. Ask for a new link to continue.",
        );
      }
      const parsed = schema.safeParse(input);
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
      console.error("[portal action] unexpected error", error);
      return { ok: false, code: "INTERNAL", error: "Something went wrong. Try again in a moment." };
    }
  };
}

"use server";

/**
 * Server actions of the requester portal: reply, close, rate, sign out everywhere (signed-in
 * requester), and "email me a link" (anyone; same answer whether or not the address is known).
 */
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { isDomainError } from "@/lib/errors";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "@/lib/mail/settings";
import { signOutEverywhere } from "@/lib/portal/access";
import { portalAction } from "@/lib/portal/portal-action";
import { LINK_SENT_MESSAGE, requestLinkSchema, requestPortalLink } from "@/lib/portal/request-link";
import {
  closeTicketFromPortal,
  portalRatingSchema,
  portalReplySchema,
  rateTicket,
  replyFromPortal,
} from "@/lib/portal/requester-actions";
import { endPortalSession } from "@/lib/portal/session";
import type { ActionResult } from "@/lib/safe-action";
import { formatTicketNumber } from "@/lib/tickets/ref";

const numberSchema = z.object({ number: z.number().int().positive() });

function revalidateTicket(number: number) {
  revalidatePath(`/portal/tickets/${formatTicketNumber(number)}`);
  revalidatePath("/portal");
}

export const portalReplyAction = portalAction(portalReplySchema, async (input, { actor, db }) => {
  const result = await replyFromPortal(db, { actor, mail: getMailSettings(), ...input });
  await dispatchEvents(result.outboundEmailIds.map(outboundEmailQueuedEvent), { db });
  revalidateTicket(input.number);
  if (result.ticketNumber !== input.number) revalidateTicket(result.ticketNumber);
  return { ticketRef: formatTicketNumber(result.ticketNumber), outcome: result.outcome };
});

export const portalCloseAction = portalAction(numberSchema, async ({ number }, { actor, db }) => {
  const { outboundEmailIds } = await closeTicketFromPortal(db, {
    actor,
    number,
    mail: getMailSettings(),
  });
  await dispatchEvents(outboundEmailIds.map(outboundEmailQueuedEvent), { db });
  revalidateTicket(number);
  return null;
});

export const portalRateAction = portalAction(portalRatingSchema, async (input, { actor, db }) => {
  await rateTicket(db, { actor, ...input });
  revalidateTicket(input.number);
  return null;
});

export const portalSignOutEverywhereAction = portalAction(
  z.object({}),
  async (_, { actor, db }) => {
    await signOutEverywhere(db, { actor });
    await endPortalSession();
    return null;
  },
);

export async function requestPortalLinkAction(input: {
  email: string;
}): Promise<ActionResult<{ message: string }>> {
  const parsed = requestLinkSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      code: "INVALID",
      error: parsed.error.issues[0]?.message ?? "Enter a valid email address.",
    };
  }
  try {
    const db = getDb();
    const result = await requestPortalLink(db, {
      email: parsed.data.email,
      ip: clientIpFrom(await headers()),
      mail: getMailSettings(),
    });
    if (result.status === "rate-limited") {
      return {
        ok: false,
        code: "RATE_LIMITED",
        error: "Too many link requests. Please wait an hour and try again.",
      };
    }
    await dispatchEvents(result.outboundEmailIds.map(outboundEmailQueuedEvent), { db });
    return { ok: true, data: { message: LINK_SENT_MESSAGE } };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, code: error.code, error: error.message };
    console.error("[portal] link request failed", error);
    return { ok: false, code: "INTERNAL", error: "Something went wrong. Try again in a moment." };
  }
}

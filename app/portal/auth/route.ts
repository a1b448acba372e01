/**
 * GET /portal/auth?token=… — the link from a requester's email. A good link (signature, expiry, and
 * the contact's current token version) becomes a portal session cookie, and the browser is sent on to
 * the clean address (the ticket the link names, else the ticket list), so the token leaves the
 * address bar and history. A bad one leads to the page that explains it and offers a new link.
 */
import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { exchangePortalLink } from "@/lib/portal/access";
import { portalSessionCookie, getPortalKeys } from "@/lib/portal/session";
import { formatTicketNumber } from "@/lib/tickets/ref";

const querySchema = z.object({ token: z.string().min(1).max(1000) });

export async function GET(request: Request): Promise<Response> {
  const { appUrl } = getEnv();
  const query = querySchema.safeParse({
    token: new URL(request.url).searchParams.get("token") ?? "",
  });
  const redirect = (path: string) => {
    const response = NextResponse.redirect(`${appUrl}${path}`, 303);
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("Referrer-Policy", "no-referrer");
    return response;
  };
  if (!query.success) return redirect("/portal/link?reason=invalid");

  const result = await exchangePortalLink(getDb(), {
    linkKey: getPortalKeys().linkKey,
    token: query.data.token,
  });
  if (!result.ok) {
    return redirect(
      `/portal/link?reason=${result.reason === "expired" ? "expired" : result.reason === "revoked" ? "revoked" : "invalid"}`,
    );
  }
  const response = redirect(
    result.ticketNumber !== null
      ? `/portal/tickets/${formatTicketNumber(result.ticketNumber)}`
      : "/portal",
  );
  const cookie = portalSessionCookie({
    contactId: result.actor.contactId,
    tokenVersion: result.tokenVersion,
  });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

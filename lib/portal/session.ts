/**
 * The portal session in the app: keys derived from AUTH_SECRET, and the signed cookie that carries a
 * requester between requests (httpOnly, SameSite=Lax, Secure when the app is served over https in
 * production). Separate from the agents' Auth.js session: being signed in to one says nothing about
 * the other. Adapters only; domain functions receive the resolved RequesterActor.
 */
import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import type { RequesterActor } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { resolvePortalSession } from "./access";
import { deriveFormStampKey } from "./form-stamp";
import { derivePortalLinkKey } from "./link-token";
import {
  PORTAL_SESSION_COOKIE,
  derivePortalSessionKey,
  signPortalSession,
  verifyPortalSession,
} from "./session-token";

export type PortalKeys = { linkKey: Buffer; sessionKey: Buffer; formStampKey: Buffer };

let keys: PortalKeys | undefined;

export function getPortalKeys(): PortalKeys {
  if (!keys) {
    const { authSecret } = getEnv();
    keys = {
      linkKey: derivePortalLinkKey(authSecret),
      sessionKey: derivePortalSessionKey(authSecret),
      formStampKey: deriveFormStampKey(authSecret),
    };
  }
  return keys;
}

/** The signed-in requester of this request, or null (no cookie, tampered, expired or revoked). */
export const getPortalActor = cache(async (): Promise<RequesterActor | null> => {
  const value = (await cookies()).get(PORTAL_SESSION_COOKIE)?.value;
  const claims = verifyPortalSession(getPortalKeys().sessionKey, value);
  return resolvePortalSession(getDb(), claims);
});

/**
 * The same for a route handler, from the request's Cookie header: route handlers that serve agents
 * and requesters alike (attachments) ask this after the agent session.
 */
export async function getPortalActorFromRequest(request: Request): Promise<RequesterActor | null> {
  const value = readCookie(request.headers.get("cookie"), PORTAL_SESSION_COOKIE);
  if (!value) return null;
  const claims = verifyPortalSession(getPortalKeys().sessionKey, value);
  return resolvePortalSession(getDb(), claims);
}

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

function cookieOptions(expires: Date) {
  const env = getEnv();
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env.isProduction && env.appUrl.startsWith("https://"),
    path: "/",
    expires,
  };
}

/** The cookie that starts a session; the route handler sets it on its redirect response. */
export function portalSessionCookie(input: { contactId: number; tokenVersion: number }) {
  const { value, expiresAt } = signPortalSession(getPortalKeys().sessionKey, input);
  return { name: PORTAL_SESSION_COOKIE, value, options: cookieOptions(expiresAt) };
}

export async function endPortalSession(): Promise<void> {
  (await cookies()).set(PORTAL_SESSION_COOKIE, "", cookieOptions(new Date(0)));
}

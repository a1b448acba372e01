/**
 * Auth.js (next-auth v5): credentials sign-in for agents and admins, JWT sessions in a signed cookie.
 * The config is built lazily so that `next build` does not need AUTH_SECRET.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { getEnv } from "@/lib/env";

export class InvalidCredentialsError extends CredentialsSignin {
  override code = "invalid_credentials";
}

export class SignInThrottledError extends CredentialsSignin {
  constructor(readonly retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}

export const credentialsSchema = z.object({
  email: z.email({ error: "Enter a valid email address." }).max(320),
  password: z.string().min(1, { error: "Enter your password." }).max(1024),
});

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getEnv().authSecret,
  // Self-hosted behind any reverse proxy: the Host header is trusted, APP_URL is used for links.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentialsError();
        const result = await verifyCredentials(
          { ...parsed.data, ip: clientIpFrom(request.headers) },
          getDb(),
        );
        if (!result.ok) {
          throw result.reason === "throttled"
            ? new SignInThrottledError(result.retryAfterSeconds)
            : new InvalidCredentialsError();
        }
        return { id: String(result.user.id), email: result.user.email, name: result.user.name };
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));

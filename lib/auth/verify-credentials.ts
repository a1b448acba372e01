/**
 * Checks an agent's email and password, with throttling per account and per client address: after
 * too many failures in the window, sign-in is refused (without checking the password) until the
 * oldest failure ages out. Failures are stored in the database so the limit holds across instances.
 */
import { and, count, eq, gte, inArray, lt, min, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { signInFailures, users, type User } from "@/db/schema";
import { verifyAgainstDummy, verifyPassword } from "./password";

export const signInLimits = {
  windowMinutes: 15,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 20,
};

export type VerifyCredentialsResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function verifyCredentials(
  input: { email: string; password: string; ip: string | null },
  db: Database,
  now: Date = new Date(),
  limits = signInLimits,
): Promise<VerifyCredentialsResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const keys = input.ip ? [accountKey, `ip:${input.ip}`] : [accountKey];
  const windowStart = new Date(now.getTime() - limits.windowMinutes * 60_000);

  const recent = await db
    .select({ key: signInFailures.key, failures: count(), oldest: min(signInFailures.createdAt) })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, keys), gte(signInFailures.createdAt, windowStart)))
    .groupBy(signInFailures.key);

  for (const row of recent) {
    const limit = row.key === accountKey ? limits.maxFailuresPerAccount : limits.maxFailuresPerIp;
    if (row.failures >= limit && row.oldest) {
      const retryAt = row.oldest.getTime() + limits.windowMinutes * 60_000;
      return {
        ok: false,
        reason: "throttled",
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
      };
    }
  }

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);

  const passwordMatches =
    user?.passwordHash && user.isActive
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstDummy(input.password);

  if (!user || !passwordMatches) {
    await db.transaction(async (tx) => {
      await tx.insert(signInFailures).values(keys.map((key) => ({ key, createdAt: now })));
      // Keep the table small: failures older than a day no longer matter for these keys.
      await tx
        .delete(signInFailures)
        .where(
          and(
            inArray(signInFailures.key, keys),
            lt(signInFailures.createdAt, new Date(now.getTime() - 86_400_000)),
          ),
        );
    });
    return { ok: false, reason: "invalid" };
  }

  const [signedIn] = await db.transaction(async (tx) => {
    await tx.delete(signInFailures).where(eq(signInFailures.key, accountKey));
    return tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id)).returning();
  });
  return { ok: true, user: signedIn ?? user };
}

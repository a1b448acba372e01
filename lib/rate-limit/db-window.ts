/**
 * A sliding-window rate limit kept in the database (`rate_limit_events`), so that every app instance
 * counts the same hits: public endpoints (portal link requests, the web form) that nobody signs in to.
 * A bucket names what is counted (`portal-link:email:a@b.c`, `web-form:ip:1.2.3.4`); a hit is allowed
 * while fewer than `limit` hits of that bucket fall inside the last `windowMs`. A refused hit is not
 * stored, so a client that keeps trying is let in again as soon as its oldest hit ages out.
 */
import "server-only";
import { and, count, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rateLimitEvents } from "@/db/schema";

export type RateLimitRule = { bucket: string; limit: number; windowMs: number };

/** No window is longer than this; rows older than it count for nothing anywhere. */
export const MAX_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Share of calls that also sweep rows of buckets nobody hits any more. */
const SWEEP_PROBABILITY = 0.01;
export type RateLimitVerdict = { allowed: boolean; bucket: string; count: number; limit: number };

/**
 * Counts one hit against every rule, all or nothing: the hit is stored in each bucket only when every
 * bucket still has room. Serialised per bucket (a transaction-scoped advisory lock), so two
 * concurrent requests cannot both take the last slot.
 */
export async function hitRateLimits(
  db: Database,
  rules: RateLimitRule[],
  now = new Date(),
): Promise<RateLimitVerdict> {
  if (rules.some((rule) => rule.windowMs > MAX_WINDOW_MS)) {
    throw new Error(`rate limit windows are at most ${MAX_WINDOW_MS} ms`);
  }
  return db.transaction(async (tx) => {
    // A stable lock order (sorted buckets) keeps two requests with the same buckets from deadlocking.
    const sorted = [...rules].sort((a, b) => a.bucket.localeCompare(b.bucket));
    for (const rule of sorted) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rate-limit:${rule.bucket}`}))`);
    }
    let last: RateLimitVerdict = { allowed: true, bucket: "", count: 0, limit: 0 };
    for (const rule of sorted) {
      const since = new Date(now.getTime() - rule.windowMs);
      // Rows that no longer count are removed on the way; the index makes this a range delete.
      await tx
        .delete(rateLimitEvents)
        .where(and(eq(rateLimitEvents.bucket, rule.bucket), lte(rateLimitEvents.createdAt, since)));
      const [row] = await tx
        .select({ hits: count() })
        .from(rateLimitEvents)
        .where(and(eq(rateLimitEvents.bucket, rule.bucket), gt(rateLimitEvents.createdAt, since)));
      const hits = row?.hits ?? 0;
      last = { allowed: hits < rule.limit, bucket: rule.bucket, count: hits, limit: rule.limit };
      if (!last.allowed) return last;
    }
    if (sorted.length > 0) {
      await tx
        .insert(rateLimitEvents)
        .values(sorted.map((rule) => ({ bucket: rule.bucket, createdAt: now })));
    }
    if (Math.random() < SWEEP_PROBABILITY) {
      await tx
        .delete(rateLimitEvents)
        .where(lte(rateLimitEvents.createdAt, new Date(now.getTime() - MAX_WINDOW_MS)));
    }
    return last;
  });
}

/** Buckets are case-insensitive in the address part, so `A@B.c` and `a@b.c` share a budget. */
export function emailBucket(prefix: string, email: string): string {
  return `${prefix}:email:${email.trim().toLowerCase()}`;
}

export function ipBucket(prefix: string, ip: string): string {
  return `${prefix}:ip:${ip}`;
}

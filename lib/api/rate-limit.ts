/**
 * Per-token request budget for the REST API: a fixed one-minute window counted in this process's
 * memory. Several app instances each count on their own, so the effective limit is per instance;
 * that is enough to stop a runaway integration, which is the point.
 */
import "server-only";

export const DEFAULT_API_RATE_LIMIT = 600;
export const DEFAULT_API_RATE_WINDOW_MS = 60_000;

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
};

export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private lastSweep = 0;

  constructor(
    readonly limit: number = DEFAULT_API_RATE_LIMIT,
    readonly windowMs: number = DEFAULT_API_RATE_WINDOW_MS,
  ) {}

  hit(key: string, now: number = Date.now()): RateLimitDecision {
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
    return {
      allowed: window.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetSeconds,
    };
  }

  /** Forgets finished windows now and then, so the map stays as small as the set of active tokens. */
  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
    }
  }
}

// One limiter per process: Next.js may load this module once per route bundle, so the instance is
// kept on globalThis to make every v1 route share the same budget.
const LIMITER_KEY = Symbol.for("helpdesk.api-rate-limiter");
type GlobalWithLimiter = typeof globalThis & { [LIMITER_KEY]?: RateLimiter };

export function getApiRateLimiter(): RateLimiter {
  const store = globalThis as GlobalWithLimiter;
  store[LIMITER_KEY] ??= new RateLimiter();
  return store[LIMITER_KEY];
}

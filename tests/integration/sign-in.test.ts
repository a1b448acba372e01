import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { signInLimits, verifyCredentials } from "@/lib/auth/verify-credentials";
import { setUpTestDatabase } from "../helpers/db";
import { makeUser } from "../helpers/factories";

const t = setUpTestDatabase();
const minutes = (n: number) => n * 60_000;

describe("verifyCredentials", () => {
  it("signs in with the right password, whatever the email's case, and records the time", async () => {
    const user = await makeUser(t.db, { email: "Dana@Example.test" });
    const now = new Date("2026-03-01T10:00:00Z");
    const result = await verifyCredentials(
      { email: "dana@EXAMPLE.test", password: user.password, ip: "203.0.113.1" },
      t.db,
      now,
    );
    expect(result.ok).toBe(true);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lastSignInAt?.toISOString()).toBe(now.toISOString());
  });

  it("refuses a wrong password, an unknown email and a deactivated account alike", async () => {
    const user = await makeUser(t.db);
    const inactive = await makeUser(t.db, { isActive: false });
    for (const attempt of [
      { email: user.email, password: "wrong password" },
      { email: "nobody@example.test", password: user.password },
      { email: inactive.email, password: inactive.password },
    ]) {
      expect(await verifyCredentials({ ...attempt, ip: "203.0.113.1" }, t.db)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("throttles an account after repeated failures, even with the right password, until the window passes", async () => {
    const user = await makeUser(t.db);
    const start = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < signInLimits.maxFailuresPerAccount; i++) {
      const at = new Date(start.getTime() + i * 1000);
      // Different addresses: the per-account limit must hold even when the attacker rotates IPs.
      await verifyCredentials(
        { email: user.email, password: "guess", ip: `198.51.100.${i}` },
        t.db,
        at,
      );
    }
    const blocked = await verifyCredentials(
      { email: user.email, password: user.password, ip: "203.0.113.9" },
      t.db,
      new Date(start.getTime() + minutes(1)),
    );
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    if (blocked.ok || blocked.reason !== "throttled") throw new Error("expected throttling");
    expect(blocked.retryAfterSeconds).toBe(14 * 60);

    const later = new Date(start.getTime() + minutes(signInLimits.windowMinutes) + 10_000);
    expect(
      (
        await verifyCredentials(
          { email: user.email, password: user.password, ip: "203.0.113.9" },
          t.db,
          later,
        )
      ).ok,
    ).toBe(true);
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    const user = await makeUser(t.db);
    for (let i = 0; i < signInLimits.maxFailuresPerAccount - 1; i++) {
      await verifyCredentials({ email: user.email, password: "guess", ip: null }, t.db);
    }
    expect(
      (await verifyCredentials({ email: user.email, password: user.password, ip: null }, t.db)).ok,
    ).toBe(true);
    await verifyCredentials({ email: user.email, password: "guess", ip: null }, t.db);
    expect(
      (await verifyCredentials({ email: user.email, password: user.password, ip: null }, t.db)).ok,
    ).toBe(true);
  });

  it("throttles one address spraying many accounts without locking out other addresses", async () => {
    const victim = await makeUser(t.db);
    for (let i = 0; i < signInLimits.maxFailuresPerIp; i++) {
      await verifyCredentials(
        { email: `target${i}@example.test`, password: "guess", ip: "192.0.2.66" },
        t.db,
      );
    }
    const fromAttacker = await verifyCredentials(
      { email: victim.email, password: victim.password, ip: "192.0.2.66" },
      t.db,
    );
    expect(fromAttacker).toMatchObject({ ok: false, reason: "throttled" });
    const fromElsewhere = await verifyCredentials(
      { email: victim.email, password: victim.password, ip: "192.0.2.1" },
      t.db,
    );
    expect(fromElsewhere.ok).toBe(true);
  });

  it("does not pool clients whose address is unknown into one shared bucket", async () => {
    const user = await makeUser(t.db);
    for (let i = 0; i < signInLimits.maxFailuresPerIp + 1; i++) {
      await verifyCredentials(
        { email: `someone${i}@example.test`, password: "guess", ip: null },
        t.db,
      );
    }
    expect(
      (await verifyCredentials({ email: user.email, password: user.password, ip: null }, t.db)).ok,
    ).toBe(true);
  });
});

import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { apiTokens, users } from "@/db/schema";
import { apiRoute, type ApiHandler } from "@/lib/api/handler";
import { RateLimiter } from "@/lib/api/rate-limit";
import { listTicketsHandler, createTicketHandler } from "@/lib/api/tickets";
import {
  authenticateApiToken,
  createApiToken,
  hashApiToken,
  listApiTokens,
  revokeApiToken,
} from "@/lib/api-tokens/api-tokens";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";

let limiter: RateLimiter;
const t = setUpTestDatabase();
beforeEach(async () => {
  limiter = new RateLimiter();
});

type NoParams = Record<string, never>;

function request(path: string, init: RequestInit & { token?: string } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return new Request(`http://helpdesk.test${path}`, { ...init, headers });
}

function call(handler: ApiHandler<NoParams>, req: Request, rateLimiter = limiter) {
  return handler(t.db, req, {}, { rateLimiter });
}

async function adminWithToken() {
  const admin = await makeUser(t.db, { role: "admin", name: "Ada Admin" });
  const { token, record } = await createApiToken(t.db, { actor: actorFor(admin), name: "CRM" });
  return { admin, token, record };
}

describe("createApiToken", () => {
  it("returns an hd_ token once and stores only its SHA-256 and an 8-character prefix", async () => {
    const { admin, token, record } = await adminWithToken();
    expect(token).toMatch(/^hd_[A-Za-z0-9_-]{43}$/);
    expect(record).not.toHaveProperty("tokenHash");
    expect(record.userId).toBe(admin.id);
    expect(record.createdByUserId).toBe(admin.id);

    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, record.id));
    expect(row!.tokenHash).toBe(hashApiToken(token));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.tokenPrefix).toBe(token.slice(0, 8));
    expect(Object.values(row!).some((value) => value === token)).toBe(false);
  });

  it("acts as another active user when asked, and refuses agents and deactivated users", async () => {
    const admin = await makeUser(t.db, { role: "admin" });
    const agent = await makeUser(t.db, { role: "agent" });
    const gone = await makeUser(t.db, { role: "agent", isActive: false });

    const { record } = await createApiToken(t.db, {
      actor: actorFor(admin),
      name: "For agent",
      userId: agent.id,
    });
    expect(record.userId).toBe(agent.id);

    await expect(
      createApiToken(t.db, { actor: actorFor(agent), name: "Mine" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      createApiToken(t.db, { actor: actorFor(admin), name: "Dead", userId: gone.id }),
    ).rejects.toMatchObject({ code: "INVALID", details: { userId: [expect.any(String)] } });
    await expect(
      createApiToken(t.db, { actor: actorFor(admin), name: "   " }),
    ).rejects.toMatchObject({ code: "INVALID", details: { name: ["Enter a name."] } });
  });
});

describe("listApiTokens and revokeApiToken", () => {
  it("lists tokens with their user for admins only, and revocation is kept once made", async () => {
    const { admin, record } = await adminWithToken();
    const agent = await makeUser(t.db, { role: "agent" });

    const listed = await listApiTokens(t.db, { actor: actorFor(admin) });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: "CRM", userEmail: admin.email, revokedAt: null });
    expect(listed[0]).not.toHaveProperty("tokenHash");
    await expect(listApiTokens(t.db, { actor: actorFor(agent) })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    const first = new Date("2026-03-01T10:00:00Z");
    const revoked = await revokeApiToken(t.db, {
      actor: actorFor(admin),
      tokenId: record.id,
      now: first,
    });
    expect(revoked.revokedAt).toEqual(first);
    const again = await revokeApiToken(t.db, { actor: actorFor(admin), tokenId: record.id });
    expect(again.revokedAt).toEqual(first);
    await expect(
      revokeApiToken(t.db, { actor: actorFor(admin), tokenId: 999 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("authenticateApiToken", () => {
  it("resolves a token to its user and refuses unknown, revoked and deactivated ones", async () => {
    const { admin, token, record } = await adminWithToken();
    const actor = await authenticateApiToken(t.db, token);
    expect(actor).toMatchObject({ type: "user", id: admin.id, role: "admin", email: admin.email });

    expect(await authenticateApiToken(t.db, null)).toBeNull();
    expect(await authenticateApiToken(t.db, "hd_nope")).toBeNull();
    expect(await authenticateApiToken(t.db, `hd_${"A".repeat(43)}`)).toBeNull();

    await t.db.update(users).set({ isActive: false }).where(eq(users.id, admin.id));
    expect(await authenticateApiToken(t.db, token)).toBeNull();
    await t.db.update(users).set({ isActive: true }).where(eq(users.id, admin.id));
    expect(await authenticateApiToken(t.db, token)).not.toBeNull();

    await revokeApiToken(t.db, { actor: actorFor(admin), tokenId: record.id });
    expect(await authenticateApiToken(t.db, token)).toBeNull();
  });

  it("records last use at most once a minute", async () => {
    const { token, record } = await adminWithToken();
    const lastUsed = async () =>
      (await t.db.select().from(apiTokens).where(eq(apiTokens.id, record.id)))[0]!.lastUsedAt;

    const start = new Date("2026-03-01T10:00:00Z");
    await authenticateApiToken(t.db, token, { now: start });
    expect(await lastUsed()).toEqual(start);
    await authenticateApiToken(t.db, token, { now: new Date(start.getTime() + 30_000) });
    expect(await lastUsed()).toEqual(start);
    const later = new Date(start.getTime() + 61_000);
    await authenticateApiToken(t.db, token, { now: later });
    expect(await lastUsed()).toEqual(later);
  });
});

describe("API authentication and errors", () => {
  async function expectUnauthorized(response: Response) {
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    const body = await response.json();
    expect(body).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  }

  it("answers 401 without a token, with a wrong or revoked token, and for a deactivated user", async () => {
    const { admin, token, record } = await adminWithToken();
    await expectUnauthorized(await call(listTicketsHandler, request("/api/v1/tickets")));
    await expectUnauthorized(
      await call(listTicketsHandler, request("/api/v1/tickets", { token: `${token}x` })),
    );
    await expectUnauthorized(
      await call(
        listTicketsHandler,
        request("/api/v1/tickets", { headers: { authorization: `Basic ${token}` } }),
      ),
    );
    expect((await call(listTicketsHandler, request("/api/v1/tickets", { token }))).status).toBe(
      200,
    );

    await t.db.update(users).set({ isActive: false }).where(eq(users.id, admin.id));
    await expectUnauthorized(await call(listTicketsHandler, request("/api/v1/tickets", { token })));
    await t.db.update(users).set({ isActive: true }).where(eq(users.id, admin.id));

    await revokeApiToken(t.db, { actor: actorFor(admin), tokenId: record.id });
    await expectUnauthorized(await call(listTicketsHandler, request("/api/v1/tickets", { token })));
  });

  it("limits each token's requests per minute with 429 and Retry-After", async () => {
    const { token } = await adminWithToken();
    const { token: other } = await adminWithToken();
    const tight = new RateLimiter(2, 60_000);
    const list = (tok: string) =>
      call(listTicketsHandler, request("/api/v1/tickets", { token: tok }), tight);

    expect((await list(token)).status).toBe(200);
    const second = await list(token);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");
    const third = await list(token);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await third.json()).error.code).toBe("rate_limited");
    // The budget is per token.
    expect((await list(other)).status).toBe(200);
  });

  it("answers malformed JSON with 400, a non-JSON body with 415 and an empty body with 400", async () => {
    const { token } = await adminWithToken();
    const post = (body: string, type = "application/json") =>
      call(
        createTicketHandler,
        request("/api/v1/tickets", {
          method: "POST",
          token,
          headers: { "content-type": type },
          body,
        }),
      );
    const malformed = await post('{"subject": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    const empty = await post("");
    expect(empty.status).toBe(400);
    const text = await post("subject=hi", "text/plain");
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe("unsupported_media_type");
  });

  it("logs an unexpected failure and answers 500 with a generic message", async () => {
    const { token } = await adminWithToken();
    const failing = apiRoute<NoParams>({}, async () => {
      throw new Error("database exploded: secret detail");
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await call(failing, request("/api/v1/anything", { token }));
      expect(response.status).toBe(500);
      const body = await response.json();
      expect(body.error.code).toBe("internal_error");
      expect(JSON.stringify(body)).not.toContain("secret detail");
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});

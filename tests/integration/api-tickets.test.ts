import { beforeEach, describe, expect, it } from "vitest";
import { teams } from "@/db/schema";
import type { ApiHandler } from "@/lib/api/handler";
import { getOpenApiHandler } from "@/lib/api/openapi";
import { RateLimiter } from "@/lib/api/rate-limit";
import type { TicketJson } from "@/lib/api/schemas";
import {
  createTicketHandler,
  getTicketHandler,
  listTicketsHandler,
  updateTicketHandler,
  type TicketParams,
} from "@/lib/api/tickets";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeContact, makeTicket, makeUser } from "../helpers/factories";

let limiter: RateLimiter;
let token: string;
const t = setUpTestDatabase();
beforeEach(async () => {
  limiter = new RateLimiter();
  const admin = await makeUser(t.db, { role: "admin", name: "Ada Admin" });
  ({ token } = await createApiToken(t.db, { actor: actorFor(admin), name: "tests" }));
});

const origin = "http://helpdesk.test";

function call<P>(
  handler: ApiHandler<P>,
  path: string,
  params: P,
  init: { method?: string; json?: unknown } = {},
): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`${origin}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  return handler(t.db, request, params, { rateLimiter: limiter });
}

const none = {} as Record<string, never>;
const list = (query = "") => call(listTicketsHandler, `/api/v1/tickets${query}`, none);
const create = (json: unknown) =>
  call(createTicketHandler, "/api/v1/tickets", none, { method: "POST", json });
const get = (ref: string) =>
  call<TicketParams>(getTicketHandler, `/api/v1/tickets/${ref}`, { ref });
const patch = (ref: string, json: unknown) =>
  call<TicketParams>(
    updateTicketHandler,
    `/api/v1/tickets/${ref}`,
    { ref },
    { method: "PATCH", json },
  );

async function errorOf(response: Response) {
  const body = (await response.json()) as {
    error: { code: string; message: string; details?: Record<string, string[]> };
  };
  return body.error;
}

describe("tickets: create, read, change", () => {
  it("creates a ticket from API names, reads it back by ref and number, and patches it", async () => {
    const agent = await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" });
    await t.db.insert(teams).values({ name: "Billing" });

    const created = await create({
      subject: "Invoice is wrong",
      body: "I was charged twice.",
      requester: { email: "Casey@Customer.test", name: "Casey" },
      channel: "email",
      priority: "high",
      category: "billing",
      assignee: "ALICE@example.test",
      team: "billing",
      tags: ["Refund", "vip customer"],
      due_at: "2030-01-02T03:04:05+02:00",
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${origin}/api/v1/tickets/TKT-001`);
    const ticket = (await created.json()) as TicketJson;
    expect(ticket).toMatchObject({
      number: 1,
      ref: "TKT-001",
      subject: "Invoice is wrong",
      status: "open",
      priority: "high",
      category: "billing",
      channel: "email",
      requester: { email: "Casey@Customer.test", name: "Casey" },
      assignee: { id: agent.id, email: "alice@example.test", name: "Alice Agent" },
      team: { id: expect.any(Number), name: "Billing" },
      tags: ["refund", "vip-customer"],
      due_at: "2030-01-02T01:04:05.000Z",
      snoozed_until: null,
      remind_at: null,
      auto_solve_at: null,
      merged_into: null,
    });
    expect(ticket.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    expect(await (await get("TKT-001")).json()).toEqual(ticket);
    expect(await (await get("1")).json()).toEqual(ticket);

    const remindAt = new Date(Date.now() + 86_400_000).toISOString();
    const changed = await patch("TKT-001", {
      status: "pending",
      remind_at: remindAt,
      priority: "low",
      category: null,
      assignee: agent.id,
      team: null,
      tags: ["refund"],
      due_at: null,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      status: "pending",
      remind_at: remindAt,
      priority: "low",
      category: null,
      assignee: { id: agent.id },
      team: null,
      tags: ["refund"],
      due_at: null,
    });

    // Leaving Pending drops the reminder (the domain's rule, visible through the API).
    const reopened = await patch("1", { status: "open" });
    expect(await reopened.json()).toMatchObject({ status: "open", remind_at: null });
  });

  it("answers 404 for an unknown or malformed ticket reference", async () => {
    for (const response of [
      await get("TKT-404"),
      await get("nonsense"),
      await patch("TKT-404", { priority: "low" }),
    ]) {
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toMatchObject({ code: "not_found" });
    }
  });

  it("answers 422 naming every bad field of a new ticket", async () => {
    const response = await create({
      subject: "",
      body: "x",
      requester: { email: "not-an-email" },
      priority: "whenever",
      colour: "red",
    });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.details ?? {}).sort()).toEqual([
      "colour",
      "priority",
      "requester.email",
      "subject",
    ]);
    expect(error.details?.subject).toEqual(["Enter a subject."]);
  });

  it("answers 422 naming an unknown category, assignee or team, and creates nothing", async () => {
    const response = await create({
      subject: "Hello",
      body: "Hi",
      requester: { email: "c@example.test" },
      category: "astrology",
      assignee: "nobody@example.test",
      team: "Night shift",
    });
    expect(response.status).toBe(422);
    expect(Object.keys((await errorOf(response)).details ?? {}).sort()).toEqual([
      "assignee",
      "category",
      "team",
    ]);
    expect(((await (await list()).json()) as { data: unknown[] }).data).toHaveLength(0);
  });

  it("names the API field when the domain refuses a value", async () => {
    const gone = await makeUser(t.db, { isActive: false, email: "gone@example.test" });
    await makeTicket(t.db, { status: "open" });
    const response = await patch("TKT-001", { assignee: gone.email });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).details).toHaveProperty("assignee");

    const past = await patch("TKT-001", { snoozed_until: "2001-01-01T00:00:00Z" });
    expect(past.status).toBe(422);
    expect((await errorOf(past)).details).toHaveProperty("snoozed_until");

    const local = await patch("TKT-001", { due_at: "2030-01-01 10:00" });
    expect(local.status).toBe(422);
    expect((await errorOf(local)).details).toHaveProperty("due_at");
  });

  it("answers 409 with the domain's message for an illegal transition (closed → open)", async () => {
    await makeTicket(t.db, { status: "closed" });
    const response = await patch("TKT-001", { status: "open" });
    expect(response.status).toBe(409);
    const error = await errorOf(response);
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/Closed tickets cannot be reopened/);
    expect(error.details).toHaveProperty("status");
    expect(await (await get("TKT-001")).json()).toMatchObject({ status: "closed" });
  });
});

describe("tickets: list", () => {
  it("filters by status, priority, category, assignee, requester and subject words", async () => {
    const alice = await makeUser(t.db, { email: "alice@example.test" });
    const casey = await makeContact(t.db, { email: "casey@example.test" });
    await makeTicket(t.db, {
      subject: "Printer on fire",
      status: "open",
      priority: "urgent",
      categorySlug: "technical",
      assigneeId: alice.id,
      requesterId: casey.id,
    });
    await makeTicket(t.db, {
      subject: "Refund please",
      status: "pending",
      priority: "low",
      categorySlug: "billing",
    });
    await makeTicket(t.db, {
      subject: "Printer jammed",
      status: "resolved",
      priority: "medium",
      categorySlug: "technical",
    });
    await makeTicket(t.db, {
      subject: "Feature idea",
      status: "open",
      priority: "low",
      categorySlug: "feature_request",
    });

    const subjects = async (query: string) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: TicketJson[]; next_cursor: string | null };
      return body.data.map((ticket) => ticket.subject).sort();
    };
    expect(await subjects("?status=open,pending")).toEqual([
      "Feature idea",
      "Printer on fire",
      "Refund please",
    ]);
    expect(await subjects("?status=open&status=resolved")).toEqual([
      "Feature idea",
      "Printer jammed",
      "Printer on fire",
    ]);
    expect(await subjects("?priority=low")).toEqual(["Feature idea", "Refund please"]);
    expect(await subjects("?category=technical,feature_request&status=open")).toEqual([
      "Feature idea",
      "Printer on fire",
    ]);
    expect(await subjects("?assignee=alice@example.test")).toEqual(["Printer on fire"]);
    expect(await subjects(`?assignee=${alice.id}`)).toEqual(["Printer on fire"]);
    expect(await subjects("?assignee=none&category=technical")).toEqual(["Printer jammed"]);
    expect(await subjects("?requester=CASEY@example.test")).toEqual(["Printer on fire"]);
    expect(await subjects("?q=printer")).toEqual(["Printer jammed", "Printer on fire"]);
  });

  it("pages with limit and cursor through every ticket exactly once", async () => {
    const requester = await makeContact(t.db);
    const base = new Date("2026-02-01T12:00:00Z").getTime();
    for (let i = 0; i < 7; i++) {
      await makeTicket(t.db, {
        requesterId: requester.id,
        updatedAt: new Date(base - Math.floor(i / 2) * 1000),
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const body = (await (await list(query)).json()) as {
        data: TicketJson[];
        next_cursor: string | null;
      };
      expect(body.data.length).toBeLessThanOrEqual(3);
      seen.push(...body.data.map((ticket) => ticket.ref));
      cursor = body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);

    const defaultPage = (await (await list()).json()) as {
      data: TicketJson[];
      next_cursor: string | null;
    };
    expect(defaultPage.data).toHaveLength(7);
    expect(defaultPage.next_cursor).toBeNull();
  });

  it("answers 422 naming the parameter for unknown filter values and parameters", async () => {
    const cases: [string, string][] = [
      ["?status=open,snoozing", "status"],
      ["?priority=critical", "priority"],
      ["?category=astrology", "category"],
      ["?assignee=nobody@example.test", "assignee"],
      ["?requester=not-an-email", "requester"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=ten", "limit"],
      ["?cursor=garbage", "cursor"],
      ["?stauts=open", "stauts"],
    ];
    for (const [query, parameter] of cases) {
      const response = await list(query);
      expect(response.status, query).toBe(422);
      const error = await errorOf(response);
      expect(error.code).toBe("validation_failed");
      expect(Object.keys(error.details ?? {}), query).toEqual([parameter]);
      expect(error.message).toContain(parameter);
    }
  });
});

describe("openapi.json", () => {
  it("is public and describes every path, with the shared schemas and bearer security", async () => {
    const response = await getOpenApiHandler(
      t.db,
      new Request(`${origin}/api/v1/openapi.json`),
      none,
    );
    expect(response.status).toBe(200);
    const document = JSON.parse(await response.text()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers[0]?.url).toBe(origin);
    expect(Object.keys(document.paths).sort()).toEqual([
      "/api/v1/attachments/{id}",
      "/api/v1/openapi.json",
      "/api/v1/tickets",
      "/api/v1/tickets/{ref}",
      "/api/v1/tickets/{ref}/messages",
    ]);
    expect(Object.keys(document.paths["/api/v1/tickets"]!)).toEqual(["get", "post"]);
    expect(Object.keys(document.paths["/api/v1/tickets/{ref}"]!)).toEqual([
      "parameters",
      "get",
      "patch",
    ]);
    expect(Object.keys(document.paths["/api/v1/tickets/{ref}/messages"]!)).toEqual([
      "parameters",
      "get",
      "post",
    ]);
    for (const name of [
      "Ticket",
      "Message",
      "Error",
      "CreateTicket",
      "UpdateTicket",
      "PostMessage",
    ]) {
      expect(document.components.schemas, name).toHaveProperty(name);
    }
    expect(document.components.securitySchemes).toMatchObject({
      bearerAuth: { type: "http", scheme: "bearer" },
    });

    // Every $ref points at a component that exists.
    const refs = [
      ...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, name] of refs) expect(document.components.schemas).toHaveProperty(name!);

    const ticketSchema = document.components.schemas.Ticket as { required: string[] };
    expect(ticketSchema.required).toEqual(
      expect.arrayContaining(["ref", "merged_into", "updated_at"]),
    );
  });
});

describe("tickets list: the inbox's search language, sort, deleted tickets", () => {
  const refsOf = async (query: string) => {
    const response = await list(query);
    expect(response.status, query).toBe(200);
    const body = (await response.json()) as { data: TicketJson[] };
    return body.data.map((ticket) => ticket.subject);
  };

  it("filters by tokens and free text in q, and sorts by sort", async () => {
    const alice = await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" });
    await makeTicket(t.db, {
      subject: "Card declined at checkout",
      status: "open",
      priority: "urgent",
      assigneeId: alice.id,
    });
    await makeTicket(t.db, { subject: "Card expired", status: "pending", priority: "low" });
    await makeTicket(t.db, { subject: "Printer on fire", status: "closed", priority: "high" });

    expect((await refsOf(`?q=${encodeURIComponent("status:open,pending card")}`)).sort()).toEqual([
      "Card declined at checkout",
      "Card expired",
    ]);
    expect(await refsOf(`?q=${encodeURIComponent('"card declined"')}`)).toEqual([
      "Card declined at checkout",
    ]);
    expect(await refsOf(`?q=${encodeURIComponent("-assignee:none")}`)).toEqual([
      "Card declined at checkout",
    ]);
    expect(await refsOf("?sort=priority")).toEqual([
      "Card declined at checkout",
      "Printer on fire",
      "Card expired",
    ]);
    expect(await refsOf("?sort=-priority&status=pending,closed")).toEqual([
      "Card expired",
      "Printer on fire",
    ]);
  });

  it("answers 422 with every problem of q and for an unknown sort", async () => {
    const response = await list(`?q=${encodeURIComponent("colour:red tag:nope")}&sort=sideways`);
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe("validation_failed");
    expect(error.details?.q).toEqual([
      expect.stringContaining('colour:red: Unknown filter "colour:"'),
      'tag:nope: No tag named "nope".',
    ]);
    expect(error.details?.sort).toEqual([expect.stringContaining("Unknown sort")]);
  });

  it("never shows deleted tickets: not in the list, not by ref, not to change, not with is:deleted", async () => {
    const live = await makeTicket(t.db, { subject: "Live ticket" });
    const deleted = await makeTicket(t.db, { subject: "Deleted ticket", deletedAt: new Date() });
    expect(await refsOf("")).toEqual(["Live ticket"]);
    expect(await refsOf(`?q=deleted`)).toEqual([]);
    const ref = `TKT-${String(deleted.number).padStart(3, "0")}`;
    expect((await get(ref)).status).toBe(404);
    expect((await patch(ref, { priority: "low" })).status).toBe(404);
    expect((await get(`TKT-${String(live.number).padStart(3, "0")}`)).status).toBe(200);
    // The token here belongs to an admin, who may see deleted tickets in the console, not here.
    const response = await list(`?q=${encodeURIComponent("is:deleted")}`);
    expect(response.status).toBe(422);
    expect((await errorOf(response)).details?.q).toEqual([
      "is:deleted: deleted tickets are not available through the API.",
    ]);
  });
});

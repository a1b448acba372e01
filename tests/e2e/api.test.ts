/**
 * The REST API against the running app, the way an integrator calls it: a token from
 * `npm run cli -- api-token create` (made by global-setup before the server starts), plain fetch.
 */
import { describe, expect, inject, it } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    apiToken: string;
  }
}

const baseURL = inject("baseURL");
const apiToken = inject("apiToken");

function api(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? apiToken : init.token;
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(`${baseURL}/api/v1${path}`, { ...init, headers });
}

function json(method: string, body: unknown): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

type ErrorBody = { error: { code: string; message: string } };
type TicketBody = { ref: string; subject: string; status: string; requester: { email: string } };
type MessageBody = {
  id: number;
  kind: string;
  text: string;
  author: { type: string };
  attachments: { filename: string; url: string }[];
};

describe("REST API v1", () => {
  it("refuses calls without a token or with a wrong one", async () => {
    const anonymous = await api("/tickets", { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await anonymous.json()) as ErrorBody).error.code).toBe("unauthorized");

    const wrong = await api("/tickets", { token: `hd_${"x".repeat(43)}` });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ErrorBody).error.code).toBe("unauthorized");
  });

  it("creates a ticket, posts a reply and a note, and reads them back", async () => {
    const subject = `API e2e ${Date.now()}`;
    const created = await api(
      "/tickets",
      json("POST", {
        subject,
        body: "Opened through the REST API.",
        requester: { email: "api-e2e@example.test", name: "Api Customer" },
        priority: "high",
        category: "technical",
        tags: ["e2e"],
      }),
    );
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as TicketBody;
    expect(ticket.subject).toBe(subject);
    expect(ticket.ref).toMatch(/^TKT-\d{3,}$/);
    expect(created.headers.get("location")).toBe(`${baseURL}/api/v1/tickets/${ticket.ref}`);

    const reply = await api(
      `/tickets/${ticket.ref}/messages`,
      json("POST", { kind: "reply", body: "Thanks, we are on it." }),
    );
    expect(reply.status).toBe(201);

    const form = new FormData();
    form.set("kind", "note");
    form.set("body", "Internal: see the attached log.");
    form.append("attachments", new Blob(["e2e log line\n"], { type: "text/plain" }), "e2e.log.txt");
    const note = await api(`/tickets/${ticket.ref}/messages`, { method: "POST", body: form });
    expect(note.status).toBe(201);
    const noteBody = (await note.json()) as MessageBody;
    expect(noteBody.attachments.map((a) => a.filename)).toEqual(["e2e.log.txt"]);

    const read = await api(`/tickets/${ticket.ref}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      ref: ticket.ref,
      subject,
      requester: { email: "api-e2e@example.test" },
    });

    const conversation = await api(`/tickets/${ticket.ref}/messages`);
    expect(conversation.status).toBe(200);
    const { data } = (await conversation.json()) as { data: MessageBody[] };
    const written = data.filter((m) => m.kind !== "system").map((m) => [m.kind, m.text]);
    expect(written).toEqual([
      ["reply", "Opened through the REST API."],
      ["reply", "Thanks, we are on it."],
      ["note", "Internal: see the attached log."],
    ]);

    const file = await fetch(noteBody.attachments[0]!.url.replace(/^https?:\/\/[^/]+/, baseURL), {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe("e2e log line\n");

    const listed = await api(`/tickets?q=${encodeURIComponent(subject)}&status=open`);
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { data: TicketBody[] };
    expect(page.data.map((t) => t.ref)).toEqual([ticket.ref]);
  });

  it("serves the OpenAPI document without a token", async () => {
    const response = await api("/openapi.json", { token: null });
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: object };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/api/v1/tickets/{ref}/messages");
  });
});

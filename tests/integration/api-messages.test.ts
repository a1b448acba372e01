import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attachments, messages } from "@/db/schema";
import type { ApiHandler } from "@/lib/api/handler";
import {
  downloadAttachmentHandler,
  listMessagesHandler,
  postMessageHandler,
} from "@/lib/api/messages";
import { RateLimiter } from "@/lib/api/rate-limit";
import type { MessageJson } from "@/lib/api/schemas";
import { createTicketHandler } from "@/lib/api/tickets";
import { createApiToken } from "@/lib/api-tokens/api-tokens";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/rules";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { User } from "@/db/schema";
import { createTestDatabase, resetDatabase, type TestDatabase } from "../helpers/db";
import { actorFor, makeTicket, makeUser } from "../helpers/factories";

let t: TestDatabase;
let storageDir: string;
let storage: LocalDiskStorage;
let limiter: RateLimiter;
let agent: User;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase();
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "helpdesk-api-files-"));
  storage = new LocalDiskStorage(storageDir);
});
afterAll(async () => {
  await t.dispose();
  fs.rmSync(storageDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetDatabase(t.db);
  limiter = new RateLimiter();
  const admin = await makeUser(t.db, { role: "admin" });
  agent = await makeUser(t.db, { role: "agent", name: "Alice Agent", email: "alice@example.test" });
  ({ token } = await createApiToken(t.db, {
    actor: actorFor(admin),
    name: "tests",
    userId: agent.id,
  }));
});

const origin = "http://helpdesk.test";

function send<P>(
  handler: ApiHandler<P>,
  urlPath: string,
  params: P,
  init: { method?: string; json?: unknown; form?: FormData; anonymous?: boolean } = {},
): Promise<Response> {
  const headers = new Headers();
  if (!init.anonymous) headers.set("authorization", `Bearer ${token}`);
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  } else if (init.form) {
    body = init.form;
  }
  const request = new Request(`${origin}${urlPath}`, {
    method: init.method ?? "GET",
    headers,
    body,
  });
  return handler(t.db, request, params, { storage, rateLimiter: limiter });
}

const post = (ref: string, init: { json?: unknown; form?: FormData }) =>
  send(postMessageHandler, `/api/v1/tickets/${ref}/messages`, { ref }, { method: "POST", ...init });
const conversation = async (ref: string) => {
  const response = await send(listMessagesHandler, `/api/v1/tickets/${ref}/messages`, { ref });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: MessageJson[] }).data;
};
const rowCount = async (table: typeof messages | typeof attachments) =>
  (await t.db.select({ n: count() }).from(table))[0]!.n;

describe("messages", () => {
  it("posts a reply and an internal note as JSON and reads the conversation back in order", async () => {
    const created = await send(
      createTicketHandler,
      "/api/v1/tickets",
      {},
      {
        method: "POST",
        json: {
          subject: "Cannot log in",
          body: "The password reset mail never arrives.",
          requester: { email: "casey@example.test", name: "Casey" },
        },
      },
    );
    expect(created.status).toBe(201);

    const reply = await post("TKT-001", {
      json: { kind: "reply", body: "We are looking into it." },
    });
    expect(reply.status).toBe(201);
    expect(await reply.json()).toMatchObject({
      kind: "reply",
      author: { type: "agent", name: "Alice Agent", email: "alice@example.test" },
      text: "We are looking into it.",
      html: null,
      attachments: [],
      // A public reply goes out by email: it carries the Message-ID of that email.
      message_id: expect.stringMatching(/^<[^<>@\s]+@[^<>\s]+>$/),
    });
    const note = await post("1", { json: { kind: "note", body: "Mail logs show a bounce." } });
    expect(note.status).toBe(201);

    const messagesBack = await conversation("TKT-001");
    const visible = messagesBack.map((m) => [m.kind, m.author.type, m.text]);
    expect(visible[0]).toEqual(["reply", "customer", "The password reset mail never arrives."]);
    expect(visible.slice(-2)).toEqual([
      ["reply", "agent", "We are looking into it."],
      ["note", "agent", "Mail logs show a bounce."],
    ]);
    // The API-created ticket also carries the domain's system message, authored by nobody.
    expect(messagesBack.some((m) => m.kind === "system" && m.author.type === "system")).toBe(true);
    expect(messagesBack[0]!.author).toEqual({
      type: "customer",
      name: "Casey",
      email: "casey@example.test",
    });
    expect(messagesBack[0]!.created_at).toMatch(/Z$/);
  });

  it("accepts multipart with files, links them to the message, and serves them to the token", async () => {
    await makeTicket(t.db, { status: "open" });
    const form = new FormData();
    form.set("kind", "note");
    form.set("body", "Logs attached.");
    form.append(
      "attachments",
      new Blob(["line one\nline two\n"], { type: "text/plain" }),
      "app.log.txt",
    );
    form.append(
      "attachments",
      new Blob(['{"ok":true}'], { type: "application/json" }),
      "state.json",
    );

    const response = await post("TKT-001", { form });
    expect(response.status).toBe(201);
    const message = (await response.json()) as MessageJson;
    expect(message.kind).toBe("note");
    expect(message.attachments.map((a) => [a.filename, a.content_type, a.size])).toEqual([
      ["app.log.txt", "text/plain", 18],
      ["state.json", "application/json", 11],
    ]);
    const first = message.attachments[0]!;
    expect(first.url).toBe(`${origin}/api/v1/attachments/${first.id}`);

    const [stored] = (await conversation("TKT-001")).filter((m) => m.id === message.id);
    expect(stored?.attachments).toEqual(message.attachments);

    const download = await send(downloadAttachmentHandler, `/api/v1/attachments/${first.id}`, {
      id: String(first.id),
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("app.log.txt");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await download.text()).toBe("line one\nline two\n");

    const anonymous = await send(
      downloadAttachmentHandler,
      `/api/v1/attachments/${first.id}`,
      {
        id: String(first.id),
      },
      { anonymous: true },
    );
    expect(anonymous.status).toBe(401);
  });

  it("refuses a file over 10 MB with 413 naming it, and stores nothing", async () => {
    await makeTicket(t.db, { status: "open" });
    const before = { messages: await rowCount(messages), attachments: await rowCount(attachments) };
    const form = new FormData();
    form.set("kind", "reply");
    form.set("body", "Here are the files.");
    form.append("attachments", new Blob(["small"], { type: "text/plain" }), "small.txt");
    form.append(
      "attachments",
      new Blob([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], { type: "application/pdf" }),
      "huge-scan.pdf",
    );

    const response = await post("TKT-001", { form });
    expect(response.status).toBe(413);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("payload_too_large");
    expect(error.message).toContain("huge-scan.pdf");
    expect(await rowCount(messages)).toBe(before.messages);
    expect(await rowCount(attachments)).toBe(before.attachments);
  });

  it("validates the message: 422 with field details, 404 for an unknown ticket, 409 when closed", async () => {
    await makeTicket(t.db, { status: "open" });
    const badKind = await post("TKT-001", { json: { kind: "shout", body: "Hi" } });
    expect(badKind.status).toBe(422);
    expect(((await badKind.json()) as { error: { details: object } }).error.details).toHaveProperty(
      "kind",
    );

    const empty = await post("TKT-001", { json: { kind: "reply", body: "   " } });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { details: object } }).error.details).toHaveProperty(
      "body",
    );

    const unknown = await post("TKT-404", { json: { kind: "reply", body: "Hello?" } });
    expect(unknown.status).toBe(404);
    const unknownList = await send(listMessagesHandler, "/api/v1/tickets/TKT-404/messages", {
      ref: "TKT-404",
    });
    expect(unknownList.status).toBe(404);

    await makeTicket(t.db, { status: "closed" });
    const closed = await post("TKT-002", { json: { kind: "reply", body: "Anyone?" } });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: { code: string } }).error.code).toBe("conflict");
  });
});

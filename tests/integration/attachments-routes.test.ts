/**
 * The attachment route handlers as adapters: status codes, JSON errors and the download headers, with
 * the session, the database and the store pointed at test doubles.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { claimAttachments } from "@/lib/attachments/claim-attachments";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/rules";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import type { Actor } from "@/lib/auth/permissions";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";

const state = vi.hoisted(() => ({
  actor: null as Actor | null,
  db: undefined as Database | undefined,
  storage: undefined as LocalDiskStorage | undefined,
}));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => state.actor }));
vi.mock("@/db", () => ({ getDb: () => state.db }));
vi.mock("@/lib/attachments/app-storage", () => ({ getAttachmentStorage: () => state.storage }));

const { POST } = await import("@/app/api/attachments/route");
const { GET } = await import("@/app/api/attachments/[id]/route");

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);

let root: string;
const t = setUpTestDatabase({
  opened: (database) => {
    state.db = database.db;
  },
});
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "attachments-routes-"));
  state.storage = new LocalDiskStorage(root);
  state.actor = null;
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function uploadRequest(files: File[], headers: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const file of files) form.append("file", file);
  return new Request("http://localhost/api/attachments", { method: "POST", body: form, headers });
}

function download(id: number | string, query = ""): Promise<Response> {
  return GET(new Request(`http://localhost/api/attachments/${id}${query}`), {
    params: Promise.resolve({ id: String(id) }),
  });
}

describe("POST /api/attachments", () => {
  it("answers 401 when signed out", async () => {
    const response = await POST(uploadRequest([new File(["x"], "a.txt", { type: "text/plain" })]));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "UNAUTHORIZED", message: "Sign in to continue." },
    });
  });

  it("stores one file and answers 201 with its URLs", async () => {
    state.actor = actorFor(await makeUser(t.db));
    const response = await POST(
      uploadRequest([new File([PNG], "shot.png", { type: "image/png" })]),
    );
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({
      id: expect.any(Number),
      filename: "shot.png",
      contentType: "image/png",
      sizeBytes: PNG.byteLength,
      previewUrl: `/api/attachments/${body.id}?inline=1`,
      downloadUrl: `/api/attachments/${body.id}`,
    });

    const pdf = await POST(
      uploadRequest([new File(["%PDF-1.7"], "a.pdf", { type: "application/pdf" })]),
    );
    expect(await pdf.json()).toMatchObject({ contentType: "application/pdf", previewUrl: null });
  });

  it("answers 400 without exactly one file", async () => {
    state.actor = actorFor(await makeUser(t.db));
    const none = await POST(uploadRequest([]));
    expect(none.status).toBe(400);
    expect((await none.json()).error.code).toBe("INVALID");
    const two = await POST(uploadRequest([new File(["a"], "a.txt"), new File(["b"], "b.txt")]));
    expect(two.status).toBe(400);
    const notMultipart = await POST(
      new Request("http://localhost/api/attachments", { method: "POST", body: "hello" }),
    );
    expect(notMultipart.status).toBe(400);
  });

  it("answers 413 early from Content-Length and after reading an oversized file", async () => {
    state.actor = actorFor(await makeUser(t.db));
    const early = await POST(
      new Request("http://localhost/api/attachments", {
        method: "POST",
        body: "x",
        headers: { "content-length": String(50 * 1024 * 1024) },
      }),
    );
    expect(early.status).toBe(413);
    expect((await early.json()).error.code).toBe("TOO_LARGE");

    const big = await POST(
      uploadRequest([new File([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], "big.pdf")]),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: { code: "TOO_LARGE", message: "big.pdf is larger than 10 MB" },
    });
  });

  it("answers 422 naming the file for a type that is not allowed", async () => {
    state.actor = actorFor(await makeUser(t.db));
    const response = await POST(uploadRequest([new File(["MZ"], "setup.exe")]));
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toContain("setup.exe");
  });
});

describe("GET /api/attachments/:id", () => {
  async function sentAttachment(file: File, kind: "reply" | "note" = "reply") {
    const agentUser = await makeUser(t.db);
    const agent = actorFor(agentUser);
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id });
    const message = await addMessage(t.db, {
      ticketId: ticket.id,
      kind,
      authorUserId: agentUser.id,
    });
    state.actor = agent;
    const uploaded = await (await POST(uploadRequest([file]))).json();
    await claimAttachments(t.db, {
      actor: agent,
      attachmentIds: [uploaded.id],
      ticketId: ticket.id,
      messageId: message.id,
    });
    const requester: Actor = { type: "requester", contactId: contact.id, email: contact.email };
    return { id: uploaded.id as number, agent, requester };
  }

  it("serves a download with safe headers", async () => {
    const { id } = await sentAttachment(
      new File(["<html><script>alert(1)</script>"], "Prüfbericht (final).txt", {
        type: "text/plain",
      }),
    );
    const response = await download(id);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/octet-stream",
      "content-length": "31",
      "content-disposition": "attachment; filename*=UTF-8''Pr%C3%BCfbericht%20%28final%29.txt",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=0, must-revalidate",
      "content-security-policy": "default-src 'none'; sandbox",
    });
    expect(await response.text()).toBe("<html><script>alert(1)</script>");
  });

  it("serves inline-safe images inline only when asked", async () => {
    const { id } = await sentAttachment(new File([PNG], "shot.png", { type: "image/png" }));
    const inline = await download(id, "?inline=1");
    expect(inline.headers.get("content-type")).toBe("image/png");
    expect(inline.headers.get("content-disposition")).toBe("inline; filename*=UTF-8''shot.png");
    expect(new Uint8Array(await inline.arrayBuffer())).toEqual(PNG);
    const attached = await download(id);
    expect(attached.headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("never serves SVG inline", async () => {
    const { id } = await sentAttachment(
      new File(["<svg xmlns='http://www.w3.org/2000/svg'/>"], "logo.svg", {
        type: "image/svg+xml",
      }),
    );
    const response = await download(id, "?inline=1");
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("answers 401 signed out and 404 for what the actor may not see or what does not exist", async () => {
    const { id, requester } = await sentAttachment(new File(["secret"], "n.txt"), "note");
    state.actor = null;
    expect((await download(id)).status).toBe(401);
    state.actor = requester;
    const hidden = await download(id);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual({
      error: { code: "NOT_FOUND", message: "Attachment not found." },
    });
    expect((await download(id + 1000)).status).toBe(404);
    expect((await download("abc")).status).toBe(404);
    expect((await download("1e3")).status).toBe(404);
  });

  it("answers 500, not a broken 200, when the bytes are missing from storage", async () => {
    const { id } = await sentAttachment(new File(["gone"], "gone.txt"));
    await fs.rm(root, { recursive: true, force: true });
    await fs.mkdir(root);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await download(id);
    expect(response.status).toBe(500);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});

/**
 * The portal's route handlers as adapters: the link exchange (redirect, cookie), attachments with the
 * portal session, and the web form's multipart endpoint — with the database, the store and the event
 * dispatch pointed at test doubles, and a fixed AUTH_SECRET / APP_URL.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { attachments, mailboxes, outboundEmails, tickets } from "@/db/schema";
import type { AppEvent } from "@/inngest/events";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import { uploadAttachment } from "@/lib/attachments/upload-attachment";
import { deriveFormStampKey, signFormStamp } from "@/lib/portal/form-stamp";
import { PORTAL_LINK_TTL_MS, derivePortalLinkKey, signPortalLink } from "@/lib/portal/link-token";
import { settingSchemas } from "@/lib/settings";
import { createTestDatabase, resetDatabase, type TestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";

const AUTH_SECRET = "portal-routes-test-secret-long-enough-1234";
const APP_URL = "http://portal.test";

const state = vi.hoisted(() => ({
  db: undefined as Database | undefined,
  storage: undefined as LocalDiskStorage | undefined,
  dispatched: [] as AppEvent[],
}));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => null }));
vi.mock("@/db", () => ({ getDb: () => state.db }));
vi.mock("@/lib/attachments/app-storage", () => ({ getAttachmentStorage: () => state.storage }));
vi.mock("@/lib/events/dispatch", () => ({
  dispatchEvents: async (events: AppEvent[]) => {
    state.dispatched.push(...events);
  },
}));

const saved = { ...process.env };
process.env.AUTH_SECRET = AUTH_SECRET;
process.env.APP_URL = APP_URL;
process.env.MAIL_FROM = "Helpdesk <support@portal.test>";
delete process.env.RESEND_API_KEY;
delete process.env.SMTP_URL;

const { GET: authGET } = await import("@/app/portal/auth/route");
const { GET: downloadGET } = await import("@/app/api/attachments/[id]/route");
const { POST: uploadPOST } = await import("@/app/api/attachments/route");
const { POST: submitPOST } = await import("@/app/support/[slug]/submit/route");

const linkKey = derivePortalLinkKey(AUTH_SECRET);
const formStampKey = deriveFormStampKey(AUTH_SECRET);
const allowedTypes = settingSchemas["attachments.allowedTypes"].parse(undefined);

let t: TestDatabase;
let root: string;

beforeAll(async () => {
  t = await createTestDatabase();
  state.db = t.db;
});
afterAll(async () => {
  await t.dispose();
  process.env = saved;
});
beforeEach(async () => {
  await resetDatabase(t.db);
  root = await fs.mkdtemp(path.join(os.tmpdir(), "portal-routes-"));
  state.storage = new LocalDiskStorage(root);
  state.dispatched = [];
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function exchange(token: string): Promise<Response> {
  return authGET(new Request(`${APP_URL}/portal/auth?token=${encodeURIComponent(token)}`));
}

/** `name=value` of the portal cookie the exchange set, for the Cookie header of later requests. */
function portalCookie(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = /helpdesk_portal=([^;]+)/.exec(header);
  if (!match) throw new Error(`no portal cookie in: ${header}`);
  return `helpdesk_portal=${match[1]}`;
}

describe("GET /portal/auth", () => {
  it("sets an httpOnly, SameSite=Lax session cookie and redirects to the ticket without the token", async () => {
    const contact = await makeContact(t.db);
    const ticket = await makeTicket(t.db, { requesterId: contact.id });
    const response = await exchange(
      signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 1, ticketId: ticket.id }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${APP_URL}/portal/tickets/TKT-001`);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const cookie = (response.headers.get("set-cookie") ?? "").toLowerCase();
    expect(cookie).toContain("helpdesk_portal=");
    expect(cookie).toContain("httponly");
    expect(cookie).toContain("samesite=lax");
    expect(cookie).toContain("path=/");
    // Not production on https here, so not Secure (the browser would drop it on plain http).
    expect(cookie).not.toContain("secure");

    const unscoped = await exchange(
      signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 1 }),
    );
    expect(unscoped.headers.get("location")).toBe(`${APP_URL}/portal`);
  });

  it("sends tampered, expired and revoked links to the page that offers a new one", async () => {
    const contact = await makeContact(t.db, { portalTokenVersion: 2 });
    const good = signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 2 });
    const tampered = `${good.slice(0, -1)}${good.endsWith("A") ? "B" : "A"}`;
    const expired = signPortalLink(linkKey, {
      contactId: contact.id,
      tokenVersion: 2,
      now: new Date(Date.now() - PORTAL_LINK_TTL_MS - 1000),
    });
    const revoked = signPortalLink(linkKey, { contactId: contact.id, tokenVersion: 1 });
    for (const [token, reason] of [
      [tampered, "invalid"],
      [expired, "expired"],
      [revoked, "revoked"],
      ["", "invalid"],
    ] as const) {
      const response = await exchange(token);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`${APP_URL}/portal/link?reason=${reason}`);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });
});

describe("attachments with the portal session", () => {
  it("serves a requester their own public files only, and takes their uploads", async () => {
    const agentUser = await makeUser(t.db);
    const agent = actorFor(agentUser);
    const a = await makeContact(t.db);
    const b = await makeContact(t.db);
    const fileOn = async (requesterId: number, kind: "reply" | "note") => {
      const ticket = await makeTicket(t.db, { requesterId });
      const message = await addMessage(t.db, {
        ticketId: ticket.id,
        kind,
        authorUserId: agentUser.id,
        bodyText: "See attached",
      });
      const file = await uploadAttachment(t.db, state.storage!, {
        actor: agent,
        filename: `${kind}.txt`,
        contentType: "text/plain",
        data: new TextEncoder().encode(kind),
        allowedTypes,
      });
      await t.db
        .update(attachments)
        .set({ ticketId: ticket.id, messageId: message.id })
        .where(eq(attachments.id, file.id));
      return file.id;
    };
    const own = await fileOn(a.id, "reply");
    const ownNote = await fileOn(a.id, "note");
    const others = await fileOn(b.id, "reply");

    const cookie = portalCookie(
      await exchange(signPortalLink(linkKey, { contactId: a.id, tokenVersion: 1 })),
    );
    const get = (id: number, headers: Record<string, string> = { cookie }) =>
      downloadGET(new Request(`${APP_URL}/api/attachments/${id}`, { headers }), {
        params: Promise.resolve({ id: String(id) }),
      });
    const ok = await get(own);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("reply");
    expect((await get(ownNote)).status).toBe(404);
    expect((await get(others)).status).toBe(404);
    expect((await get(own, {})).status).toBe(401);
    expect((await get(own, { cookie: "helpdesk_portal=forged.value" })).status).toBe(401);

    const form = new FormData();
    form.append("file", new File(["log line"], "log.txt", { type: "text/plain" }));
    const upload = await uploadPOST(
      new Request(`${APP_URL}/api/attachments`, {
        method: "POST",
        body: form,
        headers: { cookie },
      }),
    );
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: number };
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, id));
    expect(row).toMatchObject({
      uploadedByContactId: a.id,
      uploadedByUserId: null,
      messageId: null,
    });
  });
});

describe("POST /support/:slug/submit", () => {
  function post(
    slug: string,
    fields: Record<string, string>,
    files: File[] = [],
  ): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const file of files) form.append("files", file);
    return submitPOST(
      new Request(`${APP_URL}/support/${slug}/submit`, { method: "POST", body: form }),
      { params: Promise.resolve({ slug }) },
    );
  }
  const fields = (overrides: Record<string, string> = {}) => ({
    name: "Nora Field",
    email: "nora@example.org",
    subject: "Printer on fire",
    description: "It smokes.",
    categoryId: "",
    website: "",
    stamp: signFormStamp(formStampKey, new Date(Date.now() - 10_000)),
    ...overrides,
  });

  beforeEach(async () => {
    await t.db.insert(mailboxes).values({ name: "Acme", address: "help@acme.test", slug: "acme" });
  });

  it("creates the ticket with its file and dispatches the acknowledgement", async () => {
    const response = await post("acme", fields(), [
      new File(["details"], "details.txt", { type: "text/plain" }),
    ]);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true, ticketRef: "TKT-001" });
    const [ticket] = await t.db.select().from(tickets);
    expect(ticket).toMatchObject({ channel: "web", subject: "Printer on fire" });
    expect(await t.db.select().from(attachments)).toMatchObject([
      { filename: "details.txt", ticketId: ticket!.id },
    ]);
    const [ack] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, "acknowledgement"));
    expect(ack!.textBody).toContain(`${APP_URL}/portal/auth?token=`);
    expect(state.dispatched).toContainEqual({
      name: "email/outbound.queued",
      data: { outboundEmailId: ack!.id },
    });
  });

  it("answers a bot's honeypot like a success, and a hasty or unknown form with an error", async () => {
    const bot = await post("acme", fields({ website: "spam" }));
    expect(bot.status).toBe(201);
    expect(await bot.json()).toEqual({ ok: true, ticketRef: null });

    const hasty = await post("acme", fields({ stamp: signFormStamp(formStampKey) }));
    expect(hasty.status).toBe(422);
    expect(await hasty.json()).toMatchObject({ ok: false, error: expect.stringMatching(/quick/) });

    const invalid = await post("acme", fields({ email: "not-an-address" }));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ fieldErrors: { email: [expect.any(String)] } });

    expect((await post("nope", fields())).status).toBe(404);
    expect(await t.db.select().from(tickets)).toEqual([]);
  });
});

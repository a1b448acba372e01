/**
 * Bulk actions through their server actions (session and app database pointed at the test ones):
 * mass update of selected tickets and of "all N matching", refusals reported per ticket, the cap,
 * admin-only soft delete with restore, the retention purge run by the timer sweep, and deleted
 * tickets hidden from the ticket page and inbound threading.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import {
  attachments,
  auditLog,
  categories,
  mailboxes,
  messageIds,
  teams,
  ticketEvents,
  tickets,
  type Ticket,
} from "@/db/schema";
import type { AppEvent } from "@/inngest/events";
import { createStorageKey, LocalDiskStorage } from "@/lib/attachments/storage";
import type { Actor, UserActor } from "@/lib/auth/permissions";
import { processInboundEmail } from "@/lib/mail/inbound/process";
import { receiveInboundEmail } from "@/lib/mail/inbound/receive";
import { updateSetting } from "@/lib/settings";
import { BULK_MAX_TICKETS } from "@/lib/tickets/bulk";
import { purgeDeletedTickets } from "@/lib/tickets/delete-tickets";
import { getTicketDetail } from "@/lib/tickets/queries";
import { listTickets } from "@/lib/tickets/search/query";
import { getTicketTagNames } from "@/lib/tickets/tags";
import { runTimerSweep } from "@/lib/timers/sweep";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeContact, makeTicket, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

const state = vi.hoisted(() => ({
  actor: null as Actor | null,
  db: undefined as Database | undefined,
  storage: undefined as LocalDiskStorage | undefined,
  dispatched: [] as AppEvent[],
}));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => state.actor }));
vi.mock("@/db", () => ({ getDb: () => state.db }));
vi.mock("@/lib/attachments/app-storage", () => ({ getAttachmentStorage: () => state.storage }));
vi.mock("@/lib/events/dispatch", () => ({
  dispatchEvents: async (events: AppEvent[]) => {
    state.dispatched.push(...events);
  },
}));
// Outside a Next.js request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

process.env.AUTH_SECRET ??= "bulk-test-secret-long-enough-0123456789";
process.env.MAIL_FROM ??= "Helpdesk <support@bulk.test>";

const { bulkUpdateTicketsAction, bulkDeleteTicketsAction, restoreTicketsAction } =
  await import("@/app/(console)/tickets/bulk-actions");

let root: string;
let agent: UserActor;
let admin: UserActor;
const t = setUpTestDatabase({
  opened: (database) => {
    state.db = database.db;
  },
});
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "tickets-bulk-"));
  state.storage = new LocalDiskStorage(root);
  state.dispatched = [];
  agent = actorFor(await makeUser(t.db, { name: "Alice Agent" })) as UserActor;
  admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" })) as UserActor;
  state.actor = agent;
});

async function reload(ticket: { id: number }): Promise<Ticket> {
  const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
  return row!;
}

async function eventsOf(ticketId: number): Promise<string[]> {
  const rows = await t.db
    .select({ type: ticketEvents.type })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(ticketEvents.id);
  return rows.map((r) => r.type);
}

/** Inserts `count` open tickets in one statement (fast, also on PGlite). */
async function insertTickets(count: number, subject = "Bulk"): Promise<void> {
  const requester = await makeContact(t.db);
  await t.db.execute(sql`
    insert into tickets (subject, channel, requester_id, status)
    select ${subject} || ' ' || g, 'email', ${requester.id}, 'open'
      from generate_series(1, ${count}) g`);
}

describe("bulkUpdateTicketsAction", () => {
  it("changes status, priority, category, assignee, team and tags of the selected tickets, each audited", async () => {
    const [team] = await t.db.insert(teams).values({ name: "Tier 2" }).returning();
    const [billing] = await t.db.select().from(categories).where(eq(categories.slug, "billing"));
    const bob = await makeUser(t.db, { name: "Bob" });
    const selected = [await makeTicket(t.db), await makeTicket(t.db), await makeTicket(t.db)];
    const untouched = await makeTicket(t.db);
    state.actor = agent;
    const first = await bulkUpdateTicketsAction({
      target: { ids: selected.map((s) => s.id) },
      changes: { addTags: ["VIP", "refund"] },
    });
    expect(first).toEqual({ ok: true, data: { updated: 3, failed: [] } });

    const result = await bulkUpdateTicketsAction({
      target: { ids: selected.map((s) => s.id) },
      changes: {
        status: "pending",
        priority: "urgent",
        categoryId: billing!.id,
        assigneeId: bob.id,
        teamId: team!.id,
        addTags: ["escalated"],
        removeTags: ["refund"],
      },
    });
    expect(result).toEqual({ ok: true, data: { updated: 3, failed: [] } });
    for (const ticket of selected) {
      const row = await reload(ticket);
      expect(row).toMatchObject({
        status: "pending",
        priority: "urgent",
        categoryId: billing!.id,
        assigneeId: bob.id,
        teamId: team!.id,
      });
      expect(await getTicketTagNames(t.db, ticket.id)).toEqual(["escalated", "vip"]);
      expect(await eventsOf(ticket.id)).toEqual(
        expect.arrayContaining([
          "ticket.status_changed",
          "ticket.priority_changed",
          "ticket.category_id_changed",
          "ticket.assignee_id_changed",
          "ticket.team_id_changed",
          "ticket.tags_changed",
        ]),
      );
    }
    expect((await reload(untouched)).status).toBe("open");
  });

  it("reports every ticket that refuses the change, with the reason, and changes the rest", async () => {
    const ok = await makeTicket(t.db, { status: "open" });
    const closed = await makeTicket(t.db, { status: "closed" });
    const target = await makeTicket(t.db);
    const merged = await makeTicket(t.db, { mergedIntoId: target.id });
    const deleted = await makeTicket(t.db, { deletedAt: new Date(), deletedByUserId: admin.id });
    const result = await bulkUpdateTicketsAction({
      target: { ids: [ok.id, closed.id, merged.id, deleted.id, 999_999] },
      changes: { status: "pending" },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.updated).toBe(1);
    expect(result.data.failed).toEqual([
      { number: 0, reason: "Ticket #999999 no longer exists." },
      {
        number: closed.number,
        reason: expect.stringContaining("Closed tickets cannot be reopened"),
      },
      { number: merged.number, reason: expect.stringContaining("was merged into") },
      { number: deleted.number, reason: expect.stringContaining("was deleted") },
    ]);
    expect((await reload(ok)).status).toBe("pending");
    expect((await reload(closed)).status).toBe("closed");
    expect(await eventsOf(closed.id)).toEqual([]);
  });

  it("updates all N matching a search exactly once, across pages and batches", async () => {
    await insertTickets(130, "Outage report");
    await insertTickets(5, "Other thing");
    const result = await bulkUpdateTicketsAction({
      target: { query: "status:open outage" },
      changes: { status: "pending", addTags: ["outage"] },
    });
    expect(result).toEqual({ ok: true, data: { updated: 130, failed: [] } });
    const counts = await t.db.execute(sql`
      select (select count(*) from tickets where status = 'pending')::int as pending,
             (select count(*) from ticket_events where type = 'ticket.status_changed')::int as events`);
    expect((counts as unknown as { rows?: unknown[] }).rows ?? counts).toEqual([
      { pending: 130, events: 130 },
    ]);
  });

  it("refuses more than the cap, unknown tokens and an empty change, clearly", async () => {
    await insertTickets(BULK_MAX_TICKETS + 1);
    const tooMany = await bulkUpdateTicketsAction({
      target: { query: "status:open" },
      changes: { priority: "low" },
    });
    expect(tooMany).toMatchObject({
      ok: false,
      code: "INVALID",
      error: expect.stringContaining("10,001 tickets match; a bulk action changes at most 10,000"),
    });
    const [{ low }] = (await t.db
      .select({ low: sql<number>`count(*)::int` })
      .from(tickets)
      .where(eq(tickets.priority, "low"))) as [{ low: number }];
    expect(low).toBe(0);

    expect(
      await bulkUpdateTicketsAction({
        target: { query: "colour:red" },
        changes: { priority: "low" },
      }),
    ).toMatchObject({ ok: false, code: "INVALID", error: expect.stringContaining("colour:red") });
    expect(await bulkUpdateTicketsAction({ target: { ids: [1] }, changes: {} })).toMatchObject({
      ok: false,
      code: "INVALID",
      error: "Choose at least one change.",
    });
    expect(
      await bulkUpdateTicketsAction({ target: { ids: [] }, changes: { priority: "low" } }),
    ).toMatchObject({ ok: false, code: "INVALID" });
  });
});

describe("bulk delete, restore and purge", () => {
  it("only admins delete; deleted tickets leave the inbox and the agent's ticket page, and come back on restore", async () => {
    const a = await makeTicket(t.db, { subject: "Spam one" });
    const b = await makeTicket(t.db, { subject: "Spam two" });
    const keep = await makeTicket(t.db, { subject: "Real question" });

    state.actor = agent;
    expect(await bulkDeleteTicketsAction({ target: { ids: [a.id] } })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });

    state.actor = admin;
    expect(await bulkDeleteTicketsAction({ target: { query: "spam" } })).toEqual({
      ok: true,
      data: { deleted: 2 },
    });
    const inbox = await listTickets(t.db, { actor: agent });
    expect(inbox.rows.map((r) => r.id)).toEqual([keep.id]);
    expect(await getTicketDetail(t.db, { actor: agent, number: a.number })).toBeNull();
    const asAdmin = await getTicketDetail(t.db, { actor: admin, number: a.number });
    expect(asAdmin?.deletedAt).toBeInstanceOf(Date);
    expect(await eventsOf(a.id)).toEqual(["ticket.deleted"]);
    expect((await reload(a)).deletedByUserId).toBe(admin.id);

    state.actor = agent;
    expect(await restoreTicketsAction({ ids: [a.id] })).toMatchObject({ code: "FORBIDDEN" });
    state.actor = admin;
    expect(await restoreTicketsAction({ ids: [a.id, keep.id] })).toEqual({
      ok: true,
      data: { restored: 1 },
    });
    expect(await eventsOf(a.id)).toEqual(["ticket.deleted", "ticket.restored"]);
    const after = await listTickets(t.db, { actor: agent });
    expect(after.rows.map((r) => r.id).sort()).toEqual([a.id, keep.id].sort());
    expect(await getTicketDetail(t.db, { actor: agent, number: a.number })).not.toBeNull();
    void b;
  });

  it("the timer sweep purges tickets deleted longer ago than the retention setting, with their files", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const day = 86_400_000;
    const old = await makeTicket(t.db, {
      subject: "Spam from a bot",
      deletedAt: new Date(now.getTime() - 31 * day),
      deletedByUserId: admin.id,
    });
    const mergedIntoOld = await makeTicket(t.db, { mergedIntoId: old.id });
    const followUp = await makeTicket(t.db, { followUpOfId: old.id });
    const recent = await makeTicket(t.db, { deletedAt: new Date(now.getTime() - 29 * day) });
    const live = await makeTicket(t.db);
    const key = createStorageKey(now);
    await state.storage!.put(key, new Uint8Array([1, 2, 3]));
    await t.db.insert(attachments).values({
      ticketId: old.id,
      filename: "a.txt",
      contentType: "text/plain",
      sizeBytes: 3,
      sha256: "0".repeat(64),
      storageKey: key,
    });

    await runTimerSweep(t.db, { now, mail: testMailSettings });
    const remaining = (await t.db.select({ id: tickets.id }).from(tickets)).map((r) => r.id);
    expect(remaining.sort()).toEqual([followUp.id, recent.id, live.id].sort());
    expect((await reload(followUp)).followUpOfId).toBeNull();
    expect(remaining).not.toContain(mergedIntoOld.id);
    await expect(fs.stat(path.join(root, key))).rejects.toThrow();
    // The ticket's own audit events went with it; the audit log keeps a record of the purge.
    expect(await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, old.id))).toEqual(
      [],
    );
    const purges = await t.db.select().from(auditLog).orderBy(auditLog.id);
    expect(purges.map((p) => ({ ...p, id: undefined }))).toEqual([
      {
        id: undefined,
        action: "ticket.purged",
        actorUserId: null,
        createdAt: now,
        data: {
          ticketId: old.id,
          number: old.number,
          subject: "Spam from a bot",
          deletedAt: "2026-05-01T12:00:00.000Z",
          deletedByUserId: admin.id,
          deletedByName: "Ada Admin",
          mergedIntoId: null,
        },
      },
      {
        id: undefined,
        action: "ticket.purged",
        actorUserId: null,
        createdAt: now,
        data: expect.objectContaining({
          ticketId: mergedIntoOld.id,
          number: mergedIntoOld.number,
          mergedIntoId: old.id,
          deletedAt: null,
        }),
      },
    ]);
    // It cannot be rewritten or removed.
    await expect(t.db.delete(auditLog)).rejects.toThrow();
    await expect(t.db.update(auditLog).set({ data: {} })).rejects.toThrow();

    // A shorter retention takes the recent one too; twice in a row is harmless.
    await updateSetting(t.db, { actor: admin, key: "tickets.deletedRetentionDays", value: 7 });
    await runTimerSweep(t.db, { now, mail: testMailSettings });
    expect(await purgeDeletedTickets(t.db, { now, retentionDays: 7 })).toEqual({
      purged: 0,
      storageKeys: [],
    });
    expect((await t.db.select({ id: tickets.id }).from(tickets)).map((r) => r.id).sort()).toEqual(
      [followUp.id, live.id].sort(),
    );
  });

  it("a customer's reply to a deleted ticket starts a new ticket instead of reviving it", async () => {
    const [mailbox] = await t.db
      .insert(mailboxes)
      .values({ name: "Support", address: "support@helpdesk.test", isDefault: true })
      .returning();
    const requester = await makeContact(t.db, { email: "maria@example.org", name: "Maria" });
    const deleted = await makeTicket(t.db, {
      requesterId: requester.id,
      mailboxId: mailbox!.id,
      deletedAt: new Date(),
    });
    await t.db.insert(messageIds).values({
      emailMessageId: "<out-1@helpdesk.test>",
      ticketId: deleted.id,
      direction: "out",
    });
    const raw = [
      "From: Maria <maria@example.org>",
      "To: support@helpdesk.test",
      "Subject: Re: my problem",
      "Message-ID: <reply-1@example.org>",
      "In-Reply-To: <out-1@helpdesk.test>",
      "Date: Mon, 2 Mar 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Any news?",
    ].join("\r\n");
    const received = await receiveInboundEmail(t.db, { raw: new TextEncoder().encode(raw) });
    const outcome = await processInboundEmail(t.db, state.storage!, {
      inboundEmailId: received.id,
      mail: testMailSettings,
    });
    expect(outcome).toMatchObject({ outcome: "processed" });
    const fresh = await t.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.requesterId, requester.id), sql`${tickets.id} <> ${deleted.id}`));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.deletedAt).toBeNull();
    expect((await reload(deleted)).deletedAt).not.toBeNull();
  });
});

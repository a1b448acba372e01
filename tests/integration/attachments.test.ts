import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachments } from "@/db/schema";
import { claimAttachments } from "@/lib/attachments/claim-attachments";
import { getAttachmentForDownload } from "@/lib/attachments/get-attachment-for-download";
import { purgePendingUploads } from "@/lib/attachments/purge-pending-uploads";
import { LocalDiskStorage } from "@/lib/attachments/storage";
import { MAX_ATTACHMENT_BYTES, uploadAttachment } from "@/lib/attachments/upload-attachment";
import type { Actor } from "@/lib/auth/permissions";
import { settingSchemas } from "@/lib/settings";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, addMessage, makeContact, makeTicket, makeUser } from "../helpers/factories";

const defaultAllowedTypes = settingSchemas["attachments.allowedTypes"].parse(undefined);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);
const text = (value: string) => new TextEncoder().encode(value);

let root: string;
let storage: LocalDiskStorage;

const t = setUpTestDatabase();
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "attachments-it-"));
  storage = new LocalDiskStorage(root);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function upload(
  actor: Actor,
  file: Partial<{ filename: string; contentType: string; data: Uint8Array }> = {},
  allowedTypes: string[] = defaultAllowedTypes,
) {
  return uploadAttachment(t.db, storage, {
    actor,
    filename: file.filename ?? "notes.txt",
    contentType: file.contentType ?? "text/plain",
    data: file.data ?? text("Steps to reproduce: …"),
    allowedTypes,
  });
}

async function storedFiles(): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function rowOf(id: number) {
  const [row] = await t.db.select().from(attachments).where(eq(attachments.id, id));
  return row;
}

/** A ticket for a fresh requester with one public reply and one internal note by an agent. */
async function ticketWithConversation() {
  const agentUser = await makeUser(t.db);
  const agent = actorFor(agentUser);
  const contact = await makeContact(t.db);
  const requester: Actor = { type: "requester", contactId: contact.id, email: contact.email };
  const ticket = await makeTicket(t.db, { requesterId: contact.id });
  const reply = await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "reply",
    authorUserId: agentUser.id,
    bodyText: "Here is the invoice.",
  });
  const note = await addMessage(t.db, {
    ticketId: ticket.id,
    kind: "note",
    authorUserId: agentUser.id,
    bodyText: "Internal: refund approved.",
  });
  return { agent, agentUser, contact, requester, ticket, reply, note };
}

async function attachTo(
  actor: Actor,
  message: { id: number; ticketId: number },
  file: Parameters<typeof upload>[1] = {},
) {
  const uploaded = await upload(actor, file);
  await t.db.transaction((tx) =>
    claimAttachments(tx, {
      actor,
      attachmentIds: [uploaded.id],
      ticketId: message.ticketId,
      messageId: message.id,
    }),
  );
  return uploaded;
}

describe("uploadAttachment", () => {
  it("stores the bytes and their sha256 as a pending upload of the uploader", async () => {
    const agentUser = await makeUser(t.db);
    const data = text("a log file\nline 2\n");
    const uploaded = await upload(actorFor(agentUser), { filename: "../../server.log", data });

    expect(uploaded).toEqual({
      id: expect.any(Number),
      filename: "server.log",
      contentType: "text/plain",
      sizeBytes: data.byteLength,
      sha256: crypto.createHash("sha256").update(data).digest("hex"),
    });
    const row = await rowOf(uploaded.id);
    expect(row).toMatchObject({
      ticketId: null,
      messageId: null,
      uploadedByUserId: agentUser.id,
      uploadedByContactId: null,
    });
    expect(row!.storageKey).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(Buffer.from(await storage.read(row!.storageKey)).toString()).toBe(
      "a log file\nline 2\n",
    );
    expect(await storedFiles()).toEqual([path.join(root, row!.storageKey)]);
  });

  it("accepts a file of exactly 10 MB and refuses one byte more with TOO_LARGE, storing nothing", async () => {
    const agent = actorFor(await makeUser(t.db));
    const atLimit = await upload(agent, {
      filename: "exactly.pdf",
      contentType: "application/pdf",
      data: new Uint8Array(MAX_ATTACHMENT_BYTES),
    });
    expect(atLimit.sizeBytes).toBe(MAX_ATTACHMENT_BYTES);

    await expect(
      upload(agent, {
        filename: "big.pdf",
        contentType: "application/pdf",
        data: new Uint8Array(MAX_ATTACHMENT_BYTES + 1),
      }),
    ).rejects.toMatchObject({ code: "TOO_LARGE", message: "big.pdf is larger than 10 MB" });
    expect(await t.db.select({ id: attachments.id }).from(attachments)).toEqual([
      { id: atLimit.id },
    ]);
    expect(await storedFiles()).toHaveLength(1);
  });

  it("refuses types that are not allowed, judging by the name as well as the declared type", async () => {
    const agent = actorFor(await makeUser(t.db));
    await expect(
      upload(agent, { filename: "setup.exe", contentType: "application/pdf" }),
    ).rejects.toMatchObject({
      code: "INVALID",
      message:
        "setup.exe: files of type application/vnd.microsoft.portable-executable are not allowed",
    });
    await expect(
      upload(agent, { filename: "page.html", contentType: "text/plain" }),
    ).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/page\.html.*text\/html/),
    });
    await expect(
      upload(agent, { filename: "notes.txt" }, ["application/pdf"]),
    ).rejects.toMatchObject({
      code: "INVALID",
      message: expect.stringMatching(/notes\.txt.*text\/plain/),
    });
    // Text dressed up as a PNG.
    await expect(
      upload(agent, { filename: "cat.png", contentType: "image/png", data: text("<html>") }),
    ).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("cat.png") });
    expect(await t.db.select().from(attachments)).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses empty files", async () => {
    const agent = actorFor(await makeUser(t.db));
    await expect(upload(agent, { data: new Uint8Array() })).rejects.toMatchObject({
      code: "INVALID",
      message: "notes.txt is empty",
    });
  });

  it("guesses the type of a generic upload from its name and records images it can prove", async () => {
    const agent = actorFor(await makeUser(t.db));
    const pdf = await upload(agent, {
      filename: "scan.pdf",
      contentType: "application/octet-stream",
      data: text("%PDF-1.7"),
    });
    expect(pdf.contentType).toBe("application/pdf");
    const image = await upload(agent, {
      filename: "screenshot.png",
      contentType: "application/octet-stream",
      data: PNG,
    });
    expect(image.contentType).toBe("image/png");
  });

  it("lets requesters upload, recorded as theirs", async () => {
    const contact = await makeContact(t.db);
    const uploaded = await upload({
      type: "requester",
      contactId: contact.id,
      email: contact.email,
    });
    expect(await rowOf(uploaded.id)).toMatchObject({
      uploadedByContactId: contact.id,
      uploadedByUserId: null,
    });
  });

  it("removes the stored bytes when the row cannot be written", async () => {
    // A contact id that does not exist makes the insert fail on its foreign key.
    const ghost: Actor = { type: "requester", contactId: 987654, email: "ghost@example.test" };
    await expect(upload(ghost)).rejects.toThrow();
    expect(await storedFiles()).toEqual([]);
  });
});

describe("claimAttachments", () => {
  it("attaches the uploader's pending uploads to the message, in the order given", async () => {
    const { agent, ticket, reply } = await ticketWithConversation();
    const first = await upload(agent, { filename: "one.txt" });
    const second = await upload(agent, { filename: "two.txt" });

    const claimed = await t.db.transaction((tx) =>
      claimAttachments(tx, {
        actor: agent,
        attachmentIds: [second.id, first.id],
        ticketId: ticket.id,
        messageId: reply.id,
      }),
    );
    expect(claimed.map((a) => [a.id, a.filename, a.ticketId, a.messageId])).toEqual([
      [second.id, "two.txt", ticket.id, reply.id],
      [first.id, "one.txt", ticket.id, reply.id],
    ]);
    expect(await rowOf(first.id)).toMatchObject({ ticketId: ticket.id, messageId: reply.id });
  });

  it("refuses another user's upload, an already attached one and an unknown id, attaching none", async () => {
    const { agent, ticket, reply, note } = await ticketWithConversation();
    const colleague = actorFor(await makeUser(t.db));
    const mine = await upload(agent, { filename: "mine.txt" });
    const theirs = await upload(colleague, { filename: "theirs.txt" });
    const claim = (actor: Actor, ids: number[], messageId = reply.id) =>
      t.db.transaction((tx) =>
        claimAttachments(tx, { actor, attachmentIds: ids, ticketId: ticket.id, messageId }),
      );

    await expect(claim(agent, [mine.id, theirs.id])).rejects.toMatchObject({
      code: "INVALID",
      message: `Attachment ${theirs.id} cannot be attached`,
    });
    // All or nothing: the valid one is still pending.
    expect(await rowOf(mine.id)).toMatchObject({ messageId: null, ticketId: null });

    await expect(claim(agent, [mine.id + theirs.id + 1000])).rejects.toMatchObject({
      code: "INVALID",
      message: `Attachment ${mine.id + theirs.id + 1000} cannot be attached`,
    });

    await claim(agent, [mine.id]);
    await expect(claim(agent, [mine.id], note.id)).rejects.toMatchObject({
      code: "INVALID",
      message: `Attachment ${mine.id} cannot be attached`,
    });
    expect(await rowOf(mine.id)).toMatchObject({ messageId: reply.id });
  });

  it("tells a requester's uploads from a user's with the same id number", async () => {
    const { ticket, reply, requester, contact } = await ticketWithConversation();
    const fromRequester = await upload(requester);
    // A user whose id happens to equal the contact id must still not claim the requester's upload.
    const impostor: Actor = {
      type: "user",
      id: contact.id,
      role: "agent",
      name: "Impostor",
      email: "impostor@example.test",
    };
    await expect(
      t.db.transaction((tx) =>
        claimAttachments(tx, {
          actor: impostor,
          attachmentIds: [fromRequester.id],
          ticketId: ticket.id,
          messageId: reply.id,
        }),
      ),
    ).rejects.toMatchObject({ code: "INVALID" });
    const claimed = await t.db.transaction((tx) =>
      claimAttachments(tx, {
        actor: requester,
        attachmentIds: [fromRequester.id],
        ticketId: ticket.id,
        messageId: reply.id,
      }),
    );
    expect(claimed).toHaveLength(1);
  });

  it("does nothing for an empty list", async () => {
    const { agent, ticket, reply } = await ticketWithConversation();
    await expect(
      claimAttachments(t.db, {
        actor: agent,
        attachmentIds: [],
        ticketId: ticket.id,
        messageId: reply.id,
      }),
    ).resolves.toEqual([]);
  });
});

describe("getAttachmentForDownload", () => {
  it("shows agents the attachments of internal notes", async () => {
    const { agent, note } = await ticketWithConversation();
    const file = await attachTo(agent, note, {
      filename: "refund.pdf",
      contentType: "application/pdf",
    });
    const colleague = actorFor(await makeUser(t.db));
    const download = await getAttachmentForDownload(t.db, {
      actor: colleague,
      attachmentId: file.id,
    });
    expect(download.attachment).toMatchObject({ id: file.id, filename: "refund.pdf" });
    expect(download.canShowInline).toBe(false);
  });

  it("shows a requester the attachments of public replies on their own ticket", async () => {
    const { agent, reply, requester } = await ticketWithConversation();
    const file = await attachTo(agent, reply, { filename: "invoice.png", data: PNG });
    const download = await getAttachmentForDownload(t.db, {
      actor: requester,
      attachmentId: file.id,
    });
    expect(download.attachment.id).toBe(file.id);
    expect(download.canShowInline).toBe(true);
  });

  it("answers NOT_FOUND to a requester for a note's attachment and for another requester's ticket", async () => {
    const { agent, reply, note, requester } = await ticketWithConversation();
    const onNote = await attachTo(agent, note);
    const other = await ticketWithConversation();
    const onOtherTicket = await attachTo(other.agent, other.reply);

    for (const attachmentId of [onNote.id, onOtherTicket.id, onNote.id + onOtherTicket.id + 100]) {
      await expect(
        getAttachmentForDownload(t.db, { actor: requester, attachmentId }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Attachment not found." });
    }
    // The reply on their own ticket stays visible.
    const onReply = await attachTo(agent, reply);
    await expect(
      getAttachmentForDownload(t.db, { actor: requester, attachmentId: onReply.id }),
    ).resolves.toMatchObject({ attachment: { id: onReply.id } });
  });

  it("shows a pending upload to its uploader only", async () => {
    const uploader = actorFor(await makeUser(t.db));
    const colleague = actorFor(await makeUser(t.db));
    const admin = actorFor(await makeUser(t.db, { role: "admin" }));
    const file = await upload(uploader);
    await expect(
      getAttachmentForDownload(t.db, { actor: uploader, attachmentId: file.id }),
    ).resolves.toMatchObject({ attachment: { id: file.id } });
    for (const actor of [colleague, admin]) {
      await expect(
        getAttachmentForDownload(t.db, { actor, attachmentId: file.id }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("never offers SVG inline, even on a visible message", async () => {
    const { agent, reply } = await ticketWithConversation();
    const svg = await attachTo(agent, reply, {
      filename: "logo.svg",
      contentType: "image/svg+xml",
      data: text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    const download = await getAttachmentForDownload(t.db, { actor: agent, attachmentId: svg.id });
    expect(download.attachment.contentType).toBe("image/svg+xml");
    expect(download.canShowInline).toBe(false);
  });
});

describe("purgePendingUploads", () => {
  it("deletes old pending uploads, rows and bytes, and keeps recent and attached ones", async () => {
    const { agent, reply } = await ticketWithConversation();
    const oldPending = await upload(agent, { filename: "old.txt" });
    const recentPending = await upload(agent, { filename: "recent.txt" });
    const oldAttached = await attachTo(agent, reply, { filename: "attached.txt" });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    for (const id of [oldPending.id, oldAttached.id]) {
      await t.db.update(attachments).set({ createdAt: twoDaysAgo }).where(eq(attachments.id, id));
    }
    const oldKey = (await rowOf(oldPending.id))!.storageKey;

    const cutoff = new Date(Date.now() - 24 * 60 * 60 * 1000);
    expect(await purgePendingUploads(t.db, storage, { olderThan: cutoff })).toBe(1);

    expect(await rowOf(oldPending.id)).toBeUndefined();
    await expect(storage.read(oldKey)).rejects.toMatchObject({ code: "ENOENT" });
    const remaining = await t.db.select().from(attachments);
    expect(remaining.map((r) => r.id).sort()).toEqual([recentPending.id, oldAttached.id].sort());
    for (const row of remaining) await expect(storage.read(row.storageKey)).resolves.toBeTruthy();

    // A second sweep finds nothing more to do.
    expect(await purgePendingUploads(t.db, storage, { olderThan: cutoff })).toBe(0);
  });
});

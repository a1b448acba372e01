import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attachments, customFields, mentions, messages, notifications, tickets } from "@/db/schema";
import { LocalDiskStorage, uploadAttachment } from "@/lib/attachments";
import {
  createPersonalCannedResponse,
  listCannedResponsesFor,
} from "@/lib/canned-responses/canned-responses";
import { fillCannedResponse } from "@/lib/canned-responses/fill";
import { getRequesterProfile, updateContact } from "@/lib/contacts/contacts";
import { addCustomerReply } from "@/lib/tickets/add-customer-reply";
import { createTicket } from "@/lib/tickets/create-ticket";
import { getCustomFieldValues, setCustomFieldValue } from "@/lib/tickets/custom-field-values";
import { mergeTickets } from "@/lib/tickets/merge-tickets";
import { inviteParticipant, removeParticipant } from "@/lib/tickets/participants";
import { postMessage } from "@/lib/tickets/post-message";
import { getTicketDetail } from "@/lib/tickets/queries";
import { addTimeEntry, deleteTimeEntry } from "@/lib/tickets/time-entries";
import { updateTicket } from "@/lib/tickets/update-ticket";
import type { UserActor } from "@/lib/auth/permissions";
import { createTestDatabase, resetDatabase, type TestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings } from "../helpers/mail";

let t: TestDatabase;
let storageDir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "helpdesk-attach-"));
});
afterAll(async () => {
  await t.dispose();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

let alice: UserActor;
let bob: UserActor;
let admin: UserActor;
beforeEach(async () => {
  await resetDatabase(t.db);
  alice = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" }),
  ) as UserActor;
  bob = actorFor(
    await makeUser(t.db, { name: "Bob Agent", email: "bob@example.test" }),
  ) as UserActor;
  admin = actorFor(await makeUser(t.db, { name: "Ada Admin", role: "admin" })) as UserActor;
});

async function ticketFor(email = "casey@example.test", subject = "Printer on fire") {
  const { ticket } = await createTicket(t.db, {
    actor: alice,
    subject,
    body: "It smokes.",
    requester: { email, name: "Casey Customer" },
  });
  return ticket;
}

describe("postMessage", () => {
  it("adds a public reply and can set the status in the same step", async () => {
    const ticket = await ticketFor();
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { assigneeId: alice.id },
    });
    const { message, ticket: after } = await postMessage(t.db, {
      mail: testMailSettings,
      actor: alice,
      ticket: { id: ticket.id },
      kind: "reply",
      body: "Please unplug it.",
      setStatus: "pending",
    });
    expect(message).toMatchObject({
      kind: "reply",
      authorUserId: alice.id,
      bodyText: "Please unplug it.",
    });
    expect(after.status).toBe("pending");
    const detail = await getTicketDetail(t.db, { actor: alice, number: ticket.number });
    expect(detail?.messages.map((m) => m.kind)).toEqual([
      "reply",
      "system",
      "system",
      "reply",
      "system",
    ]);
  });

  it("notifies agents @mentioned in a note, and nobody for a mention in a public reply", async () => {
    const ticket = await ticketFor();
    const note = await postMessage(t.db, {
      mail: testMailSettings,
      actor: alice,
      ticket: { id: ticket.id },
      kind: "note",
      body: "@bob can you look? @alice noted.",
    });
    expect(note.mentionedUserIds).toEqual([bob.id]);
    await postMessage(t.db, {
      mail: testMailSettings,
      actor: alice,
      ticket: { id: ticket.id },
      kind: "reply",
      body: "Thanks @bob",
    });
    const rows = await t.db.select().from(notifications).where(eq(notifications.type, "mention"));
    expect(rows.map((n) => [n.userId, n.title])).toEqual([
      [bob.id, "Alice Agent mentioned you on TKT-001"],
    ]);
    expect(await t.db.select().from(mentions)).toHaveLength(1);
  });

  it("attaches the agent's uploads to the message, and refuses someone else's", async () => {
    const storage = new LocalDiskStorage(storageDir);
    const ticket = await ticketFor();
    const upload = await uploadAttachment(t.db, storage, {
      actor: alice,
      filename: "log.txt",
      contentType: "text/plain",
      data: new TextEncoder().encode("boom"),
      allowedTypes: ["text/plain"],
    });
    await expect(
      postMessage(t.db, {
        mail: testMailSettings,
        actor: bob,
        ticket: { id: ticket.id },
        kind: "note",
        body: "mine now",
        attachmentIds: [upload.id],
      }),
    ).rejects.toMatchObject({ code: "INVALID" });
    expect(
      await t.db.select().from(messages).where(eq(messages.bodyText, "mine now")),
    ).toHaveLength(0);
    const { message } = await postMessage(t.db, {
      mail: testMailSettings,
      actor: alice,
      ticket: { id: ticket.id },
      kind: "reply",
      body: "",
      attachmentIds: [upload.id],
    });
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, upload.id));
    expect(row).toMatchObject({ messageId: message.id, ticketId: ticket.id });
  });

  it("refuses an empty message and writing on a closed ticket", async () => {
    const ticket = await ticketFor();
    await expect(
      postMessage(t.db, {
        mail: testMailSettings,
        actor: alice,
        ticket: { id: ticket.id },
        kind: "reply",
        body: "  ",
      }),
    ).rejects.toMatchObject({
      code: "INVALID",
      details: { body: ["Write a message or attach a file."] },
    });
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { status: "closed" },
    });
    await expect(
      postMessage(t.db, {
        mail: testMailSettings,
        actor: alice,
        ticket: { id: ticket.id },
        kind: "note",
        body: "late",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("mergeTickets", () => {
  it("moves the conversation to the target, closes the source, and routes later replies to the target", async () => {
    const target = await ticketFor("casey@example.test", "Printer on fire");
    const source = await ticketFor("dana@example.test", "Printer smoking");
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: source.id },
      patch: { tags: ["hardware"] },
    });
    await mergeTickets(t.db, {
      actor: alice,
      source: { number: source.number },
      target: { number: target.number },
    });

    const merged = await getTicketDetail(t.db, { actor: alice, number: target.number });
    expect(
      merged?.messages.filter((m) => m.kind === "reply").map((m) => m.authorContactEmail),
    ).toEqual(["casey@example.test", "dana@example.test"]);
    expect(merged?.tags).toEqual(["hardware"]);
    expect(merged?.subscribers.map((s) => s.email)).toEqual(["dana@example.test"]);
    expect(merged?.messages.at(-1)?.bodyText).toBe(
      "Alice Agent merged TKT-002 (“Printer smoking”) into this ticket",
    );

    const closed = await getTicketDetail(t.db, { actor: alice, number: source.number });
    expect(closed).toMatchObject({ status: "closed", mergedIntoNumber: target.number });
    expect(closed?.messages.map((m) => m.bodyText)).toEqual([
      "Alice Agent merged this ticket into TKT-001",
    ]);

    const reply = await addCustomerReply(t.db, {
      contactId: source.requesterId,
      ticket: { id: source.id },
      body: "any news?",
    });
    expect(reply.ticket.id).toBe(target.id);
  });

  it("refuses merging into itself, into a closed ticket, or a ticket already merged", async () => {
    const a = await ticketFor();
    const b = await ticketFor();
    await expect(
      mergeTickets(t.db, { actor: alice, source: { id: a.id }, target: { id: a.id } }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await updateTicket(t.db, { actor: alice, ticket: { id: b.id }, patch: { status: "closed" } });
    await expect(
      mergeTickets(t.db, { actor: alice, source: { id: a.id }, target: { id: b.id } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const c = await ticketFor();
    await mergeTickets(t.db, { actor: alice, source: { id: a.id }, target: { id: c.id } });
    await expect(
      mergeTickets(t.db, { actor: alice, source: { id: a.id }, target: { id: c.id } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, b.id));
    expect(row?.mergedIntoId).toBeNull();
  });
});

describe("participants, time and custom fields", () => {
  it("invites an agent once, who is notified", async () => {
    const ticket = await ticketFor();
    expect(
      await inviteParticipant(t.db, { actor: alice, ticket: { id: ticket.id }, userId: bob.id }),
    ).toEqual({ added: true });
    expect(
      await inviteParticipant(t.db, { actor: alice, ticket: { id: ticket.id }, userId: bob.id }),
    ).toEqual({ added: false });
    const detail = await getTicketDetail(t.db, { actor: alice, number: ticket.number });
    expect(detail?.participants.map((p) => p.name)).toEqual(["Bob Agent"]);
    const rows = await t.db.select().from(notifications).where(eq(notifications.userId, bob.id));
    expect(rows.map((n) => n.type)).toEqual(["participant_added"]);
  });

  it("removes a participant with a note in the conversation; closed tickets refuse new ones", async () => {
    const ticket = await ticketFor();
    await inviteParticipant(t.db, { actor: alice, ticket: { id: ticket.id }, userId: bob.id });
    expect(
      await removeParticipant(t.db, { actor: alice, ticket: { id: ticket.id }, userId: bob.id }),
    ).toEqual({ removed: true });
    expect(
      await removeParticipant(t.db, { actor: alice, ticket: { id: ticket.id }, userId: bob.id }),
    ).toEqual({ removed: false });
    const detail = await getTicketDetail(t.db, { actor: alice, number: ticket.number });
    expect(detail?.participants).toEqual([]);
    expect(detail?.messages.at(-1)?.bodyText).toBe("Alice Agent removed Bob Agent from the ticket");
    await updateTicket(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      patch: { status: "closed" },
    });
    await expect(
      inviteParticipant(t.db, { actor: alice, ticket: { id: ticket.id }, userId: bob.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      addTimeEntry(t.db, { actor: alice, ticket: { id: ticket.id }, minutes: 5 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("totals time entries; only the author or an admin removes one", async () => {
    const ticket = await ticketFor();
    const entry = await addTimeEntry(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      minutes: 25,
      note: "call",
    });
    await addTimeEntry(t.db, { actor: bob, ticket: { id: ticket.id }, minutes: 5 });
    await expect(
      addTimeEntry(t.db, { actor: bob, ticket: { id: ticket.id }, minutes: 0 }),
    ).rejects.toMatchObject({ code: "INVALID" });
    expect(
      (await getTicketDetail(t.db, { actor: alice, number: ticket.number }))?.totalMinutes,
    ).toBe(30);
    await expect(deleteTimeEntry(t.db, { actor: bob, entryId: entry.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await deleteTimeEntry(t.db, { actor: admin, entryId: entry.id });
    expect(
      (await getTicketDetail(t.db, { actor: alice, number: ticket.number }))?.totalMinutes,
    ).toBe(5);
  });

  it("checks custom field values by type and hides admin-only fields from agents", async () => {
    const ticket = await ticketFor();
    const [plan, seats, internal] = await t.db
      .insert(customFields)
      .values([
        {
          key: "plan",
          label: "Plan",
          type: "select",
          options: ["Free", "Pro"],
          visibility: "public",
        },
        { key: "seats", label: "Seats", type: "number", visibility: "agents" },
        { key: "risk", label: "Churn risk", type: "checkbox", visibility: "admins" },
      ])
      .returning();
    await setCustomFieldValue(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      fieldId: plan!.id,
      value: "Pro",
    });
    await setCustomFieldValue(t.db, {
      actor: alice,
      ticket: { id: ticket.id },
      fieldId: seats!.id,
      value: "12",
    });
    await expect(
      setCustomFieldValue(t.db, {
        actor: alice,
        ticket: { id: ticket.id },
        fieldId: plan!.id,
        value: "Gold",
      }),
    ).rejects.toMatchObject({ code: "INVALID", message: "Plan: must be one of Free, Pro" });
    await expect(
      setCustomFieldValue(t.db, {
        actor: alice,
        ticket: { id: ticket.id },
        fieldId: internal!.id,
        value: true,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await setCustomFieldValue(t.db, {
      actor: admin,
      ticket: { id: ticket.id },
      fieldId: internal!.id,
      value: true,
    });

    const forAgent = await getCustomFieldValues(t.db, { actor: alice, ticketId: ticket.id });
    expect(forAgent.map((f) => [f.field.key, f.value])).toEqual([
      ["plan", "Pro"],
      ["seats", 12],
    ]);
    const forAdmin = await getCustomFieldValues(t.db, { actor: admin, ticketId: ticket.id });
    expect(forAdmin.map((f) => f.field.key)).toContain("risk");
  });
});

describe("requesters and canned responses", () => {
  it("edits the requester and lists their other tickets", async () => {
    const first = await ticketFor("casey@example.test", "First");
    await ticketFor("casey@example.test", "Second");
    await ticketFor("zoe@example.test", "Someone else");
    await updateContact(t.db, { actor: alice, contactId: first.requesterId, name: "Casey Jones" });
    await expect(
      updateContact(t.db, {
        actor: alice,
        contactId: first.requesterId,
        email: "ZOE@example.test",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const profile = await getRequesterProfile(t.db, {
      actor: alice,
      contactId: first.requesterId,
      excludeTicketId: first.id,
    });
    expect(profile?.contact.name).toBe("Casey Jones");
    expect(profile?.tickets.map((x) => x.subject)).toEqual(["Second"]);
  });

  it("keeps personal canned responses personal and fills their masks", async () => {
    const mine = await createPersonalCannedResponse(t.db, {
      actor: alice,
      title: "Greeting",
      body: "Hi #FirstName#, about #TicketID#: #Oops#",
    });
    await createPersonalCannedResponse(t.db, { actor: bob, title: "Bob's", body: "Bob only" });
    expect((await listCannedResponsesFor(t.db, alice)).map((c) => c.title)).toEqual(["Greeting"]);
    const filled = fillCannedResponse(mine.body, {
      requesterName: "Casey Jones",
      requesterEmail: "casey@example.test",
      ticketNumber: 7,
      subject: "x",
      agentName: "Alice Agent",
      agentEmail: "alice@example.test",
    });
    expect(filled).toEqual({ text: "Hi Casey, about TKT-007: #Oops#", unknown: ["Oops"] });
  });
});

import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { outboundEmails, tickets } from "@/db/schema";
import type { UserActor } from "@/lib/auth/permissions";
import { emailEvents } from "@/lib/mail/templates/events";
import { saveEmailTemplate } from "@/lib/mail/templates/store";
import { createTicket } from "@/lib/tickets/create-ticket";
import { setUpTestDatabase } from "../helpers/db";
import { actorFor, makeUser } from "../helpers/factories";
import { testMailSettings as mail } from "../helpers/mail";

const t = setUpTestDatabase();

let admin: UserActor;
let agent: UserActor;
beforeEach(async () => {
  admin = actorFor(await makeUser(t.db, { role: "admin", name: "Ada Admin" })) as UserActor;
  agent = actorFor(
    await makeUser(t.db, { name: "Alice Agent", email: "alice@example.test" }),
  ) as UserActor;
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** An admin opens a ticket for Alice: she gets the `agent_assigned` email. */
const openAssigned = () =>
  createTicket(t.db, {
    actor: admin,
    subject: "Printer on fire",
    body: "It smokes.",
    requester: { email: "casey@example.test" },
    assigneeId: agent.id,
    mail,
  });

describe("a stored template that cannot be used", () => {
  it("falls back to the default when its subject renders empty for this ticket, and logs it", async () => {
    // Valid masks, so saving accepts it; but this ticket has no due date: the subject is empty,
    // which the outbox refuses (and used to roll back the ticket being created).
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "agent_assigned",
      subject: "#DueDate#",
      body: "Custom body that must not be sent",
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});

    const { ticket } = await openAssigned();

    expect(await t.db.select().from(tickets).where(eq(tickets.id, ticket.id))).toHaveLength(1);
    const [email] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, "agent_assigned"));
    expect(email).toMatchObject({ status: "queued", to: [{ email: "alice@example.test" }] });
    expect(email!.subject).toBe("[TKT-001] Assigned to you: Printer on fire");
    expect(emailEvents.agent_assigned.subject).toBe("Assigned to you: #Subject#");
    expect(email!.textBody).toContain("Ada Admin assigned TKT-001 to you");
    expect(email!.textBody).not.toContain("Custom body");
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining('the "agent_assigned" template failed to render; using the default'),
      expect.objectContaining({ message: expect.stringContaining("subject") }),
    );
  });

  it("falls back when it renders a subject longer than mail allows", async () => {
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "agent_assigned",
      subject: `${"#Subject# ".repeat(40)}`,
      body: "Custom body that must not be sent",
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await openAssigned();
    const [email] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, "agent_assigned"));
    expect(email!.subject).toBe("[TKT-001] Assigned to you: Printer on fire");
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it("does not log or fall back for a template that renders fine", async () => {
    await saveEmailTemplate(t.db, {
      actor: admin,
      event: "agent_assigned",
      subject: "Yours: #Subject#",
      body: "#What_Happened#",
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await openAssigned();
    const [email] = await t.db
      .select()
      .from(outboundEmails)
      .where(eq(outboundEmails.kind, "agent_assigned"));
    expect(email!.subject).toBe("[TKT-001] Yours: Printer on fire");
    expect(logged).not.toHaveBeenCalled();
  });
});

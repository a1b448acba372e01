import { describe, expect, it } from "vitest";
import { findMentionedUsers } from "@/lib/tickets/mentions";
import { applyStatusEffects, transitionError, validateTicketState } from "@/lib/tickets/status";
import { renderMasks, escapeHtml } from "@/lib/templates/masks";
import { ticketStatuses } from "@/db/schema";

const now = new Date("2026-03-02T10:00:00Z");
const later = new Date("2026-03-03T10:00:00Z");
const none = { remindAt: false, snoozedUntil: false, autoSolveAt: false };
const base = {
  status: "open" as const,
  assigneeId: 1,
  remindAt: null,
  snoozedUntil: null,
  autoSolveAt: null,
};

describe("status machine", () => {
  it("allows moving between every status except out of Closed", () => {
    for (const from of ticketStatuses) {
      for (const to of ticketStatuses) {
        const error = transitionError(from, to);
        if (from === "closed" && to !== "closed")
          expect(error, `${from}→${to}`).toMatch(/follow-up/);
        else expect(error, `${from}→${to}`).toBeNull();
      }
    }
  });

  it("drops the reminder when leaving Pending and every timer when solving", () => {
    const pending = {
      ...base,
      status: "pending" as const,
      remindAt: later,
      snoozedUntil: later,
      autoSolveAt: later,
    };
    expect(applyStatusEffects({ ...pending, status: "open" }, "pending")).toMatchObject({
      remindAt: null,
      snoozedUntil: later,
      autoSolveAt: later,
    });
    expect(applyStatusEffects({ ...pending, status: "resolved" }, "pending")).toMatchObject({
      remindAt: null,
      snoozedUntil: null,
      autoSolveAt: null,
    });
    expect(applyStatusEffects(pending, "pending")).toEqual(pending);
  });

  it("refuses In Progress without an assignee, reminders outside Pending, snoozing a closed ticket and past dates", () => {
    expect(
      validateTicketState({ ...base, status: "in_progress", assigneeId: null }, none, now),
    ).toHaveProperty("status");
    expect(
      validateTicketState({ ...base, remindAt: later }, { ...none, remindAt: true }, now),
    ).toHaveProperty("remindAt");
    expect(
      validateTicketState(
        { ...base, status: "pending", remindAt: later },
        { ...none, remindAt: true },
        now,
      ),
    ).toEqual({});
    expect(
      validateTicketState(
        { ...base, status: "pending", remindAt: now },
        { ...none, remindAt: true },
        now,
      ),
    ).toHaveProperty("remindAt");
    expect(
      validateTicketState({ ...base, status: "closed", snoozedUntil: later }, none, now),
    ).toHaveProperty("snoozedUntil");
    expect(
      validateTicketState({ ...base, autoSolveAt: now }, { ...none, autoSolveAt: true }, now),
    ).toHaveProperty("autoSolveAt");
    // An unchanged past date (a timer that is due) is not the agent's mistake.
    expect(validateTicketState({ ...base, status: "pending", remindAt: now }, none, now)).toEqual(
      {},
    );
  });
});

describe("@mentions", () => {
  const agents = [
    { id: 1, name: "Alice Agent", email: "alice@example.com" },
    { id: 2, name: "Bob Agent", email: "bob@example.com" },
    { id: 3, name: "Alice Other", email: "a.other@example.com" },
  ];

  it("finds agents by email name and full name, and ignores email addresses", () => {
    expect(findMentionedUsers("@bob can you check? cc @AliceAgent.", agents).sort()).toEqual([
      1, 2,
    ]);
    expect(findMentionedUsers("write to bob@example.com", agents)).toEqual([]);
    expect(findMentionedUsers("@a.other please", agents)).toEqual([3]);
  });

  it("does not guess when a first name is shared", () => {
    expect(findMentionedUsers("@Alice look", agents)).toEqual([1]);
    expect(
      findMentionedUsers(
        "@alice look",
        agents.slice(1).concat({ id: 4, name: "Alice Zed", email: "z@example.com" }),
      ),
    ).toEqual([]);
  });
});

describe("masks", () => {
  it("fills known masks, keeps and reports unknown ones, escapes when asked", () => {
    const result = renderMasks(
      "Hi #FirstName#, re #TicketID# #Nope#",
      { FirstName: "<Ann>", TicketID: "TKT-007" },
      escapeHtml,
    );
    expect(result.text).toBe("Hi &lt;Ann&gt;, re TKT-007 #Nope#");
    expect(result.unknown).toEqual(["Nope"]);
  });
});

describe("time spent", () => {
  it("reads as hours and minutes", async () => {
    const { formatMinutes } = await import("@/components/tickets/sidebar/format");
    expect([formatMinutes(25), formatMinutes(60), formatMinutes(85), formatMinutes(120)]).toEqual([
      "25 min",
      "1 h",
      "1 h 25 min",
      "2 h",
    ]);
  });
});

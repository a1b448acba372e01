/**
 * The acceptance examples from the SLA issue: "Urgent: first response 1 h, resolution 4 h, business
 * hours Mon–Fri 9–17 Europe/Berlin". Expected instants are written as a person would, with the
 * Berlin offset in force on that date (CET +01:00 until 2026-03-29, CEST +02:00 after).
 */
import { describe, expect, it } from "vitest";
import { computeSla, type SlaHistoryEvent } from "@/lib/sla/engine";
import { slaPolicySchema } from "@/lib/sla/policy";

const nineToFive = [{ start: "09:00", end: "17:00" }];
const urgentPolicy = slaPolicySchema.parse({
  id: 1,
  name: "Urgent",
  position: 0,
  conditions: { priorities: ["urgent"] },
  targets: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 } },
  calendar: {
    kind: "business",
    timeZone: "Europe/Berlin",
    weekly: {
      0: [],
      1: nineToFive,
      2: nineToFive,
      3: nineToFive,
      4: nineToFive,
      5: nineToFive,
      6: [],
    },
    // Good Friday and Easter Monday 2026.
    holidays: ["2026-04-03", "2026-04-06"],
  },
  warn: { minutesBefore: 30 },
});

const at = (iso: string) => new Date(iso);
const created = (iso: string): SlaHistoryEvent => ({
  at: at(iso),
  type: "created",
  priority: "urgent",
});

function sla(history: SlaHistoryEvent[], now: string) {
  return computeSla({ policy: urgentPolicy, history, now: at(now) });
}

describe("SLA acceptance: Urgent, Mon–Fri 9–17 Europe/Berlin", () => {
  it("Friday 16:30: first response due Monday 09:30, resolution Monday 12:30 (after the DST change)", () => {
    const result = sla([created("2026-03-27T16:30:00+01:00")], "2026-03-27T16:45:00+01:00");
    expect(result.firstResponse.dueAt).toEqual(at("2026-03-30T09:30:00+02:00"));
    expect(result.resolution.dueAt).toEqual(at("2026-03-30T12:30:00+02:00"));
    expect(result.firstResponse.state).toBe("ok");
    // 30 working minutes before due is reached at Friday's close: the ticket is at risk over the
    // weekend because it breaches half an hour into Monday.
    expect(result.firstResponse.warnAt).toEqual(at("2026-03-27T17:00:00+01:00"));
    expect(result.nextCheckAt).toEqual(at("2026-03-27T17:00:00+01:00"));
  });

  it("Saturday: the clocks start Monday 09:00", () => {
    const result = sla([created("2026-03-28T11:00:00+01:00")], "2026-03-29T20:00:00+02:00");
    expect(result.firstResponse.dueAt).toEqual(at("2026-03-30T10:00:00+02:00"));
    expect(result.resolution.dueAt).toEqual(at("2026-03-30T13:00:00+02:00"));
    expect(result.firstResponse.remainingMinutes).toBe(60);
  });

  it("before a holiday: Thursday 16:00 is due Thursday 17:00 and Tuesday 12:00", () => {
    const result = sla([created("2026-04-02T16:00:00+02:00")], "2026-04-02T16:10:00+02:00");
    expect(result.firstResponse.dueAt).toEqual(at("2026-04-02T17:00:00+02:00"));
    // 1 h on Thursday, Good Friday, the weekend and Easter Monday off, 3 h on Tuesday.
    expect(result.resolution.dueAt).toEqual(at("2026-04-07T12:00:00+02:00"));
  });

  it("before a holiday: Thursday 16:30 skips the Easter weekend for the first response too", () => {
    const result = sla([created("2026-04-02T16:30:00+02:00")], "2026-04-02T16:40:00+02:00");
    expect(result.firstResponse.dueAt).toEqual(at("2026-04-07T09:30:00+02:00"));
    expect(result.resolution.dueAt).toEqual(at("2026-04-07T12:30:00+02:00"));
  });

  it("Pending for two business hours moves the resolution due time by two hours", () => {
    const history: SlaHistoryEvent[] = [
      created("2026-03-30T09:00:00+02:00"),
      { at: at("2026-03-30T09:45:00+02:00"), type: "agent_reply" },
      { at: at("2026-03-30T10:00:00+02:00"), type: "status", to: "pending" },
      { at: at("2026-03-30T12:00:00+02:00"), type: "status", to: "open" },
    ];
    const during = sla(history.slice(0, 3), "2026-03-30T11:00:00+02:00");
    expect(during.resolution.state).toBe("paused");
    expect(during.resolution.dueAt).toBeNull();
    expect(during.resolution.pausedMinutes).toBe(60);
    expect(during.resolution.remainingMinutes).toBe(180);

    const after = sla(history, "2026-03-30T12:30:00+02:00");
    expect(after.resolution.dueAt).toEqual(at("2026-03-30T15:00:00+02:00"));
    expect(after.resolution.pausedMinutes).toBe(120);
    expect(after.firstResponse).toMatchObject({
      state: "met",
      metAt: at("2026-03-30T09:45:00+02:00"),
    });
    expect(after.timeline.filter((entry) => entry.metric === "resolution")).toEqual([
      { at: at("2026-03-30T09:00:00+02:00"), metric: "resolution", event: "started" },
      { at: at("2026-03-30T10:00:00+02:00"), metric: "resolution", event: "paused" },
      { at: at("2026-03-30T12:00:00+02:00"), metric: "resolution", event: "resumed" },
    ]);
  });

  it("Pending from Friday 16:00 to Monday 10:00 moves it by two business hours, not 66", () => {
    const history: SlaHistoryEvent[] = [
      created("2026-03-27T14:00:00+01:00"),
      { at: at("2026-03-27T15:00:00+01:00"), type: "agent_reply" },
      { at: at("2026-03-27T16:00:00+01:00"), type: "status", to: "pending" },
      { at: at("2026-03-30T10:00:00+02:00"), type: "status", to: "open" },
    ];
    const withoutPause = sla(history.slice(0, 2), "2026-03-27T15:30:00+01:00");
    expect(withoutPause.resolution.dueAt).toEqual(at("2026-03-30T10:00:00+02:00"));

    const result = sla(history, "2026-03-30T10:05:00+02:00");
    expect(result.resolution.dueAt).toEqual(at("2026-03-30T12:00:00+02:00"));
    expect(result.resolution.pausedMinutes).toBe(120);
    expect(result.resolution.state).toBe("ok");
  });

  it("breaches when nobody answers and records the breach on the timeline", () => {
    const result = sla([created("2026-03-27T16:30:00+01:00")], "2026-03-30T09:31:00+02:00");
    expect(result.firstResponse.state).toBe("breached");
    expect(result.firstResponse.breachedAt).toEqual(at("2026-03-30T09:30:00+02:00"));
    expect(result.state).toBe("breached");
    expect(result.timeline.filter((entry) => entry.metric === "firstResponse")).toEqual([
      { at: at("2026-03-27T16:30:00+01:00"), metric: "firstResponse", event: "started" },
      { at: at("2026-03-27T17:00:00+01:00"), metric: "firstResponse", event: "warned" },
      { at: at("2026-03-30T09:30:00+02:00"), metric: "firstResponse", event: "breached" },
    ]);
  });
});

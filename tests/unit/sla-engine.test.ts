import { describe, expect, it } from "vitest";
import { computeSla, type SlaHistoryEvent } from "@/lib/sla/engine";
import {
  selectPolicy,
  slaPolicySchema,
  type SlaPolicyInput,
  type SlaTicketAttributes,
} from "@/lib/sla/policy";

const at = (iso: string) => new Date(iso);
const nineToFive = [{ start: "09:00", end: "17:00" }];
const berlinOffice = {
  kind: "business" as const,
  timeZone: "Europe/Berlin",
  weekly: { 1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive },
  holidays: [],
};

function policy(overrides: Partial<SlaPolicyInput> = {}) {
  return slaPolicySchema.parse({
    id: 7,
    name: "Default",
    position: 0,
    targets: {
      urgent: { firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: 240 },
      low: { firstResponseMinutes: 480, nextResponseMinutes: 480, resolutionMinutes: 2400 },
    },
    calendar: berlinOffice,
    ...overrides,
  });
}

// Monday 2026-03-30 and later are CEST (+02:00).
const monday = (time: string) => at(`2026-03-30T${time}:00+02:00`);
const tuesday = (time: string) => at(`2026-03-31T${time}:00+02:00`);
const createdUrgent: SlaHistoryEvent = { at: monday("09:00"), type: "created", priority: "urgent" };

describe("first response", () => {
  it("is met by the first public reply and not paused by Pending", () => {
    const history: SlaHistoryEvent[] = [
      createdUrgent,
      { at: monday("09:10"), type: "status", to: "pending" },
      { at: monday("10:30"), type: "agent_reply" },
    ];
    const result = computeSla({ policy: policy(), history, now: monday("11:00") });
    expect(result.firstResponse).toMatchObject({
      state: "breached",
      dueAt: monday("10:00"),
      breachedAt: monday("10:00"),
      metAt: monday("10:30"),
      pausedMinutes: 0,
    });
    // A met-late metric stays breached; the timeline shows both.
    expect(result.timeline.filter((e) => e.metric === "firstResponse").map((e) => e.event)).toEqual(
      ["started", "breached", "met"],
    );
  });

  it("is fulfilled by resolving the ticket without a reply", () => {
    const history: SlaHistoryEvent[] = [
      createdUrgent,
      { at: monday("09:20"), type: "status", to: "resolved" },
    ];
    const result = computeSla({ policy: policy(), history, now: monday("12:00") });
    expect(result.firstResponse).toMatchObject({ state: "met", metAt: monday("09:20") });
    expect(result.resolution).toMatchObject({
      state: "met",
      metAt: monday("09:20"),
      dueAt: monday("13:00"),
    });
    expect(result.state).toBe("met");
    expect(result.nextCheckAt).toBeNull();
  });

  it("warns at the earlier of the two thresholds and reports at risk", () => {
    const warned = policy({ warn: { minutesBefore: 10, percentElapsed: 50 } });
    const before = computeSla({ policy: warned, history: [createdUrgent], now: monday("09:29") });
    expect(before.firstResponse).toMatchObject({ state: "ok", warnAt: monday("09:30") });
    expect(before.nextCheckAt).toEqual(monday("09:30"));
    const after = computeSla({ policy: warned, history: [createdUrgent], now: monday("09:30") });
    expect(after.firstResponse.state).toBe("at_risk");
    expect(after.state).toBe("at_risk");
    expect(after.nextCheckAt).toEqual(monday("10:00"));
  });

  it("breaches exactly at the due time", () => {
    expect(
      computeSla({ policy: policy(), history: [createdUrgent], now: monday("09:59") }).firstResponse
        .state,
    ).toBe("ok");
    expect(
      computeSla({ policy: policy(), history: [createdUrgent], now: monday("10:00") }).firstResponse
        .state,
    ).toBe("breached");
  });
});

describe("next response", () => {
  const answered: SlaHistoryEvent[] = [
    createdUrgent,
    { at: monday("09:05"), type: "customer_message" },
    { at: monday("09:30"), type: "agent_reply" },
  ];

  it("does not start before the first response", () => {
    const result = computeSla({ policy: policy(), history: answered, now: monday("09:40") });
    expect(result.nextResponse).toMatchObject({ state: "none", startedAt: null });
  });

  it("runs from the oldest unanswered customer message to the next reply", () => {
    const history: SlaHistoryEvent[] = [
      ...answered,
      { at: monday("11:00"), type: "customer_message" },
      { at: monday("11:30"), type: "customer_message" },
    ];
    const running = computeSla({ policy: policy(), history, now: monday("11:45") });
    expect(running.nextResponse).toMatchObject({
      state: "ok",
      startedAt: monday("11:00"),
      dueAt: monday("12:00"),
    });

    const replied = computeSla({
      policy: policy(),
      history: [...history, { at: monday("11:50"), type: "agent_reply" }],
      now: monday("13:00"),
    });
    expect(replied.nextResponse).toMatchObject({ state: "met", metAt: monday("11:50") });
  });

  it("pauses in On Hold and continues where it stopped", () => {
    const history: SlaHistoryEvent[] = [
      ...answered,
      { at: monday("11:00"), type: "customer_message" },
      { at: monday("11:20"), type: "status", to: "on_hold" },
      { at: monday("14:00"), type: "status", to: "open" },
    ];
    const paused = computeSla({
      policy: policy(),
      history: history.slice(0, 5),
      now: monday("13:00"),
    });
    expect(paused.nextResponse).toMatchObject({
      state: "paused",
      dueAt: null,
      remainingMinutes: 40,
    });
    const resumed = computeSla({ policy: policy(), history, now: monday("14:10") });
    expect(resumed.nextResponse).toMatchObject({
      state: "ok",
      dueAt: monday("14:40"),
      pausedMinutes: 160,
    });
  });

  it("starts running when a customer reply reopens a Pending ticket at the same instant", () => {
    // Stored in the order the webhook wrote them; status changes are applied first either way.
    const history: SlaHistoryEvent[] = [
      ...answered,
      { at: monday("09:31"), type: "status", to: "pending" },
      { at: monday("12:00"), type: "customer_message" },
      { at: monday("12:00"), type: "status", to: "open" },
    ];
    const result = computeSla({ policy: policy(), history, now: monday("12:10") });
    expect(result.nextResponse).toMatchObject({
      state: "ok",
      startedAt: monday("12:00"),
      dueAt: monday("13:00"),
      pausedMinutes: 0,
    });
  });

  it("keeps the last cycle's result and the breach of an earlier cycle on the timeline", () => {
    const history: SlaHistoryEvent[] = [
      ...answered,
      { at: monday("10:00"), type: "customer_message" },
      { at: monday("11:30"), type: "agent_reply" },
      { at: monday("12:00"), type: "customer_message" },
      { at: monday("12:15"), type: "agent_reply" },
    ];
    const result = computeSla({ policy: policy(), history, now: monday("16:00") });
    expect(result.nextResponse).toMatchObject({
      state: "met",
      startedAt: monday("12:00"),
      metAt: monday("12:15"),
    });
    expect(result.timeline.filter((e) => e.metric === "nextResponse")).toEqual([
      { at: monday("10:00"), metric: "nextResponse", event: "started" },
      { at: monday("11:00"), metric: "nextResponse", event: "breached" },
      { at: monday("11:30"), metric: "nextResponse", event: "met" },
      { at: monday("12:00"), metric: "nextResponse", event: "started" },
      { at: monday("12:15"), metric: "nextResponse", event: "met" },
    ]);
  });
});

describe("resolution", () => {
  it("continues with the time already used after a reopen", () => {
    const history: SlaHistoryEvent[] = [
      createdUrgent,
      { at: monday("09:30"), type: "agent_reply" },
      { at: monday("10:00"), type: "status", to: "resolved" },
      { at: tuesday("09:00"), type: "status", to: "open" },
    ];
    const solved = computeSla({
      policy: policy(),
      history: history.slice(0, 3),
      now: monday("16:00"),
    });
    expect(solved.resolution).toMatchObject({
      state: "met",
      metAt: monday("10:00"),
      remainingMinutes: null,
    });

    const reopened = computeSla({ policy: policy(), history, now: tuesday("10:00") });
    expect(reopened.resolution).toMatchObject({
      state: "ok",
      metAt: null,
      dueAt: tuesday("12:00"),
      remainingMinutes: 120,
      pausedMinutes: 0,
    });
    expect(
      reopened.timeline.filter((e) => e.metric === "resolution").map((e) => [e.at, e.event]),
    ).toEqual([
      [monday("09:00"), "started"],
      [monday("10:00"), "met"],
      [tuesday("09:00"), "resumed"],
    ]);
  });

  it("stays breached when a ticket solved late is reopened and solved again", () => {
    const history: SlaHistoryEvent[] = [
      createdUrgent,
      { at: monday("09:30"), type: "agent_reply" },
      { at: monday("14:00"), type: "status", to: "resolved" },
      { at: monday("15:00"), type: "status", to: "open" },
      { at: monday("15:05"), type: "status", to: "closed" },
    ];
    const result = computeSla({ policy: policy(), history, now: tuesday("09:00") });
    expect(result.resolution).toMatchObject({
      state: "breached",
      breachedAt: monday("13:00"),
      metAt: monday("15:05"),
    });
  });

  it("reopened into Pending stays paused until the ticket is worked on", () => {
    const history: SlaHistoryEvent[] = [
      createdUrgent,
      { at: monday("10:00"), type: "status", to: "resolved" },
      { at: monday("11:00"), type: "status", to: "pending" },
      { at: monday("12:00"), type: "status", to: "in_progress" },
    ];
    const result = computeSla({ policy: policy(), history, now: monday("12:00") });
    // 1 h used, resolved 10–11 (not counted, not a pause), Pending 11–12 (paused): 3 h left from 12:00.
    expect(result.resolution).toMatchObject({
      state: "ok",
      dueAt: monday("15:00"),
      pausedMinutes: 60,
    });
  });
});

describe("re-targeting", () => {
  it("a priority change mid-flight uses the new targets from the original start", () => {
    const history: SlaHistoryEvent[] = [
      { at: monday("09:00"), type: "created", priority: "low" },
      { at: monday("09:30"), type: "agent_reply" },
      { at: monday("10:00"), type: "priority", to: "urgent" },
    ];
    const before = computeSla({
      policy: policy(),
      history: history.slice(0, 2),
      now: monday("09:45"),
    });
    expect(before.resolution.dueAt).toEqual(at("2026-04-03T17:00:00+02:00"));
    const after = computeSla({ policy: policy(), history, now: monday("10:00") });
    expect(after.priority).toBe("urgent");
    expect(after.resolution).toMatchObject({
      targetMinutes: 240,
      dueAt: monday("13:00"),
      remainingMinutes: 180,
    });
    // The first response was met under Low (8 h) and keeps that target.
    expect(after.firstResponse).toMatchObject({ state: "met", targetMinutes: 480 });
  });

  it("a change to a priority without targets switches the clock off", () => {
    const history: SlaHistoryEvent[] = [
      createdUrgent,
      { at: monday("09:10"), type: "priority", to: "medium" },
    ];
    const result = computeSla({ policy: policy(), history, now: monday("11:00") });
    expect(result.resolution).toMatchObject({ state: "none", targetMinutes: null, dueAt: null });
    expect(result.state).toBe("none");
    expect(result.timeline).toEqual([]);
  });

  it("an edited policy recomputes from the same history", () => {
    const history: SlaHistoryEvent[] = [createdUrgent];
    const original = computeSla({ policy: policy(), history, now: monday("09:30") });
    const edited = computeSla({
      policy: policy({ targets: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 600 } } }),
      history,
      now: monday("09:30"),
    });
    expect(original.resolution.dueAt).toEqual(monday("13:00"));
    expect(edited.resolution.dueAt).toEqual(tuesday("11:00"));
    expect(edited.firstResponse.state).toBe("breached");
  });

  it("a category change re-selects the policy and the clocks follow the new one", () => {
    const policies = [
      slaPolicySchema.parse({
        ...policyInput(1, 0),
        conditions: { categoryIds: [5] },
        targets: { urgent: { resolutionMinutes: 60 } },
      }),
      slaPolicySchema.parse({
        ...policyInput(2, 1),
        targets: { urgent: { resolutionMinutes: 480 } },
      }),
    ];
    const ticket: SlaTicketAttributes = {
      priority: "urgent",
      categoryId: null,
      teamId: null,
      mailboxId: null,
      channel: "email",
    };
    const general = selectPolicy(policies, ticket);
    const billing = selectPolicy(policies, { ...ticket, categoryId: 5 });
    expect(general?.id).toBe(2);
    expect(billing?.id).toBe(1);
    const now = monday("09:30");
    expect(computeSla({ policy: general, history: [createdUrgent], now }).resolution.dueAt).toEqual(
      monday("17:00"),
    );
    expect(computeSla({ policy: billing, history: [createdUrgent], now }).resolution.dueAt).toEqual(
      monday("10:00"),
    );
  });
});

function policyInput(id: number, position: number): SlaPolicyInput {
  return { id, name: `Policy ${id}`, position, targets: {}, calendar: { kind: "calendar" } };
}

describe("inputs", () => {
  it("without a policy every clock is none", () => {
    const result = computeSla({ policy: null, history: [createdUrgent], now: monday("12:00") });
    expect(result).toMatchObject({
      policyId: null,
      state: "none",
      nextCheckAt: null,
      timeline: [],
    });
  });

  it("ignores events after now, so the past can be replayed", () => {
    const history: SlaHistoryEvent[] = [
      createdUrgent,
      { at: monday("09:30"), type: "agent_reply" },
    ];
    const result = computeSla({ policy: policy(), history, now: monday("09:15") });
    expect(result.firstResponse).toMatchObject({ state: "ok", metAt: null });
  });

  it("requires a created event", () => {
    expect(() => computeSla({ policy: policy(), history: [], now: monday("09:00") })).toThrow(
      /created/,
    );
  });

  it("uses calendar hours across the weekend when the policy says so", () => {
    const roundTheClock = policy({ calendar: { kind: "calendar" } });
    const friday: SlaHistoryEvent = {
      at: at("2026-03-27T16:30:00+01:00"),
      type: "created",
      priority: "urgent",
    };
    const result = computeSla({
      policy: roundTheClock,
      history: [friday],
      now: at("2026-03-27T16:31:00+01:00"),
    });
    expect(result.resolution.dueAt).toEqual(at("2026-03-27T20:30:00+01:00"));
  });
});

describe("policy selection", () => {
  const ticket: SlaTicketAttributes = {
    priority: "high",
    categoryId: 3,
    teamId: 2,
    mailboxId: 1,
    channel: "chat",
  };
  const make = (id: number, position: number, conditions: SlaPolicyInput["conditions"]) =>
    slaPolicySchema.parse({ ...policyInput(id, position), conditions });

  it("takes the first match by position, then id", () => {
    const policies = [
      make(3, 2, {}),
      make(2, 1, { channels: ["email"] }),
      make(1, 1, { teamIds: [2] }),
      make(4, 1, {}),
    ];
    expect(selectPolicy(policies, ticket)?.id).toBe(1);
    expect(selectPolicy(policies, { ...ticket, teamId: null })?.id).toBe(4);
  });

  it("requires every listed condition and treats empty lists as any", () => {
    const strict = make(1, 0, {
      priorities: ["high", "urgent"],
      categoryIds: [3],
      mailboxIds: [],
      channels: ["chat"],
    });
    expect(selectPolicy([strict], ticket)?.id).toBe(1);
    expect(selectPolicy([strict], { ...ticket, priority: "low" })).toBeNull();
    expect(selectPolicy([strict], { ...ticket, categoryId: null })).toBeNull();
  });

  it("validates targets and warnings", () => {
    const base = policyInput(1, 0);
    expect(
      slaPolicySchema.safeParse({ ...base, targets: { urgent: { resolutionMinutes: 0 } } }).success,
    ).toBe(false);
    expect(
      slaPolicySchema.safeParse({ ...base, targets: { blocker: { resolutionMinutes: 5 } } })
        .success,
    ).toBe(false);
    expect(slaPolicySchema.safeParse({ ...base, warn: { percentElapsed: 120 } }).success).toBe(
      false,
    );
    expect(slaPolicySchema.safeParse({ ...base, name: " " }).success).toBe(false);
  });
});

/**
 * Property-based tests of the SLA calendar and engine over random calendars (zones with DST, half-hour
 * offsets and half-hour DST shifts), random holidays, random starts and random ticket histories.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ticketPriorities, ticketStatuses, type TicketStatus } from "@/db/schema/enum-values";
import {
  addWorkingMinutes,
  addWorkingMs,
  businessCalendarSchema,
  isWorkingTime,
  nextWorkingInstant,
  weekdays,
  workingMinutesBetween,
  workingMsBetween,
  type BusinessCalendar,
} from "@/lib/sla/calendar";
import { computeSla, slaMetrics, type SlaHistoryEvent, type SlaResult } from "@/lib/sla/engine";
import { slaPolicySchema, type SlaPolicy } from "@/lib/sla/policy";
import { offsetMsAt, zonedParts } from "@/lib/sla/time-zone";

const RUNS = 300;
const DAY_MS = 86_400_000;
const zones = [
  "Europe/Berlin",
  "America/New_York",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "UTC",
] as const;
// 2025-01-01 … 2027-12-31: several DST transitions in every zone that has them.
const minTime = Date.UTC(2025, 0, 1);
const maxTime = Date.UTC(2027, 11, 31);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Up to three non-overlapping periods a day, from sorted distinct boundaries. */
const dayPeriods = fc
  .uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 })
  .map((boundaries) => {
    const sorted = [...boundaries].sort((a, b) => a - b);
    const periods: Array<{ start: string; end: string }> = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      periods.push({ start: hhmm(sorted[i] ?? 0), end: hhmm(sorted[i + 1] ?? 0) });
    }
    return periods;
  });

const businessCalendar = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    weekly: fc.tuple(
      dayPeriods,
      dayPeriods,
      dayPeriods,
      dayPeriods,
      dayPeriods,
      dayPeriods,
      dayPeriods,
    ),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 3 * 366 }), { maxLength: 40 }),
    // Guarantees a working period even when every generated day came out empty.
    fallbackDay: fc.constantFrom(...weekdays),
  })
  .map(({ timeZone, weekly, holidays, fallbackDay }) => {
    const days = weekly.map((periods, day) =>
      day === fallbackDay && weekly.every((p) => p.length === 0)
        ? [{ start: "10:00", end: "10:45" }]
        : periods,
    );
    return businessCalendarSchema.parse({
      kind: "business",
      timeZone,
      weekly: Object.fromEntries(days.map((periods, day) => [day, periods])),
      holidays: holidays.map((offset) =>
        new Date(minTime + offset * DAY_MS).toISOString().slice(0, 10),
      ),
    });
  });

const anyCalendar: fc.Arbitrary<BusinessCalendar> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<BusinessCalendar>({ kind: "calendar" }) },
  { weight: 5, arbitrary: businessCalendar },
);

const instant = fc.integer({ min: minTime, max: maxTime });

function weeklyWorkingMinutes(calendar: BusinessCalendar): number {
  if (calendar.kind === "calendar") return 7 * 24 * 60;
  let total = 0;
  for (const day of weekdays) {
    for (const { start, end } of calendar.weekly[day]) {
      const [sh = 0, sm = 0] = start.split(":").map(Number);
      const [eh = 0, em = 0] = end.split(":").map(Number);
      total += eh * 60 + em - (sh * 60 + sm);
    }
  }
  return total;
}

/** Keeps scans short for sparse calendars: about six weeks of that calendar's working time. */
const calendarWithMinutes = fc
  .tuple(anyCalendar, fc.integer({ min: 0, max: 1_000_000 }))
  .map(([calendar, raw]) => ({
    calendar,
    minutes: raw % (weeklyWorkingMinutes(calendar) * 6 + 1),
  }));

describe("calendar properties", () => {
  it("workingMinutesBetween(s, addWorkingMinutes(s, n)) === n", () => {
    fc.assert(
      fc.property(calendarWithMinutes, instant, ({ calendar, minutes }, start) => {
        const end = addWorkingMinutes(new Date(start), minutes, calendar);
        expect(workingMinutesBetween(new Date(start), end, calendar)).toBe(minutes);
      }),
      { numRuns: RUNS },
    );
  });

  it("more minutes never give an earlier instant", () => {
    fc.assert(
      fc.property(
        calendarWithMinutes,
        fc.integer({ min: 0, max: 600 }),
        instant,
        ({ calendar, minutes }, extra, start) => {
          const a = addWorkingMs(start, minutes * 60_000, calendar);
          const b = addWorkingMs(start, (minutes + extra) * 60_000, calendar);
          expect(b).toBeGreaterThanOrEqual(a);
          if (extra > 0) expect(b).toBeGreaterThan(a);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the result is working time or the closing boundary of a period", () => {
    fc.assert(
      fc.property(calendarWithMinutes, instant, ({ calendar, minutes }, start) => {
        const end = addWorkingMinutes(new Date(start), minutes, calendar);
        const justBefore = new Date(end.getTime() - 1);
        expect(
          isWorkingTime(end, calendar) || (minutes > 0 && isWorkingTime(justBefore, calendar)),
        ).toBe(true);
        expect(end.getTime()).toBeGreaterThanOrEqual(start);
      }),
      { numRuns: RUNS },
    );
  });

  it("the next working instant is working time and none is skipped", () => {
    fc.assert(
      fc.property(anyCalendar, instant, (calendar, start) => {
        const next = nextWorkingInstant(new Date(start), calendar);
        expect(isWorkingTime(next, calendar)).toBe(true);
        expect(workingMsBetween(start, next.getTime(), calendar)).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("working time is additive: between(a, c) = between(a, b) + between(b, c)", () => {
    fc.assert(
      fc.property(
        anyCalendar,
        fc.array(instant, { minLength: 3, maxLength: 3 }),
        (calendar, points) => {
          const [a = 0, b = 0, c = 0] = [...points].sort((x, y) => x - y);
          expect(workingMsBetween(a, c, calendar)).toBe(
            workingMsBetween(a, b, calendar) + workingMsBetween(b, c, calendar),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a round-the-clock week in any zone is exactly elapsed time, DST nights included", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        instant,
        fc.integer({ min: 0, max: 40 * 24 * 60 }),
        (timeZone, start, minutes) => {
          const allDay = [{ start: "00:00", end: "24:00" }];
          const calendar = businessCalendarSchema.parse({
            kind: "business",
            timeZone,
            weekly: Object.fromEntries(weekdays.map((day) => [day, allDay])),
            holidays: [],
          });
          expect(workingMsBetween(start, start + minutes * 60_000, calendar)).toBe(
            minutes * 60_000,
          );
          expect(addWorkingMs(start, minutes * 60_000, calendar)).toBe(start + minutes * 60_000);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("agrees with the wall clock away from DST days", () => {
    fc.assert(
      fc.property(businessCalendar, instant, (calendar, t) => {
        if (calendar.kind !== "business") return;
        const tz = calendar.timeZone;
        // Only judge instants whose local day has no offset change (an independent oracle).
        fc.pre(offsetMsAt(t - 2 * DAY_MS, tz) === offsetMsAt(t + 2 * DAY_MS, tz));
        const parts = zonedParts(new Date(t), tz);
        const date = `${parts.year}-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`;
        const minute = parts.hour * 60 + parts.minute;
        const day = parts.weekday as (typeof weekdays)[number];
        const expected =
          !calendar.holidays.includes(date) &&
          calendar.weekly[day].some(({ start, end }) => {
            const [sh = 0, sm = 0] = start.split(":").map(Number);
            const [eh = 0, em = 0] = end.split(":").map(Number);
            return sh * 60 + sm <= minute && minute < eh * 60 + em;
          });
        expect(isWorkingTime(new Date(t), calendar)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const step = fc.record({
  gapMinutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 4000 })),
  event: fc.oneof(
    fc.record({ type: fc.constant("status" as const), to: fc.constantFrom(...ticketStatuses) }),
    fc.record({ type: fc.constant("priority" as const), to: fc.constantFrom(...ticketPriorities) }),
    fc.constant({ type: "customer_message" as const }),
    fc.constant({ type: "agent_reply" as const }),
  ),
});

const targetMinutes = fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined });
const policyArb: fc.Arbitrary<SlaPolicy> = fc
  .record({
    calendar: anyCalendar,
    targets: fc.dictionary(
      fc.constantFrom(...ticketPriorities),
      fc.record({
        firstResponseMinutes: targetMinutes,
        nextResponseMinutes: targetMinutes,
        resolutionMinutes: targetMinutes,
      }),
    ),
    minutesBefore: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    percentElapsed: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  })
  .map(({ calendar, targets, minutesBefore, percentElapsed }) =>
    slaPolicySchema.parse({
      id: 1,
      name: "Random",
      position: 0,
      targets,
      calendar,
      warn: { minutesBefore, percentElapsed },
    }),
  );

const historyArb = fc
  .record({
    created: instant,
    priority: fc.constantFrom(...ticketPriorities),
    steps: fc.array(step, { maxLength: 14 }),
    nowAfterMinutes: fc.integer({ min: 0, max: 20_000 }),
  })
  .map(({ created, priority, steps, nowAfterMinutes }) => {
    const history: SlaHistoryEvent[] = [{ at: new Date(created), type: "created", priority }];
    let t = created;
    for (const { gapMinutes, event } of steps) {
      t += gapMinutes * 60_000;
      history.push({ ...event, at: new Date(t) });
    }
    return { history, now: new Date(created + nowAfterMinutes * 60_000) };
  });

const withoutPauses = (history: SlaHistoryEvent[]): SlaHistoryEvent[] =>
  history.map((event) =>
    event.type === "status" && (["pending", "on_hold"] as TicketStatus[]).includes(event.to)
      ? { ...event, to: "open" }
      : event,
  );

function metricResults(result: SlaResult) {
  return slaMetrics.map((metric) => result[metric]);
}

describe("engine properties", () => {
  it("is deterministic, never negative and judges breaches by the due time", () => {
    fc.assert(
      fc.property(policyArb, historyArb, (policy, { history, now }) => {
        const result = computeSla({ policy, history, now });
        expect(computeSla({ policy, history, now })).toEqual(result);

        for (const metric of metricResults(result)) {
          expect(metric.pausedMinutes).toBeGreaterThanOrEqual(0);
          if (metric.state === "none") continue;
          const { dueAt, metAt } = metric;
          if (metric.state === "paused") expect(dueAt).toBeNull();
          if (dueAt && !metAt) {
            // Never answered / resolved yet: breached exactly when now has reached the due time.
            expect(metric.state === "breached").toBe(now >= dueAt);
          }
          if (dueAt && metAt) {
            expect(metric.state).toBe(metAt < dueAt ? "met" : "breached");
          }
          if (metric.state === "breached") expect(metric.breachedAt).toEqual(dueAt);
        }
        for (const entry of result.timeline)
          expect(entry.at.getTime()).toBeLessThanOrEqual(now.getTime());
        const times = result.timeline.map((entry) => entry.at.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
        if (result.nextCheckAt) expect(result.nextCheckAt.getTime()).toBeGreaterThan(now.getTime());
      }),
      { numRuns: RUNS },
    );
  });

  it("pauses never bring a due time forward", () => {
    fc.assert(
      fc.property(policyArb, historyArb, (policy, { history, now }) => {
        const paused = computeSla({ policy, history, now });
        const unpaused = computeSla({ policy, history: withoutPauses(history), now });
        for (const metric of slaMetrics) {
          const withPause = paused[metric].dueAt;
          const without = unpaused[metric].dueAt;
          if (withPause && without)
            expect(withPause.getTime()).toBeGreaterThanOrEqual(without.getTime());
        }
        expect(unpaused.resolution.pausedMinutes).toBe(0);
        expect(unpaused.nextResponse.pausedMinutes).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("a pause that ended before the due time moves it by exactly the paused working time", () => {
    fc.assert(
      fc.property(
        policyArb,
        instant,
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        (policy, created, pauseAfter, pauseFor) => {
          const target = policy.targets.urgent?.resolutionMinutes;
          fc.pre(target !== undefined);
          const pauseStart = created + pauseAfter * 60_000;
          const pauseEnd = pauseStart + pauseFor * 60_000;
          const history: SlaHistoryEvent[] = [
            { at: new Date(created), type: "created", priority: "urgent" },
            { at: new Date(pauseStart), type: "status", to: "on_hold" },
            { at: new Date(pauseEnd), type: "status", to: "open" },
          ];
          const result = computeSla({ policy, history, now: new Date(pauseEnd) });
          const usedBeforePause = workingMsBetween(created, pauseStart, policy.calendar);
          fc.pre(usedBeforePause < target * 60_000);
          const pausedMs = workingMsBetween(pauseStart, pauseEnd, policy.calendar);
          expect(result.resolution.pausedMinutes).toBe(pausedMs / 60_000);
          expect(result.resolution.dueAt?.getTime()).toBe(
            addWorkingMs(pauseEnd, target * 60_000 - usedBeforePause, policy.calendar),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a metric met before its due time is met, and reported identically later", () => {
    fc.assert(
      fc.property(
        policyArb,
        historyArb,
        fc.integer({ min: 0, max: 50_000 }),
        (policy, { history, now }, later) => {
          const result = computeSla({ policy, history, now });
          const afterwards = computeSla({
            policy,
            history,
            now: new Date(now.getTime() + later * 60_000),
          });
          // The first response cannot change once it stopped (no later event reaches it).
          if (result.firstResponse.metAt)
            expect(afterwards.firstResponse).toEqual(result.firstResponse);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

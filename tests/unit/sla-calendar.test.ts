import { describe, expect, it } from "vitest";
import {
  addWorkingMinutes,
  businessCalendarSchema,
  calendarHours,
  isWorkingTime,
  nextWorkingInstant,
  workingMinutesBetween,
  type BusinessPeriod,
} from "@/lib/sla/calendar";
import { instantFromZoned, isValidTimeZone, zonedParts } from "@/lib/sla/time-zone";

const at = (iso: string) => new Date(iso);

function everyDay(timeZone: string, periods: BusinessPeriod[], holidays: string[] = []) {
  return businessCalendarSchema.parse({
    kind: "business",
    timeZone,
    weekly: { 0: periods, 1: periods, 2: periods, 3: periods, 4: periods, 5: periods, 6: periods },
    holidays,
  });
}

const weekdays = (timeZone: string, periods: BusinessPeriod[], holidays: string[] = []) =>
  businessCalendarSchema.parse({
    kind: "business",
    timeZone,
    weekly: { 1: periods, 2: periods, 3: periods, 4: periods, 5: periods },
    holidays,
  });

describe("time zones", () => {
  it("validates zone names", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });

  it("reads wall-clock parts", () => {
    expect(zonedParts(at("2026-03-29T00:59:59Z"), "Europe/Berlin")).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 1,
      minute: 59,
      second: 59,
      weekday: 0,
    });
    expect(zonedParts(at("2026-03-29T01:00:00Z"), "Europe/Berlin").hour).toBe(3);
    expect(zonedParts(at("2026-01-01T00:00:00Z"), "Asia/Kolkata")).toMatchObject({
      hour: 5,
      minute: 30,
    });
  });

  it("resolves ordinary wall times, gaps (forward to the transition) and overlaps (first)", () => {
    const berlin = (day: number, month: number, hour: number, minute: number) =>
      instantFromZoned({ year: 2026, month, day, hour, minute }, "Europe/Berlin");
    expect(berlin(27, 3, 16, 30)).toEqual(at("2026-03-27T16:30:00+01:00"));
    expect(berlin(30, 3, 9, 0)).toEqual(at("2026-03-30T09:00:00+02:00"));
    // 02:30 does not exist on 2026-03-29: the clock jumps from 02:00 CET to 03:00 CEST.
    expect(berlin(29, 3, 2, 30)).toEqual(at("2026-03-29T03:00:00+02:00"));
    expect(berlin(29, 3, 2, 0)).toEqual(at("2026-03-29T03:00:00+02:00"));
    // 02:30 happens twice on 2026-10-25: first in CEST.
    expect(berlin(25, 10, 2, 30)).toEqual(at("2026-10-25T02:30:00+02:00"));
    expect(berlin(25, 10, 3, 0)).toEqual(at("2026-10-25T03:00:00+01:00"));
    // Lord Howe moves by half an hour: 02:00 → 02:30 on 2026-10-04.
    expect(
      instantFromZoned(
        { year: 2026, month: 10, day: 4, hour: 2, minute: 15 },
        "Australia/Lord_Howe",
      ),
    ).toEqual(at("2026-10-04T02:30:00+11:00"));
  });
});

describe("calendar schema", () => {
  const base = { kind: "business", timeZone: "Europe/Berlin", holidays: [] };
  it("accepts a normal week and fills missing days", () => {
    const parsed = businessCalendarSchema.parse({
      ...base,
      weekly: { 1: [{ start: "09:00", end: "17:00" }] },
    });
    expect(parsed).toMatchObject({
      weekly: { 0: [], 1: [{ start: "09:00", end: "17:00" }], 6: [] },
    });
  });

  it.each([
    ["no working period", { ...base, weekly: {} }],
    ["end before start", { ...base, weekly: { 1: [{ start: "17:00", end: "09:00" }] } }],
    [
      "overlapping periods",
      {
        ...base,
        weekly: {
          1: [
            { start: "09:00", end: "13:00" },
            { start: "12:00", end: "17:00" },
          ],
        },
      },
    ],
    ["bad time", { ...base, weekly: { 1: [{ start: "9:00", end: "17:00" }] } }],
    [
      "unknown zone",
      { ...base, timeZone: "Europe/Atlantis", weekly: { 1: [{ start: "09:00", end: "17:00" }] } },
    ],
    [
      "bad holiday",
      { ...base, holidays: ["2026-02-30"], weekly: { 1: [{ start: "09:00", end: "17:00" }] } },
    ],
  ])("rejects %s", (_label, input) => {
    expect(businessCalendarSchema.safeParse(input).success).toBe(false);
  });

  it("accepts touching periods and a period to midnight", () => {
    const input = {
      ...base,
      weekly: {
        1: [
          { start: "12:00", end: "24:00" },
          { start: "08:00", end: "12:00" },
        ],
      },
    };
    expect(businessCalendarSchema.safeParse(input).success).toBe(true);
  });
});

describe("calendar hours", () => {
  it("adds plain elapsed time, exact across the spring-forward night", () => {
    // Saturday 23:00 CET + 4 h is 04:00 CEST: four real hours, though the wall clock moved five.
    const start = at("2026-03-28T23:00:00+01:00");
    expect(addWorkingMinutes(start, 240, calendarHours)).toEqual(at("2026-03-29T04:00:00+02:00"));
    expect(workingMinutesBetween(start, at("2026-03-29T04:00:00+02:00"), calendarHours)).toBe(240);
  });

  it("adds plain elapsed time, exact across the fall-back night", () => {
    const start = at("2026-10-24T23:00:00+02:00");
    expect(addWorkingMinutes(start, 240, calendarHours)).toEqual(at("2026-10-25T02:00:00+01:00"));
  });

  it("is the same in a round-the-clock business calendar across DST", () => {
    const allDay = everyDay("Europe/Berlin", [{ start: "00:00", end: "24:00" }]);
    const start = at("2026-03-28T23:00:00+01:00");
    expect(addWorkingMinutes(start, 240, allDay)).toEqual(at("2026-03-29T04:00:00+02:00"));
    const fall = at("2026-10-24T23:00:00+02:00");
    expect(addWorkingMinutes(fall, 240, allDay)).toEqual(at("2026-10-25T02:00:00+01:00"));
    expect(
      workingMinutesBetween(
        at("2026-03-29T00:00:00+01:00"),
        at("2026-03-30T00:00:00+02:00"),
        allDay,
      ),
    ).toBe(23 * 60);
    expect(
      workingMinutesBetween(
        at("2026-10-25T00:00:00+02:00"),
        at("2026-10-26T00:00:00+01:00"),
        allDay,
      ),
    ).toBe(25 * 60);
  });
});

describe("business hours", () => {
  const office = weekdays("Europe/Berlin", [{ start: "09:00", end: "17:00" }], ["2026-04-03"]);

  it("starts the clock at the next opening", () => {
    expect(nextWorkingInstant(at("2026-03-28T11:00:00+01:00"), office)).toEqual(
      at("2026-03-30T09:00:00+02:00"),
    );
    expect(nextWorkingInstant(at("2026-03-30T08:59:00+02:00"), office)).toEqual(
      at("2026-03-30T09:00:00+02:00"),
    );
    expect(nextWorkingInstant(at("2026-03-30T10:00:00+02:00"), office)).toEqual(
      at("2026-03-30T10:00:00+02:00"),
    );
    expect(nextWorkingInstant(at("2026-04-02T17:00:00+02:00"), office)).toEqual(
      at("2026-04-06T09:00:00+02:00"),
    );
  });

  it("treats a period's start as working and its end as closed", () => {
    expect(isWorkingTime(at("2026-03-30T09:00:00+02:00"), office)).toBe(true);
    expect(isWorkingTime(at("2026-03-30T16:59:59+02:00"), office)).toBe(true);
    expect(isWorkingTime(at("2026-03-30T17:00:00+02:00"), office)).toBe(false);
    expect(isWorkingTime(at("2026-04-03T10:00:00+02:00"), office)).toBe(false);
    expect(isWorkingTime(at("2026-03-28T10:00:00+01:00"), office)).toBe(false);
  });

  it("lands on a closing time when the minutes run out exactly there", () => {
    expect(addWorkingMinutes(at("2026-03-30T16:00:00+02:00"), 60, office)).toEqual(
      at("2026-03-30T17:00:00+02:00"),
    );
    expect(addWorkingMinutes(at("2026-03-30T16:00:00+02:00"), 61, office)).toEqual(
      at("2026-03-31T09:01:00+02:00"),
    );
  });

  it("handles targets of weeks by whole days", () => {
    // Four weeks of 8-hour days from Monday 09:00 ends on the fourth Friday at 17:00, skipping the
    // holiday on Good Friday (one more day: Monday 2026-04-27 17:00).
    const start = at("2026-03-30T09:00:00+02:00");
    expect(addWorkingMinutes(start, 20 * 8 * 60, office)).toEqual(at("2026-04-27T17:00:00+02:00"));
    expect(workingMinutesBetween(start, at("2026-04-27T17:00:00+02:00"), office)).toBe(20 * 8 * 60);
  });

  it("counts periods over midnight and weekends", () => {
    // Night shift: Mon–Fri 22:00–24:00 and Tue–Sat 00:00–06:00 in New York.
    const night = businessCalendarSchema.parse({
      kind: "business",
      timeZone: "America/New_York",
      weekly: {
        1: [{ start: "22:00", end: "24:00" }],
        2: [
          { start: "00:00", end: "06:00" },
          { start: "22:00", end: "24:00" },
        ],
        3: [
          { start: "00:00", end: "06:00" },
          { start: "22:00", end: "24:00" },
        ],
        4: [
          { start: "00:00", end: "06:00" },
          { start: "22:00", end: "24:00" },
        ],
        5: [
          { start: "00:00", end: "06:00" },
          { start: "22:00", end: "24:00" },
        ],
        6: [{ start: "00:00", end: "06:00" }],
      },
      holidays: [],
    });
    // Friday 23:00 + 3 h: one hour Friday night, two hours Saturday morning.
    expect(addWorkingMinutes(at("2026-05-15T23:00:00-04:00"), 180, night)).toEqual(
      at("2026-05-16T02:00:00-04:00"),
    );
    // Saturday 05:00 + 2 h: one hour Saturday, then Monday 22:00 + 1 h.
    expect(addWorkingMinutes(at("2026-05-16T05:00:00-04:00"), 120, night)).toEqual(
      at("2026-05-18T23:00:00-04:00"),
    );
  });

  it("uses the wall-clock hours of a DST day", () => {
    const sunday = (periods: BusinessPeriod[]) =>
      businessCalendarSchema.parse({
        kind: "business",
        timeZone: "Europe/Berlin",
        weekly: { 0: periods },
        holidays: [],
      });
    const spring = [at("2026-03-29T00:00:00+01:00"), at("2026-03-30T00:00:00+02:00")] as const;
    const fall = [at("2026-10-25T00:00:00+02:00"), at("2026-10-26T00:00:00+01:00")] as const;
    // 01:00–04:00 on the spring night is two real hours; on the autumn night four.
    expect(workingMinutesBetween(...spring, sunday([{ start: "01:00", end: "04:00" }]))).toBe(120);
    expect(workingMinutesBetween(...fall, sunday([{ start: "01:00", end: "04:00" }]))).toBe(240);
    // A period inside the skipped hour has no time; one half inside keeps the half that exists.
    expect(workingMinutesBetween(...spring, sunday([{ start: "02:00", end: "03:00" }]))).toBe(0);
    expect(workingMinutesBetween(...spring, sunday([{ start: "02:30", end: "04:00" }]))).toBe(60);
    // Periods after the change follow the new offset: 09:00 CEST, not 09:00 CET.
    const day = sunday([{ start: "09:00", end: "17:00" }]);
    expect(nextWorkingInstant(spring[0], day)).toEqual(at("2026-03-29T09:00:00+02:00"));
    expect(nextWorkingInstant(fall[0], day)).toEqual(at("2026-10-25T09:00:00+01:00"));
    expect(addWorkingMinutes(spring[0], 480, day)).toEqual(at("2026-03-29T17:00:00+02:00"));
  });

  it("handles the half-hour DST shift of Lord Howe Island", () => {
    const allDay = everyDay("Australia/Lord_Howe", [{ start: "00:00", end: "24:00" }]);
    // 2026-04-05: clocks go back from 02:00 (+11) to 01:30 (+10:30): a 24.5-hour day.
    const from = instantFromZoned(
      { year: 2026, month: 4, day: 5, hour: 0, minute: 0 },
      "Australia/Lord_Howe",
    );
    const to = instantFromZoned(
      { year: 2026, month: 4, day: 6, hour: 0, minute: 0 },
      "Australia/Lord_Howe",
    );
    expect(workingMinutesBetween(from, to, allDay)).toBe(24.5 * 60);
  });

  it("rejects negative amounts", () => {
    expect(() => addWorkingMinutes(at("2026-03-30T09:00:00Z"), -1, office)).toThrow(RangeError);
  });

  it("is symmetric for reversed ranges", () => {
    const a = at("2026-03-27T16:30:00+01:00");
    const b = at("2026-03-30T09:30:00+02:00");
    expect(workingMinutesBetween(a, b, office)).toBe(60);
    expect(workingMinutesBetween(b, a, office)).toBe(-60);
  });
});

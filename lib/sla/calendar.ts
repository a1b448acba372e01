/**
 * Business-hours calendars for SLA clocks: a weekly schedule of wall-clock periods in one IANA zone
 * plus holidays, or plain calendar time. Answers "how much working time lies between two instants"
 * and "when will this much working time have elapsed". Pure; steps over whole periods and days.
 *
 * Periods are wall-clock times: on a DST day a `09:00–17:00` period is the hours the office clock
 * shows, so it may last 7 or 9 real hours if a transition falls inside it (see `time-zone.ts` for
 * wall times that do not exist or occur twice). A period's end is exclusive.
 */
import { z } from "zod";
import { instantFromWallMs, isValidTimeZone, offsetMsAt } from "./time-zone";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** No valid calendar needs longer to accumulate a (capped) policy target; guards against loops. */
const MAX_DAYS_SCANNED = 366 * 100;

export const weekdays = [0, 1, 2, 3, 4, 5, 6] as const;
/** 0 = Sunday … 6 = Saturday, like `Date#getDay`. */
export type Weekday = (typeof weekdays)[number];

function minutesOfDay(hhmm: string): number {
  const [hours = "0", minutes = "0"] = hhmm.split(":");
  return Number(hours) * 60 + Number(minutes);
}

export const businessPeriodSchema = z
  .object({
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM between 00:00 and 23:59."),
    end: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Use HH:MM up to 24:00."),
  })
  .refine((period) => minutesOfDay(period.start) < minutesOfDay(period.end), {
    message: "A period must end after it starts.",
    path: ["end"],
  });
export type BusinessPeriod = z.infer<typeof businessPeriodSchema>;

const dayPeriodsSchema = z
  .array(businessPeriodSchema)
  .max(48)
  .default([])
  .superRefine((periods, ctx) => {
    const sorted = periods
      .map((period) => [minutesOfDay(period.start), minutesOfDay(period.end)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (previous && current && current[0] < previous[1]) {
        ctx.addIssue({ code: "custom", message: "Periods on the same day must not overlap." });
        return;
      }
    }
  });

const weeklySchema = z.object({
  0: dayPeriodsSchema,
  1: dayPeriodsSchema,
  2: dayPeriodsSchema,
  3: dayPeriodsSchema,
  4: dayPeriodsSchema,
  5: dayPeriodsSchema,
  6: dayPeriodsSchema,
});

export const businessCalendarSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("calendar") }),
  z
    .object({
      kind: z.literal("business"),
      timeZone: z.string().refine(isValidTimeZone, "Unknown time zone."),
      weekly: weeklySchema,
      /** Whole days off, as dates in the calendar's zone. */
      holidays: z.array(z.iso.date()).max(2000).default([]),
    })
    .refine((calendar) => weekdays.some((day) => calendar.weekly[day].length > 0), {
      message: "Add at least one working period to the week.",
      path: ["weekly"],
    }),
]);
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;

/** Round-the-clock time: working time equals elapsed time. */
export const calendarHours: BusinessCalendar = { kind: "calendar" };

// ---------------------------------------------------------------------------------------------

type Interval = readonly [start: number, end: number];

type CompiledCalendar = {
  timeZone: string;
  /** Per weekday, sorted `[startMinute, endMinute)` pairs. */
  weekly: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  /** Holidays as days since 1970-01-01 in the calendar's zone. */
  holidays: ReadonlySet<number>;
  /** Working intervals (epoch ms) per local day, computed on demand. */
  days: Map<number, readonly Interval[]>;
};

type BusinessHours = Extract<BusinessCalendar, { kind: "business" }>;

// Keyed by content, not identity: a caller that edits a calendar object in place still gets
// answers for the edited calendar.
const compiled = new Map<string, CompiledCalendar>();

function compile(calendar: BusinessHours): CompiledCalendar {
  const key = JSON.stringify([calendar.timeZone, calendar.weekly, calendar.holidays]);
  const hit = compiled.get(key);
  if (hit) return hit;
  const result: CompiledCalendar = {
    timeZone: calendar.timeZone,
    weekly: weekdays.map((day) =>
      calendar.weekly[day]
        .map((period) => [minutesOfDay(period.start), minutesOfDay(period.end)] as const)
        .sort((a, b) => a[0] - b[0]),
    ),
    holidays: new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY_MS)),
    days: new Map(),
  };
  if (compiled.size >= 200) compiled.clear();
  compiled.set(key, result);
  return result;
}

function localEpochDay(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + offsetMsAt(epochMs, timeZone)) / DAY_MS);
}

/** The working intervals of one local day, as epoch-millisecond pairs in ascending order. */
function dayIntervals(cal: CompiledCalendar, epochDay: number): readonly Interval[] {
  const cached = cal.days.get(epochDay);
  if (cached) return cached;
  const intervals: Interval[] = [];
  const periods = cal.weekly[(((epochDay + 4) % 7) + 7) % 7] ?? [];
  if (periods.length > 0 && !cal.holidays.has(epochDay)) {
    const midnight = epochDay * DAY_MS;
    // Offsets lie within −12 h … +14 h, so the day's wall times map to instants in this window.
    // Two transitions that cancel out within 52 hours do not occur in the tz database.
    const offsetBefore = offsetMsAt(midnight - 15 * HOUR_MS, cal.timeZone);
    const offsetAfter = offsetMsAt(midnight + 37 * HOUR_MS, cal.timeZone);
    const toInstant =
      offsetBefore === offsetAfter
        ? (wall: number) => wall - offsetBefore
        : (wall: number) => instantFromWallMs(wall, cal.timeZone);
    for (const [start, end] of periods) {
      const from = toInstant(midnight + start * MINUTE_MS);
      const to = toInstant(midnight + end * MINUTE_MS);
      // A period entirely inside a spring-forward gap has no working time.
      if (to > from) intervals.push([from, to]);
    }
  }
  if (cal.days.size >= 50_000) cal.days.clear();
  cal.days.set(epochDay, intervals);
  return intervals;
}

function assertDuration(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`Working time must be a finite, non-negative amount (got ${ms}).`);
  }
}

/**
 * The instant at which `ms` of working time has elapsed after `startMs`. Outside working hours the
 * clock starts at the next opening, so zero minutes gives the next working instant.
 */
export function addWorkingMs(startMs: number, ms: number, calendar: BusinessCalendar): number {
  assertDuration(ms);
  if (calendar.kind === "calendar") return startMs + ms;
  const cal = compile(calendar);
  let remaining = ms;
  const firstDay = localEpochDay(startMs, cal.timeZone);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SCANNED; day++) {
    for (const [start, end] of dayIntervals(cal, day)) {
      if (end <= startMs) continue;
      const from = Math.max(start, startMs);
      if (remaining <= end - from) return from + remaining;
      remaining -= end - from;
    }
  }
  throw new RangeError("The calendar has too little working time to reach this target.");
}

/** Working time in milliseconds from `aMs` to `bMs` (negative when `bMs` is earlier). */
export function workingMsBetween(aMs: number, bMs: number, calendar: BusinessCalendar): number {
  if (bMs < aMs) return -workingMsBetween(bMs, aMs, calendar);
  if (calendar.kind === "calendar") return bMs - aMs;
  const cal = compile(calendar);
  let total = 0;
  const lastDay = localEpochDay(bMs, cal.timeZone);
  for (let day = localEpochDay(aMs, cal.timeZone); day <= lastDay; day++) {
    for (const [start, end] of dayIntervals(cal, day)) {
      const overlap = Math.min(end, bMs) - Math.max(start, aMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** The instant when `minutes` of working time have elapsed after `start`. */
export function addWorkingMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  return new Date(addWorkingMs(start.getTime(), minutes * MINUTE_MS, calendar));
}

/** Working minutes from `a` to `b` (negative when `b` is earlier; fractional below a minute). */
export function workingMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  return workingMsBetween(a.getTime(), b.getTime(), calendar) / MINUTE_MS;
}

/** Whether the clock runs at this instant (period starts are inclusive, ends exclusive). */
export function isWorkingTime(instant: Date, calendar: BusinessCalendar): boolean {
  if (calendar.kind === "calendar") return true;
  const cal = compile(calendar);
  const t = instant.getTime();
  return dayIntervals(cal, localEpochDay(t, cal.timeZone)).some(
    ([start, end]) => start <= t && t < end,
  );
}

/** `instant` itself during working hours, otherwise the next opening. */
export function nextWorkingInstant(instant: Date, calendar: BusinessCalendar): Date {
  return new Date(addWorkingMs(instant.getTime(), 0, calendar));
}

/**
 * Wall-clock arithmetic in IANA time zones using nothing but `Intl.DateTimeFormat`, for the SLA
 * calendars. Pure and deterministic: the only input besides the arguments is the ICU time-zone
 * database bundled with the runtime.
 *
 * A wall time that does not exist (the hour skipped when clocks spring forward) resolves to the
 * instant of the transition — the first instant whose wall clock is past it — so that a business
 * period `02:30–04:00` on that night covers exactly the wall-clock time that exists (`03:00–04:00`).
 * A wall time that occurs twice (clocks falling back) resolves to its first occurrence.
 */

export type ZonedDateTime = {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  /** 0–59 */
  minute: number;
};

export type ZonedParts = ZonedDateTime & {
  second: number;
  /** 0 = Sunday … 6 = Saturday, like `Date#getDay`. */
  weekday: number;
};

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA zone name (`Europe/Berlin`, `UTC`, …). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "") return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields as `Date.UTC` milliseconds ("local time pretending to be UTC"). */
function wallMs(epochMs: number, timeZone: string): number {
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    switch (part.type) {
      case "year":
        year = Number(part.value);
        break;
      case "month":
        month = Number(part.value);
        break;
      case "day":
        day = Number(part.value);
        break;
      case "hour":
        // Some ICU versions print midnight as "24" even with h23.
        hour = Number(part.value) % 24;
        break;
      case "minute":
        minute = Number(part.value);
        break;
      case "second":
        second = Number(part.value);
        break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in summer: +7,200,000). */
export function offsetMsAt(epochMs: number, timeZone: string): number {
  const wholeSeconds = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wallMs(wholeSeconds, timeZone) - wholeSeconds;
}

/** The wall-clock date and time of an instant in a zone. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const epochMs = instant.getTime();
  const wall = new Date(epochMs + offsetMsAt(epochMs, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay(),
  };
}

/**
 * The instant of a wall time given as `Date.UTC`-style milliseconds. Gap → transition instant,
 * overlap → first occurrence (see the module comment).
 */
export function instantFromWallMs(wall: number, timeZone: string): number {
  // Every offset that could apply is in force somewhere within a day of the wall time.
  const candidates = new Set<number>([
    offsetMsAt(wall - DAY_MS, timeZone),
    offsetMsAt(wall, timeZone),
    offsetMsAt(wall + DAY_MS, timeZone),
  ]);
  for (const offset of [...candidates]) candidates.add(offsetMsAt(wall - offset, timeZone));

  let earliest: number | null = null;
  for (const offset of candidates) {
    const instant = wall - offset;
    if (offsetMsAt(instant, timeZone) === offset && (earliest === null || instant < earliest)) {
      earliest = instant;
    }
  }
  if (earliest !== null) return earliest;

  // In a gap: the offset before the jump is smaller than the one after. The transition lies
  // between `wall - after` (still the old offset) and `wall - before` (already the new one).
  const sorted = [...candidates].sort((a, b) => a - b);
  const before = sorted[0] ?? 0;
  const after = sorted[sorted.length - 1] ?? 0;
  let lo = wall - after;
  let hi = wall - before;
  const offsetAtLo = offsetMsAt(lo, timeZone);
  // Offsets change on whole seconds: search seconds, then return the first second of the new offset.
  lo = Math.floor(lo / 1000);
  hi = Math.ceil(hi / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMsAt(mid * 1000, timeZone) === offsetAtLo) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

/** The instant of a wall-clock time in a zone (gap → transition instant, overlap → first). */
export function instantFromZoned(wall: ZonedDateTime, timeZone: string): Date {
  return new Date(
    instantFromWallMs(
      Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute),
      timeZone,
    ),
  );
}

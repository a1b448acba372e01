import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "@/lib/sla/policy-input";
import { describeSla } from "@/lib/sla/sla-text";

const now = Date.parse("2026-03-30T10:00:00Z");
const at = (minutes: number) => new Date(now + minutes * 60_000);

describe("describeSla", () => {
  it("counts down to the nearest due time", () => {
    expect(describeSla("ok", at(45), now)).toEqual({ state: "ok", text: "due in 45 min" });
    expect(describeSla("at_risk", at(90), now)).toEqual({
      state: "at_risk",
      text: "due in 1 h 30 min",
    });
  });

  it("reads a passed due time as breached, even if the stored state is older", () => {
    expect(describeSla("ok", at(-120), now)).toEqual({
      state: "breached",
      text: "breached 2 h ago",
    });
  });

  it("names clocks without a due time and hides tickets without an SLA", () => {
    expect(describeSla("paused", null, now)?.text).toBe("paused");
    expect(describeSla("met", null, now)?.text).toBe("met");
    expect(describeSla(null, null, now)).toBeNull();
    expect(describeSla("none", null, now)).toBeNull();
  });
});

describe("parseDuration", () => {
  it("reads minutes and the 1h 30m notation", () => {
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("1h 30m")).toBe(90);
    expect(parseDuration("2h")).toBe(120);
    expect(parseDuration("45 min")).toBe(45);
    expect(parseDuration("  ")).toBeUndefined();
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("h")).toBeNull();
  });

  it("round-trips with formatDuration", () => {
    for (const minutes of [1, 45, 60, 90, 1440]) {
      expect(parseDuration(formatDuration(minutes))).toBe(minutes);
    }
  });
});

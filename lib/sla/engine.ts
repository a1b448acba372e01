/**
 * The SLA engine: a pure function of a ticket's history (creation, status changes, priority
 * changes, customer messages, public agent replies), one policy and "now". It owns the clock rules;
 * callers own storage and timers. See docs/sla.md for the rules in prose.
 *
 * Clocks:
 * - first response: creation → first public agent reply. Never paused.
 * - next response: oldest unanswered customer message after the first response → next public
 *   agent reply. Paused in Pending / On Hold. One cycle per unanswered batch of messages.
 * - resolution: creation → Resolved/Closed. Paused in Pending / On Hold; a reopen continues with the
 *   working time already used.
 * Resolving or closing a ticket fulfils a running response clock (the customer is not waiting for
 * an answer on a solved ticket). Working and paused time are measured on the policy's calendar.
 */
import type { TicketPriority, TicketStatus } from "@/db/schema/enum-values";
import { pausedStatuses } from "@/lib/tickets/status";
import { addWorkingMs, workingMsBetween, type BusinessCalendar } from "./calendar";
import type { SlaPolicy, SlaTargets, SlaWarning } from "./policy";

const MINUTE_MS = 60_000;

export type SlaHistoryEvent =
  | { at: Date; type: "created"; priority: TicketPriority; status?: TicketStatus }
  | { at: Date; type: "status"; to: TicketStatus }
  | { at: Date; type: "priority"; to: TicketPriority }
  | { at: Date; type: "customer_message" }
  /** Public replies only: internal notes and system messages do not answer the customer. */
  | { at: Date; type: "agent_reply" };

export const slaMetrics = ["firstResponse", "nextResponse", "resolution"] as const;
export type SlaMetric = (typeof slaMetrics)[number];

export const slaStates = ["ok", "at_risk", "breached", "paused", "met", "none"] as const;
export type SlaState = (typeof slaStates)[number];

export type SlaMetricResult = {
  state: SlaState;
  /** Target for the priority in force when the clock stopped (or now); null = no target. */
  targetMinutes: number | null;
  /** When the clock (or the current next-response cycle) started; null if it never started. */
  startedAt: Date | null;
  /**
   * When the target is (or was) reached. For a running clock: assuming no further pause. Met:
   * where it would have fallen. Paused before reaching it: null, because it depends on the resume.
   */
  dueAt: Date | null;
  /** When the warning threshold is (or was) reached; null without a warning or while paused. */
  warnAt: Date | null;
  /** Working time spent in Pending / On Hold, up to now or until the clock stopped. */
  pausedMinutes: number;
  /** Working minutes left until due (negative when overdue); null once the clock stopped. */
  remainingMinutes: number | null;
  /** When the clock stopped (reply, or Resolved/Closed); null while it runs or is paused. */
  metAt: Date | null;
  /** The due time, if the target was reached before the clock stopped. */
  breachedAt: Date | null;
};

export type SlaTimelineEvent = "started" | "paused" | "resumed" | "warned" | "breached" | "met";
export type SlaTimelineEntry = { at: Date; metric: SlaMetric; event: SlaTimelineEvent };

export type SlaResult = {
  policyId: number | null;
  /** Priority at `now`. */
  priority: TicketPriority;
  /** The worst metric state: breached > at_risk > ok > paused > met > none. */
  state: SlaState;
  firstResponse: SlaMetricResult;
  /** The current next-response cycle, or the last one if none is open. */
  nextResponse: SlaMetricResult;
  resolution: SlaMetricResult;
  /** The next instant after `now` at which a state changes by itself (warning or breach). */
  nextCheckAt: Date | null;
  /** Every start, pause, resume, warning, breach and stop so far, in time order. */
  timeline: SlaTimelineEntry[];
};

export type ComputeSlaInput = {
  /** The policy selected for the ticket's current attributes; null = no SLA. */
  policy: Pick<SlaPolicy, "id" | "targets" | "calendar" | "warn"> | null;
  history: readonly SlaHistoryEvent[];
  now: Date;
};

// ---------------------------------------------------------------------------------------------

type ClockMode = "running" | "paused" | "stopped";
type Span = { from: number; to: number | null; paused: boolean };
type Mark = { at: number; event: SlaTimelineEvent };

type Clock = {
  startedAt: number;
  mode: ClockMode;
  spans: Span[];
  marks: Mark[];
  /** When the clock last stopped; null while it runs or is paused. */
  stoppedAt: number | null;
};

function startClock(at: number, mode: "running" | "paused"): Clock {
  const clock: Clock = { startedAt: at, mode, spans: [], marks: [], stoppedAt: null };
  clock.spans.push({ from: at, to: null, paused: mode === "paused" });
  clock.marks.push({ at, event: "started" });
  if (mode === "paused") clock.marks.push({ at, event: "paused" });
  return clock;
}

function setMode(clock: Clock, at: number, next: ClockMode): void {
  const previous = clock.mode;
  if (previous === next) return;
  const open = clock.spans[clock.spans.length - 1];
  if (previous !== "stopped" && open && open.to === null) open.to = at;
  if (next !== "stopped") clock.spans.push({ from: at, to: null, paused: next === "paused" });

  if (next === "stopped") clock.marks.push({ at, event: "met" });
  else if (next === "paused" && previous === "running") clock.marks.push({ at, event: "paused" });
  else if (next === "running") clock.marks.push({ at, event: "resumed" });
  // stopped → paused (reopened into Pending): the clock is still not running, nothing to mark.

  clock.stoppedAt = next === "stopped" ? at : null;
  clock.mode = next;
}

const stoppedStatuses: readonly TicketStatus[] = ["resolved", "closed"];

function isStopped(status: TicketStatus): boolean {
  return stoppedStatuses.includes(status);
}

function pausableMode(status: TicketStatus): "running" | "paused" {
  return pausedStatuses.includes(status) ? "paused" : "running";
}

/** Same-instant order: creation, priority changes, status changes, then messages in input order. */
const eventRank: Record<SlaHistoryEvent["type"], number> = {
  created: 0,
  priority: 1,
  status: 2,
  customer_message: 3,
  agent_reply: 3,
};

function timeOf(date: Date, what: string): number {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`Invalid date for ${what}.`);
  return t;
}

type Evaluation = SlaMetricResult & { running: boolean };

function evaluateClock(
  clock: Clock | null,
  targetMinutes: number | null,
  warn: SlaWarning,
  now: number,
  calendar: BusinessCalendar,
): Evaluation {
  const empty: Evaluation = {
    state: "none",
    targetMinutes,
    startedAt: clock ? new Date(clock.startedAt) : null,
    dueAt: null,
    warnAt: null,
    pausedMinutes: 0,
    remainingMinutes: null,
    metAt: clock?.stoppedAt != null ? new Date(clock.stoppedAt) : null,
    breachedAt: null,
    running: false,
  };
  if (!clock) return empty;

  let elapsed = 0;
  let paused = 0;
  for (const span of clock.spans) {
    const worked = workingMsBetween(span.from, span.to ?? now, calendar);
    if (span.paused) paused += worked;
    else elapsed += worked;
  }
  empty.pausedMinutes = paused / MINUTE_MS;
  if (targetMinutes === null) return empty;

  const target = targetMinutes * MINUTE_MS;
  /** The instant running working time reaches `threshold`, if it did (or will, while running). */
  const reach = (threshold: number): number | null => {
    let used = 0;
    for (const span of clock.spans) {
      if (span.paused) continue;
      const worked = workingMsBetween(span.from, span.to ?? now, calendar);
      if (used + worked > threshold || (worked > 0 && used + worked === threshold)) {
        return addWorkingMs(span.from, threshold - used, calendar);
      }
      used += worked;
    }
    return clock.mode === "running" ? addWorkingMs(now, threshold - used, calendar) : null;
  };

  let warnThreshold: number | null = null;
  if (warn.minutesBefore !== undefined) warnThreshold = target - warn.minutesBefore * MINUTE_MS;
  if (warn.percentElapsed !== undefined) {
    const byShare = Math.round((target * warn.percentElapsed) / 100);
    warnThreshold = warnThreshold === null ? byShare : Math.min(warnThreshold, byShare);
  }
  if (warnThreshold !== null) warnThreshold = Math.max(0, Math.min(target, warnThreshold));

  const reachedDue = reach(target);
  const reachedWarn = warnThreshold === null ? null : reach(warnThreshold);
  const result: Evaluation = { ...empty, state: "ok" };

  if (clock.mode === "stopped" && clock.stoppedAt !== null) {
    const stoppedAt = clock.stoppedAt;
    result.warnAt = reachedWarn === null ? null : new Date(reachedWarn);
    if (reachedDue !== null) {
      result.state = "breached";
      result.dueAt = result.breachedAt = new Date(reachedDue);
    } else {
      result.state = "met";
      result.dueAt = new Date(addWorkingMs(stoppedAt, target - elapsed, calendar));
    }
    return result;
  }

  result.remainingMinutes = (target - elapsed) / MINUTE_MS;
  if (reachedDue !== null && reachedDue <= now) {
    result.state = "breached";
    result.dueAt = result.breachedAt = new Date(reachedDue);
    result.warnAt = reachedWarn === null ? null : new Date(reachedWarn);
    result.running = clock.mode === "running";
    return result;
  }
  if (clock.mode === "paused") {
    result.state = "paused";
    return result;
  }
  result.running = true;
  result.dueAt = reachedDue === null ? null : new Date(reachedDue);
  result.warnAt = reachedWarn === null ? null : new Date(reachedWarn);
  result.state = reachedWarn !== null && reachedWarn <= now ? "at_risk" : "ok";
  return result;
}

/** Marks plus warning and breach, in time order; computed events go before a pause/stop at the same instant. */
function clockTimeline(
  clock: Clock,
  evaluation: Evaluation,
  metric: SlaMetric,
  now: number,
): SlaTimelineEntry[] {
  const marks = [...clock.marks];
  const insert = (at: number, event: SlaTimelineEvent) => {
    if (at > now) return;
    let index = marks.findIndex(
      (mark) =>
        mark.at > at || (mark.at === at && (mark.event === "paused" || mark.event === "met")),
    );
    if (index === -1) index = marks.length;
    marks.splice(index, 0, { at, event });
  };
  if (evaluation.warnAt) insert(evaluation.warnAt.getTime(), "warned");
  if (evaluation.breachedAt) insert(evaluation.breachedAt.getTime(), "breached");
  return marks.map((mark) => ({ at: new Date(mark.at), metric, event: mark.event }));
}

const stateSeverity: Record<SlaState, number> = {
  breached: 5,
  at_risk: 4,
  ok: 3,
  paused: 2,
  met: 1,
  none: 0,
};

function worstState(states: readonly SlaState[]): SlaState {
  return states.reduce<SlaState>(
    (worst, state) => (stateSeverity[state] > stateSeverity[worst] ? state : worst),
    "none",
  );
}

/**
 * Computes every SLA clock of one ticket as of `now`. Events after `now` are ignored, events before
 * creation count as happening at creation, and same-instant events are applied in the order
 * creation → priority → status → messages (messages keep their input order).
 */
export function computeSla({ policy, history, now }: ComputeSlaInput): SlaResult {
  const nowMs = timeOf(now, "now");
  const created = history.find(
    (event): event is Extract<SlaHistoryEvent, { type: "created" }> => event.type === "created",
  );
  if (!created) throw new RangeError("An SLA history starts with a `created` event.");
  const createdAt = timeOf(created.at, "the created event");

  const events = history
    .map((event, index) => ({
      event,
      index,
      at: Math.max(createdAt, timeOf(event.at, `a ${event.type} event`)),
    }))
    .filter(({ event, at }) => at <= nowMs && (event.type !== "created" || event === created))
    .sort(
      (a, b) =>
        a.at - b.at || eventRank[a.event.type] - eventRank[b.event.type] || a.index - b.index,
    );

  const priorities: Array<{ at: number; priority: TicketPriority }> = [];
  let firstResponse: Clock | null = null;
  let resolution: Clock | null = null;
  const nextResponses: Clock[] = [];
  let openNextResponse: Clock | null = null;
  let status: TicketStatus = created.status ?? "open";

  const applyStatus = (at: number) => {
    const stopped = isStopped(status);
    if (resolution) setMode(resolution, at, stopped ? "stopped" : pausableMode(status));
    if (openNextResponse) {
      setMode(openNextResponse, at, stopped ? "stopped" : pausableMode(status));
      if (stopped) openNextResponse = null;
    }
    if (stopped && firstResponse && firstResponse.mode === "running") {
      setMode(firstResponse, at, "stopped");
    }
  };

  for (const { event, at } of events) {
    switch (event.type) {
      case "created":
        priorities.push({ at, priority: event.priority });
        firstResponse = startClock(at, "running");
        resolution = startClock(at, "running");
        applyStatus(at);
        break;
      case "priority":
        priorities.push({ at, priority: event.to });
        break;
      case "status":
        status = event.to;
        applyStatus(at);
        break;
      case "customer_message":
        // Before the first response the first-response clock covers the customer; on a solved
        // ticket nobody owes an answer (a reopening reply comes with its status change first).
        if (firstResponse?.mode === "stopped" && !openNextResponse && !isStopped(status)) {
          openNextResponse = startClock(at, pausableMode(status));
          nextResponses.push(openNextResponse);
        }
        break;
      case "agent_reply":
        if (firstResponse?.mode === "running") setMode(firstResponse, at, "stopped");
        if (openNextResponse) {
          setMode(openNextResponse, at, "stopped");
          openNextResponse = null;
        }
        break;
    }
  }

  const priorityAt = (at: number): TicketPriority => {
    let current = created.priority;
    for (const change of priorities) if (change.at <= at) current = change.priority;
    return current;
  };
  const calendar: BusinessCalendar = policy?.calendar ?? { kind: "calendar" };
  const warn: SlaWarning = policy?.warn ?? {};
  const targetFor = (clock: Clock | null, key: keyof SlaTargets): number | null => {
    if (!policy || !clock) return null;
    const targets = policy.targets[priorityAt(clock.stoppedAt ?? nowMs)];
    return targets?.[key] ?? null;
  };

  const timeline: SlaTimelineEntry[] = [];
  const evaluate = (clock: Clock | null, metric: SlaMetric, key: keyof SlaTargets) => {
    const evaluation = evaluateClock(clock, targetFor(clock, key), warn, nowMs, calendar);
    if (clock && evaluation.state !== "none") {
      timeline.push(...clockTimeline(clock, evaluation, metric, nowMs));
    }
    return evaluation;
  };

  const firstResponseResult = evaluate(firstResponse, "firstResponse", "firstResponseMinutes");
  let nextResponseResult = evaluate(null, "nextResponse", "nextResponseMinutes");
  for (const clock of nextResponses) {
    nextResponseResult = evaluate(clock, "nextResponse", "nextResponseMinutes");
  }
  const resolutionResult = evaluate(resolution, "resolution", "resolutionMinutes");

  const evaluations = [firstResponseResult, nextResponseResult, resolutionResult];
  let nextCheckAt: number | null = null;
  for (const evaluation of evaluations) {
    if (!evaluation.running) continue;
    for (const date of [evaluation.warnAt, evaluation.dueAt]) {
      const t = date?.getTime();
      if (t !== undefined && t > nowMs && (nextCheckAt === null || t < nextCheckAt))
        nextCheckAt = t;
    }
  }

  const metricIndex = (metric: SlaMetric) => slaMetrics.indexOf(metric);
  timeline.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || metricIndex(a.metric) - metricIndex(b.metric),
  );

  const strip = ({ running: _running, ...result }: Evaluation): SlaMetricResult => result;
  return {
    policyId: policy?.id ?? null,
    priority: priorityAt(nowMs),
    state: worstState(evaluations.map((evaluation) => evaluation.state)),
    firstResponse: strip(firstResponseResult),
    nextResponse: strip(nextResponseResult),
    resolution: strip(resolutionResult),
    nextCheckAt: nextCheckAt === null ? null : new Date(nextCheckAt),
    timeline,
  };
}

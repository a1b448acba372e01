/**
 * The "SLA timeline" disclosure on a ticket: each clock's target, due time, paused time and state,
 * then every start, pause, warning, breach and stop in order. Server-rendered from `getTicketSla`.
 */
import { Card, CardContent } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { slaMetrics, type SlaMetric, type SlaState, type SlaTimelineEvent } from "@/lib/sla/engine";
import { formatDuration } from "@/lib/sla/policy-input";
import type { TicketSla } from "@/lib/sla/ticket-sla";

const metricLabels: Record<SlaMetric, string> = {
  firstResponse: "First response",
  nextResponse: "Next response",
  resolution: "Resolution",
};
const stateLabels: Record<SlaState, string> = {
  ok: "On track",
  at_risk: "At risk",
  breached: "Breached",
  paused: "Paused",
  met: "Met",
  none: "No target",
};
const eventLabels: Record<SlaTimelineEvent, string> = {
  started: "started",
  paused: "paused",
  resumed: "resumed",
  warned: "at risk",
  breached: "breached",
  met: "stopped",
};

function Time({ date }: { date: Date | null }) {
  return date ? <LocalTime iso={date.toISOString()} /> : <span>—</span>;
}

export function SlaTimeline({ sla }: { sla: TicketSla }) {
  return (
    <Card>
      <CardContent>
        <details>
          <summary className="cursor-pointer text-sm font-semibold">
            SLA timeline
            {sla.policyName ? (
              <span className="font-normal text-muted-foreground"> · {sla.policyName}</span>
            ) : null}
          </summary>
          <dl className="mt-3 flex flex-col gap-3 text-sm">
            {slaMetrics.map((metric) => {
              const result = sla[metric];
              return (
                <div key={metric} className="flex flex-col gap-0.5">
                  <dt className="font-medium">
                    {metricLabels[metric]}: {stateLabels[result.state]}
                  </dt>
                  {result.targetMinutes !== null ? (
                    <dd className="text-xs text-muted-foreground">
                      Target {formatDuration(result.targetMinutes)} · due{" "}
                      <Time date={result.dueAt} />
                      {result.pausedMinutes > 0
                        ? ` · paused ${formatDuration(Math.round(result.pausedMinutes))}`
                        : null}
                    </dd>
                  ) : null}
                </div>
              );
            })}
          </dl>
          {sla.timeline.length > 0 ? (
            <ol className="mt-3 flex flex-col gap-1 border-t pt-3 text-xs">
              {sla.timeline.map((entry, index) => (
                <li key={index} className="flex justify-between gap-2">
                  <span>
                    {metricLabels[entry.metric]} {eventLabels[entry.event]}
                  </span>
                  <span className="text-muted-foreground">
                    <Time date={entry.at} />
                  </span>
                </li>
              ))}
            </ol>
          ) : null}
        </details>
      </CardContent>
    </Card>
  );
}

"use client";

/**
 * Creating or editing an SLA policy. The draft is validated in the browser with the same zod schema
 * the server applies, so messages land under the exact row (a period, a target); the server's
 * answer is shown as well in case it disagrees.
 */
import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import {
  ticketChannels,
  ticketPriorities,
  type TicketChannel,
  type TicketPriority,
} from "@/db/schema/enum-values";
import type { SlaPolicyRow } from "@/db/schema/sla";
import { weekdays, type Weekday } from "@/lib/sla/calendar";
import {
  formatDuration,
  issuesByPath,
  parseDuration,
  slaPolicyInputSchema,
  type SlaPolicyFormInput,
} from "@/lib/sla/policy-input";
import { channelLabels, priorityLabels } from "@/lib/tickets/labels";
import { createSlaPolicyAction, updateSlaPolicyAction } from "./actions";

export type SlaFormOptions = {
  categories: { id: number; name: string }[];
  teams: { id: number; name: string }[];
  mailboxes: { id: number; name: string }[];
  timeZones: string[];
};

const targetKeys = ["firstResponseMinutes", "nextResponseMinutes", "resolutionMinutes"] as const;
type TargetKey = (typeof targetKeys)[number];
const targetLabels: Record<TargetKey, string> = {
  firstResponseMinutes: "First response",
  nextResponseMinutes: "Next response",
  resolutionMinutes: "Resolution",
};
const weekdayLabels = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];

type Period = { start: string; end: string };
type Draft = {
  name: string;
  priorities: TicketPriority[];
  categoryIds: number[];
  teamIds: number[];
  mailboxIds: number[];
  channels: TicketChannel[];
  targets: Record<TicketPriority, Record<TargetKey, string>>;
  calendarKind: "calendar" | "business";
  timeZone: string;
  weekly: Record<Weekday, Period[]>;
  holidays: string;
  warnMinutes: string;
  warnPercent: string;
  raisePriority: boolean;
  /** "" = keep the ticket's team. */
  escalationTeamId: string;
};

function draftFrom(policy: SlaPolicyRow | undefined): Draft {
  const calendar = policy?.calendar;
  const business = calendar?.kind === "business" ? calendar : null;
  const officeDay = [{ start: "09:00", end: "17:00" }];
  return {
    name: policy?.name ?? "",
    priorities: policy?.conditions.priorities ?? [],
    categoryIds: policy?.conditions.categoryIds ?? [],
    teamIds: policy?.conditions.teamIds ?? [],
    mailboxIds: policy?.conditions.mailboxIds ?? [],
    channels: policy?.conditions.channels ?? [],
    targets: Object.fromEntries(
      ticketPriorities.map((priority) => [
        priority,
        Object.fromEntries(
          targetKeys.map((key) => {
            const minutes = policy?.targets[priority]?.[key];
            return [key, minutes === undefined ? "" : formatDuration(minutes)];
          }),
        ),
      ]),
    ) as Draft["targets"],
    calendarKind: calendar?.kind ?? "business",
    timeZone: business?.timeZone ?? "UTC",
    weekly: Object.fromEntries(
      weekdays.map((day) => [
        day,
        business ? business.weekly[day] : day >= 1 && day <= 5 ? officeDay : [],
      ]),
    ) as Draft["weekly"],
    holidays: business?.holidays.join("\n") ?? "",
    warnMinutes: policy?.warn.minutesBefore?.toString() ?? "",
    warnPercent: policy?.warn.percentElapsed?.toString() ?? "",
    raisePriority: policy?.escalation.raisePriority ?? false,
    escalationTeamId: policy?.escalation.teamId?.toString() ?? "",
  };
}

function optionalNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

/** The draft as the schema's input, plus errors for durations that do not parse. */
function toInput(draft: Draft): { input: SlaPolicyFormInput; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const targets: SlaPolicyFormInput["targets"] = {};
  for (const priority of ticketPriorities) {
    const entry: Partial<Record<TargetKey, number>> = {};
    for (const key of targetKeys) {
      const minutes = parseDuration(draft.targets[priority][key]);
      if (minutes === null) errors[`targets.${priority}.${key}`] = ["Use minutes or “1h 30m”."];
      else if (minutes !== undefined) entry[key] = minutes;
    }
    if (Object.keys(entry).length > 0) targets[priority] = entry;
  }
  const nonEmpty = <T,>(list: T[]) => (list.length > 0 ? list : undefined);
  const input: SlaPolicyFormInput = {
    name: draft.name,
    conditions: {
      priorities: nonEmpty(draft.priorities),
      categoryIds: nonEmpty(draft.categoryIds),
      teamIds: nonEmpty(draft.teamIds),
      mailboxIds: nonEmpty(draft.mailboxIds),
      channels: nonEmpty(draft.channels),
    },
    targets,
    calendar:
      draft.calendarKind === "calendar"
        ? { kind: "calendar" }
        : {
            kind: "business",
            timeZone: draft.timeZone,
            weekly: draft.weekly,
            holidays: draft.holidays
              .split(/\s+/)
              .map((line) => line.trim())
              .filter(Boolean),
          },
    warn: {
      minutesBefore: optionalNumber(draft.warnMinutes),
      percentElapsed: optionalNumber(draft.warnPercent),
    },
    escalation: {
      raisePriority: draft.raisePriority || undefined,
      teamId: draft.escalationTeamId === "" ? undefined : Number(draft.escalationTeamId),
    },
  };
  return { input, errors };
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((item) => item !== value);
}

function FieldError({ messages }: { messages?: string[] }) {
  return messages?.[0] ? <p className="text-sm text-destructive">{messages[0]}</p> : null;
}

function CheckboxGroup<T extends string | number>({
  legend,
  items,
  selected,
  onChange,
}: {
  legend: string;
  items: { value: T; label: string }[];
  selected: T[];
  onChange: (next: T[]) => void;
}) {
  const id = useId();
  if (items.length === 0) return null;
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {items.map((item) => (
          <div key={item.value} className="flex items-center gap-2">
            <Checkbox
              id={`${id}-${item.value}`}
              checked={selected.includes(item.value)}
              onCheckedChange={(checked) =>
                onChange(toggle(selected, item.value, checked === true))
              }
            />
            <Label htmlFor={`${id}-${item.value}`} className="font-normal">
              {item.label}
            </Label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** Creates a policy, or edits `policy` (then `onSaved` closes the dialog). */
export function SlaPolicyForm({
  policy,
  options,
  onSaved,
}: {
  policy?: SlaPolicyRow;
  options: SlaFormOptions;
  onSaved?: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(policy));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const create = useAdminAction(createSlaPolicyAction);
  const update = useAdminAction(updateSlaPolicyAction);
  const current = policy ? update : create;
  const set = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const setPeriods = (day: Weekday, periods: Period[]) =>
    setDraft((previous) => ({ ...previous, weekly: { ...previous.weekly, [day]: periods } }));
  const error = (path: string) => errors[path] ?? current.fieldErrors[path];

  return (
    <form
      noValidate
      className="flex flex-col gap-6"
      onSubmit={(event) => {
        event.preventDefault();
        const { input, errors: durationErrors } = toInput(draft);
        const parsed = slaPolicyInputSchema.safeParse(input);
        const found = { ...(parsed.success ? {} : issuesByPath(parsed.error)), ...durationErrors };
        setErrors(found);
        if (Object.keys(found).length > 0) return;
        if (policy) update.run({ policyId: policy.id, ...input }, () => onSaved?.());
        else
          create.run(input, () => {
            setDraft(draftFrom(undefined));
          });
      }}
    >
      <FormField id={`${id}-name`} label="Name" error={error("name")}>
        {(props) => (
          <Input
            {...props}
            value={draft.name}
            onChange={(event) => set({ name: event.target.value })}
            autoComplete="off"
          />
        )}
      </FormField>

      <section className="flex flex-col gap-3">
        <h3 className="text-sm font-semibold">Applies to</h3>
        <p className="text-xs text-muted-foreground">
          Leave a group empty to match every ticket. Within a group any ticked value matches.
        </p>
        <CheckboxGroup
          legend="Priorities"
          items={ticketPriorities.map((p) => ({ value: p, label: priorityLabels[p] }))}
          selected={draft.priorities}
          onChange={(priorities) => set({ priorities })}
        />
        <CheckboxGroup
          legend="Categories"
          items={options.categories.map((c) => ({ value: c.id, label: c.name }))}
          selected={draft.categoryIds}
          onChange={(categoryIds) => set({ categoryIds })}
        />
        <CheckboxGroup
          legend="Teams"
          items={options.teams.map((team) => ({ value: team.id, label: team.name }))}
          selected={draft.teamIds}
          onChange={(teamIds) => set({ teamIds })}
        />
        <CheckboxGroup
          legend="Channels"
          items={ticketChannels.map((c) => ({ value: c, label: channelLabels[c] }))}
          selected={draft.channels}
          onChange={(channels) => set({ channels })}
        />
        <CheckboxGroup
          legend="Mailboxes"
          items={options.mailboxes.map((m) => ({ value: m.id, label: m.name }))}
          selected={draft.mailboxIds}
          onChange={(mailboxIds) => set({ mailboxIds })}
        />
      </section>

      <section className="flex flex-col gap-3">
        <h3 className="text-sm font-semibold">Targets</h3>
        <p className="text-xs text-muted-foreground">
          Working time on the calendar below, as minutes or “1h 30m”. A priority without targets has
          no SLA under this policy.
        </p>
        <FieldError messages={error("targets")} />
        <div className="grid grid-cols-[auto_repeat(3,minmax(0,1fr))] items-start gap-2 text-sm">
          <span />
          {targetKeys.map((key) => (
            <span key={key} className="font-medium">
              {targetLabels[key]}
            </span>
          ))}
          {ticketPriorities.map((priority) => (
            <div key={priority} className="contents">
              <span className="pt-2">{priorityLabels[priority]}</span>
              {targetKeys.map((key) => {
                const path = `targets.${priority}.${key}`;
                return (
                  <div key={key} className="flex flex-col gap-1">
                    <Input
                      aria-label={`${priorityLabels[priority]}: ${targetLabels[key]}`}
                      aria-invalid={error(path) ? true : undefined}
                      placeholder="—"
                      value={draft.targets[priority][key]}
                      onChange={(event) =>
                        set({
                          targets: {
                            ...draft.targets,
                            [priority]: { ...draft.targets[priority], [key]: event.target.value },
                          },
                        })
                      }
                    />
                    <FieldError messages={error(path)} />
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </section>

      <section className="flex flex-col gap-3">
        <h3 className="text-sm font-semibold">Calendar</h3>
        <FormField id={`${id}-kind`} label="Clocks run">
          {(props) => (
            <NativeSelect
              {...props}
              value={draft.calendarKind}
              onChange={(event) =>
                set({ calendarKind: event.target.value as Draft["calendarKind"] })
              }
            >
              <option value="business">During business hours</option>
              <option value="calendar">Calendar hours (round the clock)</option>
            </NativeSelect>
          )}
        </FormField>
        {draft.calendarKind === "business" ? (
          <>
            <FormField id={`${id}-zone`} label="Time zone" error={error("calendar.timeZone")}>
              {(props) => (
                <NativeSelect
                  {...props}
                  value={draft.timeZone}
                  onChange={(event) => set({ timeZone: event.target.value })}
                >
                  {options.timeZones.map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </NativeSelect>
              )}
            </FormField>
            <FieldError messages={error("calendar.weekly")} />
            <div className="flex flex-col gap-2">
              {[1, 2, 3, 4, 5, 6, 0].map((value) => {
                const day = value as Weekday;
                const periods = draft.weekly[day];
                return (
                  <div key={day} className="flex flex-col gap-1 sm:flex-row sm:gap-4">
                    <span className="w-28 pt-2 text-sm">{weekdayLabels[day]}</span>
                    <div className="flex flex-1 flex-col gap-2">
                      {periods.length === 0 ? (
                        <span className="pt-2 text-sm text-muted-foreground">Closed</span>
                      ) : null}
                      {periods.map((period, index) => {
                        const path = `calendar.weekly.${day}.${index}`;
                        const update = (patch: Partial<Period>) =>
                          setPeriods(
                            day,
                            periods.map((p, i) => (i === index ? { ...p, ...patch } : p)),
                          );
                        return (
                          <div key={index} className="flex flex-col gap-1">
                            <div className="flex items-center gap-2">
                              <Input
                                className="w-24"
                                aria-label={`${weekdayLabels[day]} period ${index + 1} start`}
                                placeholder="09:00"
                                value={period.start}
                                aria-invalid={error(`${path}.start`) ? true : undefined}
                                onChange={(event) => update({ start: event.target.value })}
                              />
                              <span aria-hidden>–</span>
                              <Input
                                className="w-24"
                                aria-label={`${weekdayLabels[day]} period ${index + 1} end`}
                                placeholder="17:00"
                                value={period.end}
                                aria-invalid={error(`${path}.end`) ? true : undefined}
                                onChange={(event) => update({ end: event.target.value })}
                              />
                              <Button
                                type="button"
                                size="icon"
                                variant="ghost"
                                className="size-8"
                                aria-label={`Remove ${weekdayLabels[day]} period ${index + 1}`}
                                onClick={() =>
                                  setPeriods(
                                    day,
                                    periods.filter((_, i) => i !== index),
                                  )
                                }
                              >
                                <X className="size-4" aria-hidden />
                              </Button>
                            </div>
                            <FieldError messages={error(`${path}.start`) ?? error(`${path}.end`)} />
                          </div>
                        );
                      })}
                      <FieldError messages={error(`calendar.weekly.${day}`)} />
                      <div>
                        <Button
                          type="button"
                          size="sm"
                          variant="outline"
                          aria-label={`Add a period on ${weekdayLabels[day]}`}
                          onClick={() =>
                            setPeriods(day, [...periods, { start: "09:00", end: "17:00" }])
                          }
                        >
                          <Plus className="size-4" aria-hidden /> Period
                        </Button>
                      </div>
                    </div>
                  </div>
                );
              })}
            </div>
            <FormField
              id={`${id}-holidays`}
              label="Holidays"
              hint="One date per line, YYYY-MM-DD, in the calendar's time zone."
              error={
                Object.entries(errors).find(([key]) => key.startsWith("calendar.holidays"))?.[1]
              }
            >
              {(props) => (
                <Textarea
                  {...props}
                  rows={4}
                  value={draft.holidays}
                  onChange={(event) => set({ holidays: event.target.value })}
                />
              )}
            </FormField>
          </>
        ) : null}
      </section>

      <section className="flex flex-col gap-3">
        <h3 className="text-sm font-semibold">Warn before a breach</h3>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            id={`${id}-warn-minutes`}
            label="Minutes before due"
            hint="Working minutes left. Optional."
            error={error("warn.minutesBefore")}
          >
            {(props) => (
              <Input
                {...props}
                inputMode="numeric"
                value={draft.warnMinutes}
                onChange={(event) => set({ warnMinutes: event.target.value })}
              />
            )}
          </FormField>
          <FormField
            id={`${id}-warn-percent`}
            label="% of the target elapsed"
            hint="1–100. Optional; the earlier threshold wins."
            error={error("warn.percentElapsed")}
          >
            {(props) => (
              <Input
                {...props}
                inputMode="decimal"
                value={draft.warnPercent}
                onChange={(event) => set({ warnPercent: event.target.value })}
              />
            )}
          </FormField>
        </div>
      </section>

      <section className="flex flex-col gap-3">
        <h3 className="text-sm font-semibold">On breach</h3>
        <p className="text-xs text-muted-foreground">
          The assignee and the team&apos;s leads are always told. Besides that, the ticket can be
          escalated once per breach.
        </p>
        <div className="flex items-center gap-2">
          <Checkbox
            id={`${id}-raise-priority`}
            checked={draft.raisePriority}
            onCheckedChange={(checked) => set({ raisePriority: checked === true })}
          />
          <Label htmlFor={`${id}-raise-priority`} className="font-normal">
            Raise the priority one step (Low → Medium → High → Urgent)
          </Label>
        </div>
        <FormField
          id={`${id}-escalation-team`}
          label="Hand the ticket to team"
          hint="The assignee keeps the ticket; the team and its leads take it into view."
          error={error("escalation.teamId")}
        >
          {(props) => (
            <NativeSelect
              {...props}
              className="sm:max-w-xs"
              value={draft.escalationTeamId}
              onChange={(event) => set({ escalationTeamId: event.target.value })}
            >
              <option value="">Keep the ticket&apos;s team</option>
              {options.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </NativeSelect>
          )}
        </FormField>
      </section>

      <ActionMessage
        result={current.result}
        success={
          !policy && create.result?.ok ? `Policy “${create.result.data.name}” created.` : undefined
        }
      />
      <div>
        <Button type="submit" disabled={current.isPending}>
          {current.isPending ? "Saving…" : policy ? "Save changes" : "Create policy"}
        </Button>
      </div>
    </form>
  );
}

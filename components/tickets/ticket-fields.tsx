"use client";

/**
 * Every ticket field, editable in place. Each change is one call to the update action; the page
 * re-renders with the stored values, and a refused change shows why and snaps back.
 */
import { X } from "lucide-react";
import { useState, useTransition, type ReactNode } from "react";
import { updateTicketAction } from "@/app/(console)/tickets/[ref]/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import {
  ticketPriorities,
  ticketStatuses,
  type TicketPriority,
  type TicketStatus,
} from "@/db/schema/enum-values";
import { priorityLabels, statusLabels } from "@/lib/tickets/labels";
import type { TicketPatch } from "@/lib/tickets/update-ticket";

export type TicketFieldsProps = {
  number: number;
  readOnly: boolean;
  values: {
    status: TicketStatus;
    priority: TicketPriority;
    categoryId: number | null;
    assigneeId: number | null;
    teamId: number | null;
    tags: string[];
    dueAt: string | null;
    remindAt: string | null;
    snoozedUntil: string | null;
    autoSolveAt: string | null;
    autoSolveSendSummary: boolean;
  };
  options: {
    categories: { id: number; name: string }[];
    users: { id: number; name: string }[];
    teams: { id: number; name: string }[];
  };
};

/** ISO → the value a datetime-local input shows, in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function Field({
  label,
  htmlFor,
  children,
}: {
  label: string;
  htmlFor: string;
  children: ReactNode;
}) {
  return (
    <div className="grid grid-cols-[6.5rem_minmax(0,1fr)] items-center gap-2">
      <label htmlFor={htmlFor} className="text-sm text-muted-foreground">
        {label}
      </label>
      <div>{children}</div>
    </div>
  );
}

export function TicketFields({ number, readOnly, values, options }: TicketFieldsProps) {
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  // Remounts the controls after a refused change so they show the stored values again.
  const [generation, setGeneration] = useState(0);

  const save = (patch: TicketPatch) =>
    startTransition(async () => {
      const result = await updateTicketAction({ number, patch });
      if (result.ok) setError(null);
      else {
        setError(result.error);
        setGeneration((g) => g + 1);
      }
    });

  const key = (name: string, value: unknown) => `${name}:${String(value)}:${generation}`;
  const disabled = readOnly || isPending;
  const idOrNull = (value: string) => (value === "" ? null : Number(value));
  const isClosed = values.status === "closed";
  const isOpen = values.status !== "resolved" && !isClosed;

  const selects: Omit<SelectFieldProps, "generation" | "disabled">[] = [
    {
      label: "Status",
      name: "status",
      value: values.status,
      choices: ticketStatuses.map((s) => ({
        value: s,
        label: statusLabels[s],
        disabled: isClosed && s !== "closed",
      })),
      onSave: (v) => save({ status: v as TicketStatus }),
    },
    {
      label: "Priority",
      name: "priority",
      value: values.priority,
      choices: ticketPriorities.map((p) => ({ value: p, label: priorityLabels[p] })),
      onSave: (v) => save({ priority: v as TicketPriority }),
    },
    {
      label: "Assignee",
      name: "assignee",
      value: values.assigneeId,
      empty: "Unassigned",
      choices: idChoices(options.users),
      onSave: (v) => save({ assigneeId: idOrNull(v) }),
    },
    {
      label: "Team",
      name: "team",
      value: values.teamId,
      empty: "No team",
      choices: idChoices(options.teams),
      onSave: (v) => save({ teamId: idOrNull(v) }),
    },
    {
      label: "Category",
      name: "category",
      value: values.categoryId,
      empty: "No category",
      choices: idChoices(options.categories),
      onSave: (v) => save({ categoryId: idOrNull(v) }),
    },
  ];
  // Reminders matter while waiting on the customer; auto-solve only before the ticket is solved.
  const dates: { label: string; name: DateFieldName; presets?: true; isShown?: boolean }[] = [
    { label: "Due", name: "dueAt" },
    { label: "Snooze until", name: "snoozedUntil", presets: true },
    {
      label: "Reminder",
      name: "remindAt",
      presets: true,
      isShown: values.status === "pending" || Boolean(values.remindAt),
    },
    { label: "Auto-solve", name: "autoSolveAt", presets: true, isShown: isOpen },
  ];

  return (
    <div className="flex flex-col gap-3" aria-busy={isPending}>
      {error ? <Alert>{error}</Alert> : null}
      {selects.map((field) => (
        <SelectField key={field.name} {...field} generation={generation} disabled={disabled} />
      ))}
      <Field label="Tags" htmlFor="field-tags">
        <TagsInput
          key={key("tags", values.tags.join(","))}
          tags={values.tags}
          disabled={disabled}
          onSave={(tags) => save({ tags })}
        />
      </Field>
      {dates.map(({ isShown = true, ...field }) =>
        isShown ? (
          <DateField
            key={field.name}
            {...field}
            value={values[field.name]}
            // A closed ticket cannot be snoozed.
            disabled={disabled || (field.name === "snoozedUntil" && isClosed)}
            generation={generation}
            onSave={(value) => save({ [field.name]: value })}
          />
        ) : null,
      )}
      {isOpen ? (
        <div className="grid grid-cols-[7rem_1fr] items-center gap-2">
          <span />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              key={key("summary", values.autoSolveSendSummary)}
              defaultChecked={values.autoSolveSendSummary}
              disabled={disabled}
              onChange={(e) => save({ autoSolveSendSummary: e.target.checked })}
            />
            Send the summary when auto-solving
          </label>
        </div>
      ) : null}
    </div>
  );
}

type DateFieldName = "dueAt" | "snoozedUntil" | "remindAt" | "autoSolveAt";

const idChoices = (rows: { id: number; name: string }[]) =>
  rows.map((row) => ({ value: String(row.id), label: row.name }));

type SelectFieldProps = {
  label: string;
  name: string;
  value: string | number | null;
  generation: number;
  disabled: boolean;
  /** The label of the "none" choice, for fields that may be empty. */
  empty?: string;
  choices: { value: string; label: string; disabled?: boolean }[];
  onSave: (value: string) => void;
};

function SelectField({
  label,
  name,
  value,
  generation,
  disabled,
  empty,
  choices,
  onSave,
}: SelectFieldProps) {
  const id = `field-${name}`;
  return (
    <Field label={label} htmlFor={id}>
      <NativeSelect
        id={id}
        // Remount on a new stored value or after a refused change, so the control shows the truth.
        key={`${String(value)}:${generation}`}
        defaultValue={value === null ? "" : String(value)}
        disabled={disabled}
        onChange={(e) => onSave(e.target.value)}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value} disabled={c.disabled}>
            {c.label}
          </option>
        ))}
      </NativeSelect>
    </Field>
  );
}

function TagsInput({
  tags,
  disabled,
  onSave,
}: {
  tags: string[];
  disabled: boolean;
  onSave: (tags: string[]) => void;
}) {
  const initial = tags.join(", ");
  const [value, setValue] = useState(initial);
  const commit = () => {
    if (value.trim() === initial) return;
    onSave(
      value
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    );
  };
  return (
    <Input
      id="field-tags"
      value={value}
      disabled={disabled}
      placeholder="vip, refund"
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}

function DateField({
  label,
  name,
  value,
  disabled,
  generation,
  onSave,
  presets = false,
}: {
  label: string;
  name: string;
  value: string | null;
  disabled: boolean;
  generation: number;
  onSave: (value: Date | null) => void;
  presets?: boolean;
}) {
  const stored = toLocalInput(value);
  const [draft, setDraft] = useState(stored);
  const [seen, setSeen] = useState(`${stored}:${generation}`);
  if (seen !== `${stored}:${generation}`) {
    setSeen(`${stored}:${generation}`);
    setDraft(stored);
  }
  const id = `field-${name}`;
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000);
  const tomorrowNine = () => {
    const d = new Date();
    d.setDate(d.getDate() + 1);
    d.setHours(9, 0, 0, 0);
    return d;
  };
  return (
    <Field label={label} htmlFor={id}>
      <div className="flex flex-col gap-1">
        <div className="flex gap-1">
          <Input
            id={id}
            className="min-w-0 flex-1"
            type="datetime-local"
            value={draft}
            disabled={disabled}
            onChange={(e) => setDraft(e.target.value)}
          />
          {draft !== stored && draft ? (
            <Button
              size="sm"
              variant="outline"
              disabled={disabled}
              onClick={() => onSave(new Date(draft))}
            >
              Set
            </Button>
          ) : null}
          {stored ? (
            <Button
              size="icon"
              variant="ghost"
              className="shrink-0"
              disabled={disabled}
              aria-label={`Clear ${label.toLowerCase()}`}
              title={`Clear ${label.toLowerCase()}`}
              onClick={() => onSave(null)}
            >
              <X className="size-4" />
            </Button>
          ) : null}
        </div>
        {presets && !disabled ? (
          <div className="flex gap-1 text-xs">
            <button
              type="button"
              className="text-primary hover:underline"
              onClick={() => onSave(inHours(1))}
            >
              In 1 hour
            </button>
            <span aria-hidden>·</span>
            <button
              type="button"
              className="text-primary hover:underline"
              onClick={() => onSave(tomorrowNine())}
            >
              Tomorrow 9:00
            </button>
            <span aria-hidden>·</span>
            <button
              type="button"
              className="text-primary hover:underline"
              onClick={() => onSave(inHours(24 * 7))}
            >
              In a week
            </button>
          </div>
        ) : null}
      </div>
    </Field>
  );
}

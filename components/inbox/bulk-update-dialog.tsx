"use client";

/**
 * The inbox's bulk actions on the selected tickets (or every ticket matching the search): the
 * mass-update dialog, which changes status, priority, category, assignee, team and tags in one go and
 * lists by number every ticket that refused a change with its reason, and the admin-only delete
 * behind a confirmation, restorable from the message it leaves.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import {
  bulkDeleteTicketsAction,
  bulkUpdateTicketsAction,
  restoreTicketsAction,
} from "@/app/(console)/tickets/bulk-actions";
import { Alert } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import {
  ticketPriorities,
  ticketStatuses,
  type TicketPriority,
  type TicketStatus,
} from "@/db/schema/enum-values";
import { priorityLabels, statusLabels } from "@/lib/tickets/labels";
import { formatTicketNumber } from "@/lib/tickets/ref";
import type { BulkOptions } from "./types";

export type BulkTarget = { ids: number[] } | { query: string };

type Changes = {
  status?: TicketStatus;
  priority?: TicketPriority;
  categoryId?: number | null;
  assigneeId?: number | null;
  teamId?: number | null;
  addTags?: string[];
  removeTags?: string[];
};

const KEEP = "";
const NONE = "none";

const splitTags = (value: string) => [
  ...new Set(
    value
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

/** The fields the dialog changes through a select; each starts at KEEP. */
type SelectKey = "status" | "priority" | "category" | "assignee" | "team";
const keepAll: Record<SelectKey, string> = {
  status: KEEP,
  priority: KEEP,
  category: KEEP,
  assignee: KEEP,
  team: KEEP,
};

/** "" = leave unchanged, "none" = clear, otherwise an id. */
const idChoice = (value: string): number | null | undefined =>
  value === KEEP ? undefined : value === NONE ? null : Number(value);

type Outcome = { updated: number; failed: { number: number; reason: string }[] };

export function BulkUpdateDialog({
  open,
  onOpenChange,
  target,
  count,
  options,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  target: BulkTarget;
  /** How many tickets the target covers, for the wording. */
  count: number;
  options: BulkOptions;
  /** Called after tickets were changed (the list should refresh and the selection clear). */
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [picks, setPicks] = useState(keepAll);
  const [tagEdits, setTagEdits] = useState({ add: "", remove: "" });
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const reset = () => {
    setPicks(keepAll);
    setTagEdits({ add: "", remove: "" });
    setError(null);
    setOutcome(null);
  };

  const changes: Changes = {};
  if (picks.status !== KEEP) changes.status = picks.status as TicketStatus;
  if (picks.priority !== KEEP) changes.priority = picks.priority as TicketPriority;
  const categoryId = idChoice(picks.category);
  if (categoryId !== undefined) changes.categoryId = categoryId;
  const assigneeId = idChoice(picks.assignee);
  if (assigneeId !== undefined) changes.assigneeId = assigneeId;
  const teamId = idChoice(picks.team);
  if (teamId !== undefined) changes.teamId = teamId;
  if (splitTags(tagEdits.add).length) changes.addTags = splitTags(tagEdits.add);
  if (splitTags(tagEdits.remove).length) changes.removeTags = splitTags(tagEdits.remove);
  const hasChanges = Object.keys(changes).length > 0;
  const noun = count === 1 ? "ticket" : "tickets";

  const selects: { key: SelectKey; label: string; none?: string; choices: Choice[] }[] = [
    {
      key: "status",
      label: "Status",
      choices: ticketStatuses.map((s) => ({ value: s, label: statusLabels[s] })),
    },
    {
      key: "priority",
      label: "Priority",
      choices: ticketPriorities.map((p) => ({ value: p, label: priorityLabels[p] })),
    },
    {
      key: "category",
      label: "Category",
      none: "No category",
      choices: idChoices(options.categories),
    },
    { key: "assignee", label: "Assignee", none: "Unassigned", choices: idChoices(options.users) },
    { key: "team", label: "Team", none: "No team", choices: idChoices(options.teams) },
  ];
  const tagInputs = [
    { id: "bulk-add-tags", label: "Add tags", placeholder: "vip, refund", edit: "add" },
    { id: "bulk-remove-tags", label: "Remove tags", placeholder: "outage", edit: "remove" },
  ] as const;

  const submit = () =>
    startTransition(async () => {
      setError(null);
      const result = await bulkUpdateTicketsAction({ target, changes });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      const { updated, failed } = result.data;
      router.refresh();
      const message = `Updated ${updated} ${updated === 1 ? "ticket" : "tickets"}.`;
      if (failed.length === 0) {
        onDone(message);
        reset();
        onOpenChange(false);
        return;
      }
      // Keep the dialog open: the agent needs to see which tickets refused and why.
      setOutcome({ updated, failed });
      onDone(`${message} ${failed.length} refused.`);
    });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) reset();
        onOpenChange(next);
      }}
    >
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{outcome ? "Bulk update finished" : `Update ${count} ${noun}`}</DialogTitle>
          <DialogDescription>
            Only the fields you change are applied; each ticket records the change in its history.
          </DialogDescription>
        </DialogHeader>
        {outcome ? (
          <div className="flex flex-col gap-3">
            <Alert tone="info">
              Updated {outcome.updated} {outcome.updated === 1 ? "ticket" : "tickets"}.{" "}
              {outcome.failed.length} {outcome.failed.length === 1 ? "ticket" : "tickets"} refused
              the change:
            </Alert>
            <ul
              aria-label="Refused tickets"
              className="flex max-h-64 flex-col gap-1 overflow-y-auto text-sm"
            >
              {outcome.failed.map((f, index) => (
                <li key={`${f.number}-${index}`}>
                  {f.number > 0 ? (
                    <>
                      <span className="font-mono font-medium">{formatTicketNumber(f.number)}</span>
                      :{" "}
                    </>
                  ) : null}
                  {f.reason}
                </li>
              ))}
            </ul>
            <DialogFooter>
              <Button
                type="button"
                onClick={() => {
                  reset();
                  onOpenChange(false);
                }}
              >
                Done
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="grid gap-3 sm:grid-cols-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (hasChanges) submit();
            }}
          >
            {selects.map(({ key, ...select }) => (
              <BulkSelect
                key={key}
                id={`bulk-${key}`}
                {...select}
                value={picks[key]}
                onChange={(value) => setPicks((current) => ({ ...current, [key]: value }))}
              />
            ))}
            <div className="hidden sm:block" />
            {tagInputs.map((input) => (
              <div key={input.id} className="flex flex-col gap-1">
                <Label htmlFor={input.id}>{input.label}</Label>
                <Input
                  id={input.id}
                  list="bulk-tag-options"
                  placeholder={input.placeholder}
                  value={tagEdits[input.edit]}
                  onChange={(e) =>
                    setTagEdits((edits) => ({ ...edits, [input.edit]: e.target.value }))
                  }
                />
              </div>
            ))}
            <datalist id="bulk-tag-options">
              {options.tags.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
            {error ? <Alert className="sm:col-span-2">{error}</Alert> : null}
            <DialogFooter className="sm:col-span-2">
              <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isPending || !hasChanges}>
                {isPending ? "Updating…" : `Update ${count} ${noun}`}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

type Choice = { value: string; label: string };

const idChoices = (rows: { id: number; name: string }[]): Choice[] =>
  rows.map((row) => ({ value: String(row.id), label: row.name }));

/** One field of the dialog: "Don't change" first, then (if any) the clearing choice, then the rest. */
function BulkSelect({
  id,
  label,
  none,
  choices,
  value,
  onChange,
}: {
  id: string;
  label: string;
  /** The label of the choice that clears the field, for fields that may be empty. */
  none?: string;
  choices: Choice[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={KEEP}>Don&apos;t change</option>
        {none !== undefined ? <option value={NONE}>{none}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** Admins only: soft-deletes the target after a confirmation; the result offers a restore. */
export function BulkDeleteDialog({
  open,
  onOpenChange,
  target,
  count,
  onDone,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  target: BulkTarget;
  count: number;
  onDone: (message: string, restore?: () => Promise<string>) => void;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const noun = count === 1 ? "ticket" : "tickets";

  const remove = () =>
    startTransition(async () => {
      setError(null);
      const result = await bulkDeleteTicketsAction({ target });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      router.refresh();
      onOpenChange(false);
      const deleted = result.data.deleted;
      const message = `Deleted ${deleted} ${deleted === 1 ? "ticket" : "tickets"}.`;
      const ids = "ids" in target ? target.ids : null;
      onDone(
        message,
        ids
          ? async () => {
              const restored = await restoreTicketsAction({ ids });
              router.refresh();
              if (!restored.ok) return restored.error;
              const n = restored.data.restored;
              return `Restored ${n} ${n === 1 ? "ticket" : "tickets"}.`;
            }
          : undefined,
      );
    });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(null);
        onOpenChange(next);
      }}
    >
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            Delete {count} {noun}?
          </AlertDialogTitle>
          <AlertDialogDescription>
            Deleted tickets leave every list at once. They can be restored (search{" "}
            <code>is:deleted</code>) until the retention period ends, then they are purged for good.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? <Alert>{error}</Alert> : null}
        <AlertDialogFooter>
          <AlertDialogCancel asChild>
            <Button variant="ghost">Cancel</Button>
          </AlertDialogCancel>
          <AlertDialogAction asChild>
            <Button
              variant="destructive"
              disabled={isPending}
              onClick={(e) => {
                // Keep the dialog open until the server answers.
                e.preventDefault();
                remove();
              }}
            >
              {isPending ? "Deleting…" : `Delete ${count} ${noun}`}
            </Button>
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

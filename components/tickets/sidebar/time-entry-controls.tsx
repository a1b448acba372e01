"use client";

/** Logging time on a ticket and removing an entry again. */
import { Trash2 } from "lucide-react";
import { useId, useState, useTransition, type FormEvent } from "react";
import {
  addTimeEntryAction,
  deleteTimeEntryAction,
} from "@/app/(console)/tickets/[ref]/sidebar-actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FieldError, firstFieldError, FormError, type FieldErrors } from "./action-feedback";

export function DeleteTimeEntryButton({
  ticketNumber,
  entryId,
  description,
}: {
  ticketNumber: number;
  entryId: number;
  /** What the entry is, for the button's label: "25 min by Ana". */
  description: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function remove() {
    startTransition(async () => {
      const result = await deleteTimeEntryAction({ number: ticketNumber, entryId });
      startTransition(() => setError(result.ok ? null : result.error));
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="ghost"
        size="icon"
        className="size-7"
        aria-label={`Delete time entry: ${description}`}
        disabled={isPending}
        onClick={remove}
      >
        <Trash2 className="size-4" aria-hidden />
      </Button>
      <FormError message={error} />
    </div>
  );
}

export function LogTimeForm({ ticketNumber }: { ticketNumber: number }) {
  const [minutes, setMinutes] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<{ message: string; fieldErrors: FieldErrors } | null>(null);
  const [isPending, startTransition] = useTransition();
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await addTimeEntryAction({
        number: ticketNumber,
        // An empty box is "no number" (NaN), which the schema reports as "Enter the minutes spent."
        minutes: minutes.trim() === "" ? Number.NaN : Number(minutes),
        note,
      });
      startTransition(() => {
        if (result.ok) {
          setError(null);
          setMinutes("");
          setNote("");
        } else {
          setError({ message: result.error, fieldErrors: result.fieldErrors });
        }
      });
    });
  }

  const minutesError = firstFieldError(error?.fieldErrors, "minutes");
  const noteError = firstFieldError(error?.fieldErrors, "note");
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${id}-minutes`}>Minutes</Label>
        <Input
          id={`${id}-minutes`}
          type="number"
          inputMode="numeric"
          min={1}
          max={24 * 60}
          step={1}
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
          aria-invalid={minutesError ? true : undefined}
          aria-describedby={minutesError ? `${id}-minutes-error` : undefined}
        />
        <FieldError id={`${id}-minutes-error`} message={minutesError} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${id}-note`}>Note</Label>
        <Input
          id={`${id}-note`}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={500}
          autoComplete="off"
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${id}-note-error` : undefined}
        />
        <FieldError id={`${id}-note-error`} message={noteError} />
      </div>
      <FormError message={minutesError || noteError ? null : error?.message} />
      <Button type="submit" size="sm" className="self-start" disabled={isPending}>
        Log time
      </Button>
    </form>
  );
}

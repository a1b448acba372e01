"use client";

import { Pencil } from "lucide-react";
import { useState, useTransition } from "react";
import { updateTicketAction } from "@/app/(console)/tickets/[ref]/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** The ticket's subject as its heading; agents edit it in place (Enter saves, Escape cancels). */
export function SubjectEditor({
  number,
  subject,
  readOnly,
}: {
  number: number;
  subject: string;
  readOnly: boolean;
}) {
  const [isEditing, setIsEditing] = useState(false);
  const [value, setValue] = useState(subject);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const save = () =>
    startTransition(async () => {
      if (value.trim() === subject) return setIsEditing(false);
      const result = await updateTicketAction({ number, patch: { subject: value } });
      if (result.ok) {
        setError(null);
        setIsEditing(false);
      } else setError(result.fieldErrors?.subject?.[0] ?? result.error);
    });

  if (!isEditing) {
    return (
      <div className="flex items-center gap-2">
        <h1 className="text-xl font-semibold">{subject}</h1>
        {readOnly ? null : (
          <Button
            variant="ghost"
            size="icon"
            aria-label="Edit subject"
            onClick={() => {
              setValue(subject);
              setIsEditing(true);
            }}
          >
            <Pencil className="size-4" />
          </Button>
        )}
      </div>
    );
  }
  return (
    <div className="flex w-full max-w-2xl flex-col gap-1">
      <div className="flex gap-2">
        <Input
          aria-label="Subject"
          autoFocus
          value={value}
          disabled={isPending}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") save();
            if (e.key === "Escape") setIsEditing(false);
          }}
        />
        <Button onClick={save} disabled={isPending}>
          Save
        </Button>
        <Button variant="ghost" onClick={() => setIsEditing(false)}>
          Cancel
        </Button>
      </div>
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
    </div>
  );
}

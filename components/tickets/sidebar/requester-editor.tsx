"use client";

/** The requester's name and email, shown as text and edited in place. */
import { useId, useState, useTransition, type FormEvent } from "react";
import { updateRequesterAction } from "@/app/(console)/tickets/[ref]/sidebar-actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FieldError, firstFieldError, FormError, type FieldErrors } from "./action-feedback";

export function RequesterEditor({
  ticketNumber,
  name,
  email,
  isReadOnly,
}: {
  ticketNumber: number;
  name: string;
  email: string;
  isReadOnly: boolean;
}) {
  const [isEditing, setIsEditing] = useState(false);
  const [draftName, setDraftName] = useState(name);
  const [draftEmail, setDraftEmail] = useState(email);
  const [error, setError] = useState<{ message: string; fieldErrors: FieldErrors } | null>(null);
  const [isPending, startTransition] = useTransition();
  const id = useId();

  function startEditing() {
    setDraftName(name);
    setDraftEmail(email);
    setError(null);
    setIsEditing(true);
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await updateRequesterAction({
        number: ticketNumber,
        name: draftName,
        email: draftEmail,
      });
      startTransition(() => {
        if (result.ok) {
          setError(null);
          setIsEditing(false);
        } else {
          setError({ message: result.error, fieldErrors: result.fieldErrors });
        }
      });
    });
  }

  if (!isEditing) {
    return (
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <div className="font-medium break-words">{name || email}</div>
          <div className="break-all text-muted-foreground">{email}</div>
        </div>
        {isReadOnly ? null : (
          <Button variant="outline" size="sm" aria-label="Edit requester" onClick={startEditing}>
            Edit
          </Button>
        )}
      </div>
    );
  }

  const nameError = firstFieldError(error?.fieldErrors, "name");
  const emailError = firstFieldError(error?.fieldErrors, "email");
  return (
    <form onSubmit={save} className="flex flex-col gap-3" noValidate>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input
          id={`${id}-name`}
          aria-label="Requester name"
          autoFocus
          value={draftName}
          onChange={(event) => setDraftName(event.target.value)}
          maxLength={200}
          autoComplete="off"
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
        />
        <FieldError id={`${id}-name-error`} message={nameError} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${id}-email`}>Email</Label>
        <Input
          id={`${id}-email`}
          aria-label="Requester email"
          type="email"
          value={draftEmail}
          onChange={(event) => setDraftEmail(event.target.value)}
          maxLength={320}
          autoComplete="off"
          required
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? `${id}-email-error` : undefined}
        />
        <FieldError id={`${id}-email-error`} message={emailError} />
      </div>
      <FormError message={nameError || emailError ? null : error?.message} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" aria-label="Save requester" disabled={isPending}>
          {isPending ? "Saving…" : "Save"}
        </Button>
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={isPending}
          onClick={() => setIsEditing(false)}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}

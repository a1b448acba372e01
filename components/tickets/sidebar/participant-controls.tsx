"use client";

/** Inviting agents onto a ticket and removing them again. */
import { X } from "lucide-react";
import { useId, useState, useTransition, type FormEvent } from "react";
import {
  inviteParticipantAction,
  removeParticipantAction,
} from "@/app/(console)/tickets/[ref]/sidebar-actions";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { AgentOption } from "./queries";
import { FieldError, firstFieldError, FormError, type FieldErrors } from "./action-feedback";

export function RemoveParticipantButton({
  ticketNumber,
  userId,
  name,
}: {
  ticketNumber: number;
  userId: number;
  name: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function remove() {
    startTransition(async () => {
      const result = await removeParticipantAction({ number: ticketNumber, userId });
      startTransition(() => setError(result.ok ? null : result.error));
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="ghost"
        size="icon"
        className="size-7"
        aria-label={`Remove ${name}`}
        disabled={isPending}
        onClick={remove}
      >
        <X className="size-4" aria-hidden />
      </Button>
      <FormError message={error} />
    </div>
  );
}

export function InviteParticipantForm({
  ticketNumber,
  candidates,
}: {
  ticketNumber: number;
  candidates: AgentOption[];
}) {
  const [userId, setUserId] = useState("");
  const [error, setError] = useState<{ message: string; fieldErrors: FieldErrors } | null>(null);
  const [isPending, startTransition] = useTransition();
  const id = useId();

  function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!userId) {
      setError({
        message: "Choose an agent to invite.",
        fieldErrors: { userId: ["Choose an agent to invite."] },
      });
      return;
    }
    startTransition(async () => {
      const result = await inviteParticipantAction({
        number: ticketNumber,
        userId: Number(userId),
      });
      startTransition(() => {
        if (result.ok) {
          setError(null);
          setUserId("");
        } else {
          setError({ message: result.error, fieldErrors: result.fieldErrors });
        }
      });
    });
  }

  const userError = firstFieldError(error?.fieldErrors, "userId");
  return (
    <form onSubmit={invite} className="flex flex-col gap-1.5" noValidate>
      <Label htmlFor={`${id}-agent`}>Invite agent</Label>
      <div className="flex gap-2">
        <div className="min-w-0 flex-1">
          <NativeSelect
            id={`${id}-agent`}
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
            disabled={isPending}
            aria-invalid={userError ? true : undefined}
            aria-describedby={userError ? `${id}-agent-error` : undefined}
          >
            <option value="">Choose an agent…</option>
            {candidates.map((agent) => (
              <option key={agent.id} value={String(agent.id)}>
                {agent.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" size="sm" className="h-9" disabled={isPending}>
          Invite
        </Button>
      </div>
      <FieldError id={`${id}-agent-error`} message={userError} />
      <FormError message={userError ? null : error?.message} />
    </form>
  );
}

"use client";

import { useId, useRef } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createTeamAction, updateTeamAction } from "./actions";

const fields = ["name", "description"] as const;

/** Creates a team, or edits one when `team` is given (then `onSaved` closes the dialog). */
export function TeamForm({
  team,
  onSaved,
}: {
  team?: { id: number; name: string; description: string };
  onSaved?: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const create = useAdminAction(createTeamAction);
  const update = useAdminAction(updateTeamAction);
  const current = team ? update : create;

  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const values = {
          name: String(data.get("name") ?? ""),
          description: String(data.get("description") ?? ""),
        };
        if (team) update.run({ teamId: team.id, ...values }, () => onSaved?.());
        else create.run(values, () => formRef.current?.reset());
      }}
    >
      <FormField id={`${id}-name`} label="Name" error={current.fieldErrors.name}>
        {(props) => (
          <Input {...props} name="name" defaultValue={team?.name} autoComplete="off" required />
        )}
      </FormField>
      <FormField
        id={`${id}-description`}
        label="Description"
        hint="Optional. What the team handles."
        error={current.fieldErrors.description}
      >
        {(props) => (
          <Textarea {...props} name="description" rows={2} defaultValue={team?.description} />
        )}
      </FormField>
      <ActionMessage
        result={current.result}
        fields={fields}
        success={
          !team && create.result?.ok ? `Team “${create.result.data.name}” created.` : undefined
        }
      />
      <div>
        <Button type="submit" disabled={current.isPending}>
          {team
            ? current.isPending
              ? "Saving…"
              : "Save changes"
            : current.isPending
              ? "Creating…"
              : "Create team"}
        </Button>
      </div>
    </form>
  );
}

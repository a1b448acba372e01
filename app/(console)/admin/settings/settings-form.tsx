"use client";

import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { saveWorkspaceSettingsAction } from "./actions";
import { wholeNumberOf } from "./whole-number";

const fields = ["composerDefaultKind", "allowedTypes", "deletedRetentionDays"] as const;

export function SettingsForm({
  composerDefaultKind,
  allowedTypes,
  deletedRetentionDays,
}: {
  composerDefaultKind: "note" | "reply";
  allowedTypes: string[];
  deletedRetentionDays: number;
}) {
  const { run, isPending, result, fieldErrors } = useAdminAction(saveWorkspaceSettingsAction);
  return (
    <form
      noValidate
      className="flex flex-col gap-6"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run({
          composerDefaultKind: form.get("composerDefaultKind") === "reply" ? "reply" : "note",
          allowedTypes: String(form.get("allowedTypes") ?? "")
            .split(/\s+/)
            .filter(Boolean),
          deletedRetentionDays: wholeNumberOf(form.get("deletedRetentionDays")),
        });
      }}
    >
      <ActionMessage result={result} fields={fields} success="Settings saved." />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">The composer starts on</legend>
        {(
          [
            ["note", "An internal note (safer: a public reply is then one explicit choice)"],
            ["reply", "A public reply"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="composerDefaultKind"
              value={value}
              defaultChecked={composerDefaultKind === value}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <FormField
        id="allowed-types"
        label="Allowed attachment types"
        hint={
          <>
            One MIME type per line; <code>image/*</code> allows a whole family. Each file is at most
            10 MB.
          </>
        }
        error={fieldErrors.allowedTypes}
      >
        {(props) => (
          <Textarea
            {...props}
            name="allowedTypes"
            rows={10}
            defaultValue={allowedTypes.join("\n")}
            className="font-mono text-xs"
          />
        )}
      </FormField>
      <FormField
        id="deleted-retention-days"
        label="Keep deleted tickets for (days)"
        hint="A deleted ticket can be restored until then; afterwards it is purged for good, with its messages and files (1 to 3,650 days)."
        error={fieldErrors.deletedRetentionDays}
      >
        {(props) => (
          <Input
            {...props}
            name="deletedRetentionDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            required
            defaultValue={deletedRetentionDays}
            className="w-32"
          />
        )}
      </FormField>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}

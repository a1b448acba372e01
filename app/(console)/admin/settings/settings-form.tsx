"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { saveWorkspaceSettingsAction } from "./actions";

export function SettingsForm({
  composerDefaultKind,
  allowedTypes,
  deletedRetentionDays,
}: {
  composerDefaultKind: "note" | "reply";
  allowedTypes: string[];
  deletedRetentionDays: number;
}) {
  const [kind, setKind] = useState(composerDefaultKind);
  const [types, setTypes] = useState(allowedTypes.join("\n"));
  const [retention, setRetention] = useState(String(deletedRetentionDays));
  const [result, setResult] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();

  const save = () =>
    startTransition(async () => {
      const response = await saveWorkspaceSettingsAction({
        composerDefaultKind: kind,
        allowedTypes: types.split(/\s+/).filter(Boolean),
        // An empty or non-numeric field becomes NaN, which the action refuses with a message.
        deletedRetentionDays: retention.trim() === "" ? Number.NaN : Number(retention),
      });
      setResult(
        response.ok
          ? { tone: "info", text: "Settings saved." }
          : { tone: "error", text: response.error },
      );
    });

  return (
    <form
      className="flex flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
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
              checked={kind === value}
              onChange={() => setKind(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="allowed-types">Allowed attachment types</Label>
        <p className="text-xs text-muted-foreground">
          One MIME type per line; <code>image/*</code> allows a whole family. Each file is at most
          10 MB.
        </p>
        <Textarea
          id="allowed-types"
          rows={10}
          value={types}
          onChange={(e) => setTypes(e.target.value)}
          className="font-mono text-xs"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="deleted-retention-days">Keep deleted tickets for (days)</Label>
        <p className="text-xs text-muted-foreground">
          A deleted ticket can be restored until then; afterwards it is purged for good, with its
          messages and files (1 to 3,650 days).
        </p>
        <Input
          id="deleted-retention-days"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          required
          value={retention}
          onChange={(e) => setRetention(e.target.value)}
          className="w-32"
        />
      </div>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}

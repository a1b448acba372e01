"use client";

/** Creates an API token and shows it once, with a copy button; afterwards only its prefix is known. */
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/safe-action";
import { createApiTokenAction } from "./actions";

type Created = { token: string; name: string; tokenPrefix: string };

export function CreateTokenForm({
  people,
  defaultUserId,
}: {
  people: { id: number; label: string }[];
  defaultUserId: number;
}) {
  const [isPending, startTransition] = useTransition();
  const [name, setName] = useState("");
  const [userId, setUserId] = useState(String(defaultUserId));
  const [result, setResult] = useState<ActionResult<Created> | null>(null);
  const [copied, setCopied] = useState(false);

  const failure = result && !result.ok ? result : null;
  const nameError = failure?.fieldErrors?.name?.[0];
  const userError = failure?.fieldErrors?.userId?.[0];
  const created = result?.ok ? result.data : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCopied(false);
    startTransition(async () => {
      try {
        const outcome = await createApiTokenAction({ name, userId: Number(userId) });
        setResult(outcome);
        if (outcome.ok) setName("");
      } catch {
        setResult({
          ok: false,
          code: "INTERNAL",
          error: "The server could not be reached. Check your connection and try again.",
        });
      }
    });
  }

  async function copy(token: string) {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {created ? (
        <Alert tone="info" className="flex flex-col gap-2">
          <p>
            Token <strong>{created.name}</strong> created. Copy it now: it will not be shown again.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-label="New API token"
              className="rounded border bg-background px-2 py-1 font-mono text-xs break-all"
            >
              {created.token}
            </code>
            <Button type="button" size="sm" variant="outline" onClick={() => copy(created.token)}>
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </Alert>
      ) : null}
      {failure && !nameError && !userError ? <Alert>{failure.error}</Alert> : null}
      <form onSubmit={submit} className="flex flex-col gap-4 sm:flex-row sm:items-end" noValidate>
        <div className="flex flex-1 flex-col gap-1.5">
          <Label htmlFor="api-token-name">Name</Label>
          <Input
            id="api-token-name"
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. CRM sync"
            maxLength={100}
            required
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "api-token-name-error" : undefined}
          />
          {nameError ? (
            <p id="api-token-name-error" className="text-sm text-destructive">
              {nameError}
            </p>
          ) : null}
        </div>
        <div className="flex flex-1 flex-col gap-1.5">
          <Label htmlFor="api-token-user">Acts as</Label>
          <select
            id="api-token-user"
            name="userId"
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
            className="flex h-9 w-full rounded-md border border-input bg-background px-3 py-1 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-invalid:border-destructive"
            aria-invalid={userError ? true : undefined}
            aria-describedby={userError ? "api-token-user-error" : undefined}
          >
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.label}
              </option>
            ))}
          </select>
          {userError ? (
            <p id="api-token-user-error" className="text-sm text-destructive">
              {userError}
            </p>
          ) : null}
        </div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </div>
  );
}

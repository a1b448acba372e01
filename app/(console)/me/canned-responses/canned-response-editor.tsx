"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { deleteCannedResponseAction, saveCannedResponseAction } from "./actions";

type Existing = { id: number; title: string; body: string };

/** Create (no `existing`) or edit one personal canned response. */
export function CannedResponseEditor({ existing }: { existing?: Existing }) {
  const [title, setTitle] = useState(existing?.title ?? "");
  const [body, setBody] = useState(existing?.body ?? "");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const prefix = existing ? `canned-${existing.id}` : "canned-new";

  const save = () =>
    startTransition(async () => {
      const result = await saveCannedResponseAction({ id: existing?.id, title, body });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.error);
        return;
      }
      setErrors({});
      setMessage(existing ? "Saved." : null);
      if (!existing) {
        setTitle("");
        setBody("");
      }
    });
  const remove = () =>
    startTransition(async () => {
      if (!existing || !window.confirm(`Delete “${existing.title}”?`)) return;
      const result = await deleteCannedResponseAction({ id: existing.id });
      if (!result.ok) setMessage(result.error);
    });

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {message ? (
        <Alert tone={Object.keys(errors).length ? "error" : "info"}>{message}</Alert>
      ) : null}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${prefix}-title`}>Title</Label>
        <Input
          id={`${prefix}-title`}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-invalid={errors.title ? true : undefined}
        />
        {errors.title ? <p className="text-sm text-destructive">{errors.title[0]}</p> : null}
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${prefix}-body`}>Response</Label>
        <Textarea
          id={`${prefix}-body`}
          rows={4}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          aria-invalid={errors.body ? true : undefined}
        />
        {errors.body ? <p className="text-sm text-destructive">{errors.body[0]}</p> : null}
      </div>
      <div className="flex justify-end gap-2">
        {existing ? (
          <Button type="button" variant="ghost" onClick={remove} disabled={isPending}>
            Delete
          </Button>
        ) : null}
        <Button type="submit" disabled={isPending}>
          {existing ? "Save" : "Add canned response"}
        </Button>
      </div>
    </form>
  );
}

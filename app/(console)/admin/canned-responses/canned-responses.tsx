"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useId, useRef, useState } from "react";
import { ActionMessage, FormField, useAdminAction } from "@/components/admin/action-form";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { AdminCannedResponse } from "@/lib/admin/queries";
import {
  createCannedResponseAction,
  deleteCannedResponseAction,
  updateCannedResponseAction,
} from "./actions";

const fields = ["title", "body"] as const;
/** A response with its update date already formatted on the server (no hydration mismatch). */
export type CannedResponseRow = AdminCannedResponse & { updatedLabel: string };

/** Creates a shared response, or edits `response` (then `onSaved` closes the dialog). */
export function CannedResponseForm({
  response,
  onSaved,
}: {
  response?: AdminCannedResponse;
  onSaved?: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const create = useAdminAction(createCannedResponseAction);
  const update = useAdminAction(updateCannedResponseAction);
  const current = response ? update : create;

  return (
    <form
      ref={formRef}
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const values = {
          title: String(data.get("title") ?? ""),
          body: String(data.get("body") ?? ""),
        };
        if (response) update.run({ cannedResponseId: response.id, ...values }, () => onSaved?.());
        else create.run(values, () => formRef.current?.reset());
      }}
    >
      <FormField id={`${id}-title`} label="Title" error={current.fieldErrors.title}>
        {(props) => (
          <Input {...props} name="title" defaultValue={response?.title} autoComplete="off" />
        )}
      </FormField>
      <FormField
        id={`${id}-body`}
        label="Text"
        hint="Masks such as #FirstName# or #TicketID# are filled in when an agent uses the response."
        error={current.fieldErrors.body}
      >
        {(props) => <Textarea {...props} name="body" rows={6} defaultValue={response?.body} />}
      </FormField>
      <ActionMessage
        result={current.result}
        fields={fields}
        success={
          !response && create.result?.ok
            ? `“${create.result.data.title}” is now available to every agent.`
            : undefined
        }
      />
      <div>
        <Button type="submit" disabled={current.isPending}>
          {response
            ? current.isPending
              ? "Saving…"
              : "Save changes"
            : current.isPending
              ? "Adding…"
              : "Add response"}
        </Button>
      </div>
    </form>
  );
}

export function CannedResponseList({ responses }: { responses: CannedResponseRow[] }) {
  return (
    <ul className="flex flex-col divide-y">
      {responses.map((response) => (
        <li key={response.id} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="flex flex-col">
              <h3 className="font-medium">{response.title}</h3>
              <p className="text-xs text-muted-foreground">
                Updated {response.updatedLabel}
                {response.createdByName ? ` · added by ${response.createdByName}` : ""}
              </p>
            </div>
            <div className="flex gap-2">
              <EditCannedResponseDialog response={response} />
              <ConfirmAction
                trigger={
                  <>
                    <Trash2 className="size-4" aria-hidden /> Delete
                  </>
                }
                triggerLabel={`Delete ${response.title}`}
                title={`Delete “${response.title}”?`}
                description="Agents will no longer be offered it. Replies already sent are not affected. This cannot be undone."
                confirmLabel="Delete"
                pendingLabel="Deleting…"
                perform={() => deleteCannedResponseAction({ cannedResponseId: response.id })}
              />
            </div>
          </div>
          <p className="line-clamp-3 text-sm whitespace-pre-line text-muted-foreground">
            {response.body}
          </p>
        </li>
      ))}
    </ul>
  );
}

function EditCannedResponseDialog({ response }: { response: AdminCannedResponse }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline" aria-label={`Edit ${response.title}`}>
          <Pencil className="size-4" aria-hidden /> Edit
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit shared response</DialogTitle>
          <DialogDescription>Changes apply the next time an agent uses it.</DialogDescription>
        </DialogHeader>
        {open ? <CannedResponseForm response={response} onSaved={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

"use client";

/**
 * What the console's forms that open a ticket share (/tickets/new and /tickets/compose): the card and
 * form, sending what was typed with the uploaded attachments, opening the new ticket on success, and
 * otherwise keeping the input and showing the message, with field errors under their fields.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { AttachmentUploader } from "@/components/attachments/attachment-uploader";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import type { FieldErrors } from "@/components/ui/field";
import type { ActionResult } from "@/lib/safe-action";

/**
 * A field's first error, and the aria props of its control, pointing at the error line its Field
 * renders: `<errorIdPrefix><id>-error`, where the Field's id is the field's name unless given.
 */
export type FieldFeedback = {
  err: (name: string) => string | undefined;
  invalid: (name: string, id?: string) => { "aria-invalid"?: true; "aria-describedby"?: string };
};

export function OpenTicketForm({
  send,
  errorIdPrefix = "",
  submitLabel,
  pendingLabel,
  children,
}: {
  /** Calls the action with the form's trimmed text fields (`text(name)`) and the attachments. */
  send: (
    text: (name: string) => string,
    attachmentIds: number[],
  ) => Promise<ActionResult<{ ref: string }>>;
  errorIdPrefix?: string;
  submitLabel: string;
  pendingLabel: string;
  children: (feedback: FieldFeedback) => ReactNode;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attachmentIds, setAttachmentIds] = useState<number[]>([]);
  const [isUploading, setIsUploading] = useState(false);

  const submit = (form: FormData) =>
    startTransition(async () => {
      const result = await send((name) => String(form.get(name) ?? "").trim(), attachmentIds);
      if (result.ok) {
        router.push(`/tickets/${result.data.ref}`);
        return;
      }
      setError(result.error);
      setFieldErrors(result.fieldErrors ?? {});
    });

  const err = (name: string) => fieldErrors[name]?.[0];
  const invalid = (name: string, id = name) =>
    err(name)
      ? { "aria-invalid": true as const, "aria-describedby": `${errorIdPrefix}${id}-error` }
      : {};

  return (
    <Card>
      <CardContent>
        <form
          // onSubmit rather than a form action: React resets a form after its action runs, which
          // would wipe what the agent typed whenever the server answers with a validation error.
          onSubmit={(event) => {
            event.preventDefault();
            submit(new FormData(event.currentTarget));
          }}
          className="flex flex-col gap-4"
          noValidate
        >
          {error ? <Alert>{error}</Alert> : null}
          {children({ err, invalid })}
          <AttachmentUploader
            onChange={setAttachmentIds}
            onUploadingChange={setIsUploading}
            disabled={isPending}
          />
          <div className="flex justify-end">
            <Button type="submit" disabled={isPending || isUploading}>
              {isPending ? pendingLabel : submitLabel}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

"use client";

/** The /tickets/compose form: To, name, From (with several mailboxes), subject, message and files. */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { composeEmailAction } from "@/app/(console)/tickets/compose/actions";
import { AttachmentUploader } from "@/components/attachments/attachment-uploader";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, type FieldErrors } from "@/components/ui/field";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";

export function ComposeEmailForm({
  mailboxes,
}: {
  mailboxes: { id: number; name: string; address: string; isDefault: boolean }[];
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attachmentIds, setAttachmentIds] = useState<number[]>([]);
  const [isUploading, setIsUploading] = useState(false);

  const submit = (form: FormData) =>
    startTransition(async () => {
      const text = (name: string) => String(form.get(name) ?? "").trim();
      const result = await composeEmailAction({
        to: text("to"),
        name: text("name") || undefined,
        subject: text("subject"),
        body: text("body"),
        mailboxId: text("mailboxId") ? Number(text("mailboxId")) : null,
        attachmentIds,
      });
      if (result.ok) {
        router.push(`/tickets/${result.data.ref}`);
        return;
      }
      setError(result.error);
      setFieldErrors(result.fieldErrors ?? {});
    });

  const err = (name: string) => fieldErrors[name]?.[0];
  const invalid = (name: string) =>
    err(name) ? { "aria-invalid": true, "aria-describedby": `compose-${name}-error` } : {};

  return (
    <Card>
      <CardContent className="pt-5">
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
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="compose-to" label="To" error={err("to")}>
              <Input
                id="compose-to"
                name="to"
                type="email"
                required
                autoComplete="off"
                placeholder="name@example.com"
                {...invalid("to")}
              />
            </Field>
            <Field id="compose-name" label="Customer name">
              <Input id="compose-name" name="name" autoComplete="off" />
            </Field>
          </div>
          {mailboxes.length > 1 ? (
            <Field id="compose-mailbox" label="From" error={err("mailboxId")}>
              <NativeSelect
                id="compose-mailbox"
                name="mailboxId"
                defaultValue={String(mailboxes.find((m) => m.isDefault)?.id ?? mailboxes[0]!.id)}
              >
                {mailboxes.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} &lt;{m.address}&gt;
                  </option>
                ))}
              </NativeSelect>
            </Field>
          ) : null}
          <Field id="compose-subject" label="Subject" error={err("subject")}>
            <Input id="compose-subject" name="subject" required {...invalid("subject")} />
          </Field>
          <Field id="compose-body" label="Message" error={err("body")}>
            <Textarea id="compose-body" name="body" rows={8} required {...invalid("body")} />
          </Field>
          <AttachmentUploader
            onChange={setAttachmentIds}
            onUploadingChange={setIsUploading}
            disabled={isPending}
          />
          <div className="flex justify-end">
            <Button type="submit" disabled={isPending || isUploading}>
              {isPending ? "Sending…" : "Send email"}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

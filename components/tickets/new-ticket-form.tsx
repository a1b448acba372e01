"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createTicketAction } from "@/app/(console)/tickets/new/actions";
import { AttachmentUploader } from "@/components/attachments/attachment-uploader";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, type FieldErrors } from "@/components/ui/field";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import {
  ticketChannels,
  ticketPriorities,
  type TicketChannel,
  type TicketPriority,
} from "@/db/schema/enum-values";
import { channelLabels, priorityLabels } from "@/lib/tickets/labels";

type Option = { id: number; name: string };
export function NewTicketForm({
  options,
}: {
  options: { categories: Option[]; users: Option[]; teams: Option[] };
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
      const id = (name: string) => (text(name) ? Number(text(name)) : null);
      const tags = text("tags")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      const result = await createTicketAction({
        requester: { email: text("email"), name: text("name") || undefined },
        subject: text("subject"),
        body: text("body"),
        channel: text("channel") as TicketChannel,
        priority: text("priority") as TicketPriority,
        categoryId: id("categoryId"),
        assigneeId: id("assigneeId"),
        teamId: id("teamId"),
        tags,
        dueAt: text("dueAt") ? new Date(text("dueAt")) : null,
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
    err(name) ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};

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
            <Field id="email" label="Requester email" error={err("requester")}>
              <Input
                id="email"
                name="email"
                type="email"
                required
                autoComplete="off"
                {...invalid("requester")}
              />
            </Field>
            <Field id="name" label="Requester name">
              <Input id="name" name="name" autoComplete="off" />
            </Field>
          </div>
          <Field id="subject" label="Subject" error={err("subject")}>
            <Input id="subject" name="subject" required {...invalid("subject")} />
          </Field>
          <Field id="body" label="Description" error={err("body")}>
            <Textarea id="body" name="body" rows={6} required {...invalid("body")} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="channel" label="Channel">
              <NativeSelect id="channel" name="channel" defaultValue="phone">
                {ticketChannels.map((c) => (
                  <option key={c} value={c}>
                    {channelLabels[c]}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="priority" label="Priority">
              <NativeSelect id="priority" name="priority" defaultValue="medium">
                {ticketPriorities.map((p) => (
                  <option key={p} value={p}>
                    {priorityLabels[p]}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="categoryId" label="Category" error={err("categoryId")}>
              <NativeSelect id="categoryId" name="categoryId" defaultValue="">
                <option value="">No category</option>
                {options.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="assigneeId" label="Assignee" error={err("assigneeId")}>
              <NativeSelect id="assigneeId" name="assigneeId" defaultValue="">
                <option value="">Unassigned</option>
                {options.users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="teamId" label="Team" error={err("teamId")}>
              <NativeSelect id="teamId" name="teamId" defaultValue="">
                <option value="">No team</option>
                {options.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="dueAt" label="Due" error={err("dueAt")}>
              <Input id="dueAt" name="dueAt" type="datetime-local" />
            </Field>
          </div>
          <Field id="tags" label="Tags (comma separated)" error={err("tags")}>
            <Input id="tags" name="tags" placeholder="vip, onboarding" />
          </Field>
          <AttachmentUploader
            onChange={setAttachmentIds}
            onUploadingChange={setIsUploading}
            disabled={isPending}
          />
          <div className="flex justify-end">
            <Button type="submit" disabled={isPending || isUploading}>
              {isPending ? "Creating…" : "Create ticket"}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

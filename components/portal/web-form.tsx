"use client";

/**
 * The public request form of a mailbox. Sent as multipart to /support/<slug>/submit (files go with
 * the request; the route checks the honeypot, the signed time stamp and the rate limit). The
 * `website` field is the honeypot: hidden from people and from screen readers, left empty by them.
 */
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FileInput } from "@/components/ui/file-input";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { MAX_ATTACHMENT_BYTES, tooLargeMessage } from "@/lib/attachments/rules";

type Result =
  | { kind: "sent"; ticketRef: string | null }
  | { kind: "error"; message: string; fieldErrors: Record<string, string[] | undefined> };

export function WebForm({
  slug,
  stamp,
  categories,
}: {
  slug: string;
  stamp: string;
  categories: { id: number; name: string }[];
}) {
  const [result, setResult] = useState<Result | null>(null);
  const [isPending, startTransition] = useTransition();

  if (result?.kind === "sent") {
    return (
      <Alert tone="info">
        Thank you — we received your request
        {result.ticketRef ? ` (${result.ticketRef})` : ""}. We have sent you an email with a link
        where you can follow it.
      </Alert>
    );
  }
  const fieldError = (name: string) =>
    result?.kind === "error" ? result.fieldErrors[name]?.[0] : undefined;

  return (
    <form
      className="flex flex-col gap-4"
      encType="multipart/form-data"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const files = form
          .getAll("files")
          .filter((f): f is File => f instanceof File && f.size > 0);
        const tooLarge = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
        if (tooLarge) {
          setResult({ kind: "error", message: tooLargeMessage(tooLarge.name), fieldErrors: {} });
          return;
        }
        startTransition(async () => {
          try {
            const response = await fetch(`/support/${encodeURIComponent(slug)}/submit`, {
              method: "POST",
              body: form,
            });
            const json = (await response.json()) as
              | { ok: true; ticketRef: string | null }
              | { ok: false; error: string; fieldErrors?: Record<string, string[]> };
            setResult(
              json.ok
                ? { kind: "sent", ticketRef: json.ticketRef }
                : { kind: "error", message: json.error, fieldErrors: json.fieldErrors ?? {} },
            );
          } catch {
            setResult({
              kind: "error",
              message: "The request could not be sent. Check your connection and try again.",
              fieldErrors: {},
            });
          }
        });
      }}
    >
      {result?.kind === "error" ? <Alert>{result.message}</Alert> : null}
      <input type="hidden" name="stamp" value={stamp} />
      <div className="absolute -left-[10000px] h-px w-px overflow-hidden" aria-hidden="true">
        <label htmlFor="website">Leave this field empty</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <Field label="Your name" id="name" error={fieldError("name")}>
        <Input id="name" name="name" autoComplete="name" required maxLength={200} />
      </Field>
      <Field label="Your email address" id="email" error={fieldError("email")}>
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      {categories.length > 0 ? (
        <Field label="Topic" id="categoryId" error={fieldError("categoryId")}>
          <NativeSelect id="categoryId" name="categoryId" defaultValue="">
            <option value="">Choose a topic (optional)</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
      ) : null}
      <Field label="Subject" id="subject" error={fieldError("subject")}>
        <Input id="subject" name="subject" required maxLength={300} />
      </Field>
      <Field label="Description" id="description" error={fieldError("description")}>
        <Textarea id="description" name="description" rows={8} required />
      </Field>
      <Field label="Attachments (optional, up to 5 files of 10 MB each)" id="files">
        <FileInput id="files" name="files" multiple />
      </Field>
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Sending…" : "Send request"}
        </Button>
      </div>
    </form>
  );
}

"use client";

/**
 * Editing one email template: subject and body with a mask reference beside them, a live preview
 * (rendered on the server against the sample or a real ticket, shown in a sandboxed iframe so the
 * email's HTML can run no script and reach nothing), save, and reset to the default.
 */
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { EmailEventKey } from "@/lib/mail/templates/events";
import {
  previewEmailTemplateAction,
  resetEmailTemplateAction,
  saveEmailTemplateAction,
} from "../actions";

type Preview = {
  subject: string;
  html: string;
  text: string;
  unknown: string[];
  isSkipped: boolean;
};

export function TemplateEditor({
  event,
  subject: initialSubject,
  body: initialBody,
  isDefault,
  masks,
}: {
  event: EmailEventKey;
  subject: string;
  body: string;
  isDefault: boolean;
  masks: readonly { mask: string; meaning: string }[];
}) {
  const [subject, setSubject] = useState(initialSubject);
  const [body, setBody] = useState(initialBody);
  const [ticket, setTicket] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [result, setResult] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [isSaving, startSaving] = useTransition();
  const [, startPreview] = useTransition();

  // Re-render the preview shortly after the last keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      startPreview(async () => {
        const response = await previewEmailTemplateAction({ event, subject, body, ticket });
        if (response.ok) {
          setPreview(response.data);
          setPreviewError(null);
        } else {
          setPreviewError(response.error);
        }
      });
    }, 300);
    return () => clearTimeout(timer);
  }, [event, subject, body, ticket]);

  const save = () =>
    startSaving(async () => {
      const response = await saveEmailTemplateAction({ event, subject, body });
      setResult(
        response.ok
          ? { tone: "info", text: "Template saved." }
          : { tone: "error", text: response.error },
      );
    });
  const reset = () =>
    startSaving(async () => {
      const response = await resetEmailTemplateAction({ event });
      if (response.ok) {
        setSubject(response.data.subject);
        setBody(response.data.body);
      }
      setResult(
        response.ok
          ? { tone: "info", text: "Back to the default template." }
          : { tone: "error", text: response.error },
      );
    });

  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_18rem]">
      <div className="flex min-w-0 flex-col gap-4">
        <Card>
          <CardContent className="flex flex-col gap-4">
            {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="template-subject">Subject</Label>
              <Input
                id="template-subject"
                value={subject}
                onChange={(e) => setSubject(e.target.value)}
                className="font-mono text-xs"
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="template-body">Body</Label>
              <p className="text-xs text-muted-foreground">
                Plain text (line breaks are kept) or HTML. Leave the subject or body empty to stop
                sending this email.
              </p>
              <Textarea
                id="template-body"
                rows={12}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                className="font-mono text-xs"
              />
            </div>
            <div className="flex flex-wrap gap-2">
              <Button type="button" onClick={save} disabled={isSaving}>
                {isSaving ? "Saving…" : "Save template"}
              </Button>
              <Button type="button" variant="outline" onClick={reset} disabled={isSaving}>
                Reset to default
              </Button>
              {isDefault ? (
                <span className="self-center text-xs text-muted-foreground">
                  Currently the default.
                </span>
              ) : null}
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="flex-row items-center justify-between gap-2">
            <CardTitle>Preview</CardTitle>
            <div className="flex items-center gap-2">
              <Label htmlFor="preview-ticket" className="text-xs text-muted-foreground">
                Ticket
              </Label>
              <Input
                id="preview-ticket"
                placeholder="Sample (or TKT-042)"
                value={ticket}
                onChange={(e) => setTicket(e.target.value)}
                className="h-8 w-44 text-xs"
              />
            </div>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            {previewError ? <Alert tone="error">{previewError}</Alert> : null}
            {preview?.unknown.length ? (
              <Alert tone="error">
                Unknown {preview.unknown.length === 1 ? "mask" : "masks"}:{" "}
                {preview.unknown.map((m) => `#${m}#`).join(", ")}
              </Alert>
            ) : null}
            {preview?.isSkipped ? (
              <Alert tone="info">This template is empty: the email is not sent.</Alert>
            ) : preview ? (
              <>
                <p className="text-sm">
                  <span className="text-muted-foreground">Subject: </span>
                  <span data-testid="preview-subject">{preview.subject}</span>
                </p>
                <iframe
                  title="Email preview"
                  sandbox=""
                  srcDoc={preview.html}
                  className="h-[28rem] w-full rounded-md border bg-white"
                />
              </>
            ) : (
              <p className="text-sm text-muted-foreground">Rendering…</p>
            )}
          </CardContent>
        </Card>
      </div>
      <Card className="h-fit">
        <CardHeader>
          <CardTitle>Masks</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="flex flex-col gap-2 text-xs">
            {masks.map((item) => (
              <div key={item.mask}>
                <dt className="font-mono">{item.mask}</dt>
                <dd className="text-muted-foreground">{item.meaning}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}

"use client";

/**
 * The composer: an internal note by default (a workspace setting may flip that), a public reply only
 * by an explicit choice. Attachments upload as soon as they are picked; canned responses are inserted
 * with their masks filled; the status can be set in the same step ("send and set Pending").
 */
import { Lock, Send } from "lucide-react";
import { useEffect, useRef, useState, useTransition } from "react";
import { postMessageAction } from "@/app/(console)/tickets/[ref]/actions";
import { AttachmentUploader } from "@/components/attachments/attachment-uploader";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { ticketStatuses, type TicketStatus } from "@/db/schema/enum-values";
import { fillCannedResponse, type CannedResponseContext } from "@/lib/canned-responses/fill";
import { statusLabels } from "@/lib/tickets/labels";
import { cn } from "@/lib/utils";

export type ComposerKind = "note" | "reply";

/** Other components (keyboard shortcuts) open the composer with this event. */
export const COMPOSER_FOCUS_EVENT = "helpdesk:composer-focus";
export function focusComposer(kind: ComposerKind) {
  window.dispatchEvent(new CustomEvent(COMPOSER_FOCUS_EVENT, { detail: kind }));
}

export function Composer({
  number,
  defaultKind,
  currentStatus,
  cannedResponses,
  cannedContext,
}: {
  number: number;
  defaultKind: ComposerKind;
  currentStatus: TicketStatus;
  cannedResponses: { id: number; title: string; body: string; shared: boolean }[];
  cannedContext: CannedResponseContext;
}) {
  const [kind, setKind] = useState<ComposerKind>(defaultKind);
  const [body, setBody] = useState("");
  const [attachmentIds, setAttachmentIds] = useState<number[]>([]);
  const [isUploading, setIsUploading] = useState(false);
  const [setStatus, setSetStatus] = useState<"" | TicketStatus>("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const [isPending, startTransition] = useTransition();
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const onFocus = (event: Event) => {
      const requested = (event as CustomEvent<ComposerKind>).detail;
      if (requested === "note" || requested === "reply") setKind(requested);
      textarea.current?.focus();
    };
    window.addEventListener(COMPOSER_FOCUS_EVENT, onFocus);
    return () => window.removeEventListener(COMPOSER_FOCUS_EVENT, onFocus);
  }, []);

  const insertCanned = (id: string) => {
    const canned = cannedResponses.find((c) => String(c.id) === id);
    if (!canned) return;
    const { text, unknown } = fillCannedResponse(canned.body, cannedContext);
    setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text));
    setNotice(
      unknown.length
        ? `Unknown masks left as they are: ${unknown.map((u) => `#${u}#`).join(", ")}`
        : null,
    );
    textarea.current?.focus();
  };

  const send = () =>
    startTransition(async () => {
      const result = await postMessageAction({
        number,
        message: { kind, body, attachmentIds, setStatus: setStatus || undefined },
      });
      if (!result.ok) {
        setError(result.fieldErrors?.body?.[0] ?? result.error);
        return;
      }
      setError(null);
      setNotice(kind === "note" ? "Note added." : "Reply sent.");
      setBody("");
      setAttachmentIds([]);
      setSetStatus("");
      setSent((n) => n + 1);
    });

  const isNote = kind === "note";
  const canSend =
    !isPending && !isUploading && (body.trim().length > 0 || attachmentIds.length > 0);

  return (
    <section
      aria-label="Composer"
      className={cn(
        "flex flex-col gap-3 rounded-lg border p-4",
        isNote ? "border-note-border bg-note" : "bg-card",
      )}
    >
      <div className="flex flex-wrap items-center gap-3">
        <div
          role="radiogroup"
          aria-label="Message type"
          className="inline-flex rounded-md border bg-background p-0.5"
        >
          {(["note", "reply"] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={kind === option}
              onClick={() => setKind(option)}
              className={cn(
                "inline-flex items-center gap-1.5 rounded px-3 py-1 text-sm",
                kind === option
                  ? "bg-primary text-primary-foreground"
                  : "text-muted-foreground hover:bg-muted",
              )}
            >
              {option === "note" ? (
                <Lock className="size-3.5" aria-hidden />
              ) : (
                <Send className="size-3.5" aria-hidden />
              )}
              {option === "note" ? "Internal note" : "Public reply"}
            </button>
          ))}
        </div>
        <p className="text-xs text-muted-foreground">
          {isNote
            ? "Only agents see notes. Mention colleagues with @name."
            : "The customer will receive this message."}
        </p>
        {cannedResponses.length > 0 ? (
          <div className="ml-auto w-56">
            <NativeSelect
              aria-label="Insert canned response"
              value=""
              onChange={(e) => insertCanned(e.target.value)}
            >
              <option value="">Insert canned response…</option>
              {cannedResponses.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.shared ? c.title : `${c.title} (mine)`}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {notice && !error ? <Alert tone="info">{notice}</Alert> : null}
      <Textarea
        ref={textarea}
        aria-label="Message"
        rows={6}
        value={body}
        placeholder={isNote ? "Write an internal note…" : "Write a reply to the customer…"}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey) && canSend) {
            e.preventDefault();
            send();
          }
        }}
      />
      <AttachmentUploader
        onChange={setAttachmentIds}
        onUploadingChange={setIsUploading}
        disabled={isPending}
        resetKey={sent}
      />
      <div className="flex flex-wrap items-center justify-end gap-2">
        <div className="w-64">
          <NativeSelect
            aria-label="Then set status"
            value={setStatus}
            onChange={(e) => setSetStatus(e.target.value as "" | TicketStatus)}
          >
            <option value="">Keep status: {statusLabels[currentStatus]}</option>
            {ticketStatuses
              .filter((s) => s !== currentStatus)
              .map((s) => (
                <option key={s} value={s}>
                  and set {statusLabels[s]}
                </option>
              ))}
          </NativeSelect>
        </div>
        <Button onClick={send} disabled={!canSend}>
          {isPending ? "Sending…" : isNote ? "Add note" : "Send reply"}
        </Button>
      </div>
    </section>
  );
}

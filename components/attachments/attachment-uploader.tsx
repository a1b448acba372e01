"use client";

/**
 * The composer's file picker: a button and a drop zone, several files at once. Each file uploads on
 * its own as soon as it is chosen (POST /api/attachments, with progress), fails on its own without
 * disturbing the others, and can be removed before the message is sent. The parent only learns the
 * ids of the finished uploads, which it sends with the message.
 */
import { CircleAlert, FileText, LoaderCircle, Paperclip, X } from "lucide-react";
import { useEffect, useEffectEvent, useId, useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { formatBytes, MAX_ATTACHMENT_BYTES, tooLargeMessage } from "@/lib/attachments/rules";
import { cn } from "@/lib/utils";

export type UploadedAttachment = {
  id: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  previewUrl: string | null;
  downloadUrl: string;
};

type UploadItem = { key: number; name: string; size: number } & (
  | { status: "uploading"; progress: number }
  | { status: "done"; attachment: UploadedAttachment }
  | { status: "error"; error: string }
);

export type AttachmentUploaderProps = {
  /** The ids of the finished uploads, in the order they were added; called whenever that changes. */
  onChange: (ids: number[]) => void;
  /** Whether any file is still uploading (a message sent now would go without it). */
  onUploadingChange?: (isUploading: boolean) => void;
  disabled?: boolean;
  /** Change it (e.g. after the message was sent) to clear the list and cancel running uploads. */
  resetKey?: string | number;
};

export function AttachmentUploader({
  onChange,
  onUploadingChange,
  disabled = false,
  resetKey,
}: AttachmentUploaderProps) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [isDragging, setIsDragging] = useState(false);
  const [seenResetKey, setSeenResetKey] = useState(resetKey);
  const inputRef = useRef<HTMLInputElement>(null);
  const requests = useRef(new Map<number, XMLHttpRequest>());
  const nextKey = useRef(0);
  const reported = useRef({ ids: "", isUploading: false });
  const hintId = useId();

  // A new resetKey starts over; the effect below cancels what was still uploading.
  if (resetKey !== seenResetKey) {
    setSeenResetKey(resetKey);
    setItems([]);
  }

  useEffect(() => {
    const inFlight = requests.current;
    return () => {
      for (const request of inFlight.values()) request.abort();
      inFlight.clear();
    };
  }, [resetKey]);

  const report = useEffectEvent((ids: number[], isUploading: boolean) => {
    const idsKey = ids.join(",");
    if (idsKey !== reported.current.ids) onChange(ids);
    if (isUploading !== reported.current.isUploading) onUploadingChange?.(isUploading);
    reported.current = { ids: idsKey, isUploading };
  });

  useEffect(() => {
    report(
      items.flatMap((item) => (item.status === "done" ? [item.attachment.id] : [])),
      items.some((item) => item.status === "uploading"),
    );
  }, [items]);

  function update(key: number, change: (item: UploadItem) => UploadItem) {
    setItems((current) => current.map((item) => (item.key === key ? change(item) : item)));
  }

  function upload(key: number, file: File) {
    const request = new XMLHttpRequest();
    requests.current.set(key, request);
    const fail = (error: string) =>
      update(key, (item) => ({ key, name: item.name, size: item.size, status: "error", error }));

    request.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      update(key, (item) =>
        item.status === "uploading" ? { ...item, progress: event.loaded / event.total } : item,
      );
    };
    request.onload = () => {
      requests.current.delete(key);
      const body: unknown = request.response;
      if (request.status === 201 && isUploadedAttachment(body)) {
        update(key, () => ({
          key,
          name: body.filename,
          size: body.sizeBytes,
          status: "done",
          attachment: body,
        }));
      } else {
        fail(errorMessageFor(request.status, body, file.name));
      }
    };
    request.onerror = () => {
      requests.current.delete(key);
      fail("The upload failed. Check your connection and try again.");
    };
    request.onabort = () => {
      requests.current.delete(key);
    };

    const form = new FormData();
    form.append("file", file);
    request.open("POST", "/api/attachments");
    request.responseType = "json";
    request.send(form);
  }

  function addFiles(files: Iterable<File>) {
    if (disabled) return;
    const added: UploadItem[] = [];
    for (const file of files) {
      const key = ++nextKey.current;
      if (file.size > MAX_ATTACHMENT_BYTES) {
        const error = tooLargeMessage(file.name);
        added.push({ key, name: file.name, size: file.size, status: "error", error });
        continue;
      }
      added.push({ key, name: file.name, size: file.size, status: "uploading", progress: 0 });
      upload(key, file);
    }
    if (added.length > 0) setItems((current) => [...current, ...added]);
  }

  function remove(key: number) {
    // An upload already stored stays a pending upload on the server until the periodic sweep.
    requests.current.get(key)?.abort();
    setItems((current) => current.filter((item) => item.key !== key));
  }

  function onDragOver(event: DragEvent<HTMLDivElement>) {
    if (disabled || !event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    setIsDragging(true);
  }

  function onDragLeave(event: DragEvent<HTMLDivElement>) {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setIsDragging(false);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsDragging(false);
    addFiles(Array.from(event.dataTransfer.files));
  }

  return (
    <div className="flex flex-col gap-2">
      <div
        role="group"
        aria-label="Attachments"
        aria-describedby={hintId}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        data-dragging={isDragging || undefined}
        className={cn(
          "flex flex-wrap items-center gap-2 rounded-md border border-dashed px-3 py-2 text-sm transition-colors",
          isDragging ? "border-primary bg-accent/40" : "border-input",
          disabled && "opacity-50",
        )}
      >
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={disabled}
          onClick={() => inputRef.current?.click()}
        >
          <Paperclip className="size-4" aria-hidden />
          Attach files
        </Button>
        <span id={hintId} className="text-xs text-muted-foreground">
          or drop them here · up to 10 MB each
        </span>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          aria-label="Attach files"
          disabled={disabled}
          onChange={(event) => {
            addFiles(Array.from(event.currentTarget.files ?? []));
            // Choosing the same file again after removing it must fire change again.
            event.currentTarget.value = "";
          }}
        />
      </div>

      {items.length > 0 ? (
        <ul className="flex flex-col gap-1.5" aria-label="Files to send">
          {items.map((item) => (
            <UploadRow
              key={item.key}
              item={item}
              disabled={disabled}
              onRemove={() => remove(item.key)}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function UploadRow({
  item,
  disabled,
  onRemove,
}: {
  item: UploadItem;
  disabled: boolean;
  onRemove: () => void;
}) {
  const percent = item.status === "uploading" ? Math.round(item.progress * 100) : 100;
  return (
    <li
      data-status={item.status}
      className={cn(
        "flex items-start gap-2 rounded-md border px-2 py-1.5 text-sm",
        item.status === "error" && "border-destructive/40 bg-destructive/5",
      )}
    >
      <span className="mt-0.5 shrink-0" aria-hidden>
        {item.status === "uploading" ? (
          <LoaderCircle className="size-4 animate-spin text-muted-foreground" />
        ) : item.status === "error" ? (
          <CircleAlert className="size-4 text-destructive" />
        ) : (
          <FileText className="size-4 text-muted-foreground" />
        )}
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex items-baseline gap-2">
          <span className="truncate font-medium">{item.name}</span>
          <span className="shrink-0 text-xs text-muted-foreground">{formatBytes(item.size)}</span>
          <span className="ml-auto shrink-0 text-xs text-muted-foreground" aria-live="polite">
            {item.status === "uploading" ? "Uploading…" : item.status === "done" ? "Ready" : ""}
          </span>
        </div>
        {item.status === "uploading" ? (
          <div
            role="progressbar"
            aria-label={`Uploading ${item.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-1.5 w-full overflow-hidden rounded-full bg-muted"
          >
            <div
              className="h-full rounded-full bg-primary transition-[width]"
              style={{ width: `${percent}%` }}
            />
          </div>
        ) : null}
        {item.status === "error" ? (
          <p role="alert" className="text-xs text-destructive">
            {item.error}
          </p>
        ) : null}
      </div>
      <Button
        type="button"
        variant="ghost"
        size="icon"
        className="size-7 shrink-0"
        disabled={disabled}
        onClick={onRemove}
        aria-label={
          item.status === "uploading" ? `Cancel upload of ${item.name}` : `Remove ${item.name}`
        }
      >
        <X className="size-4" aria-hidden />
      </Button>
    </li>
  );
}

function isUploadedAttachment(body: unknown): body is UploadedAttachment {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.id === "number" &&
    typeof b.filename === "string" &&
    typeof b.contentType === "string" &&
    typeof b.sizeBytes === "number" &&
    (typeof b.previewUrl === "string" || b.previewUrl === null) &&
    typeof b.downloadUrl === "string"
  );
}

function errorMessageFor(status: number, body: unknown, filename: string): string {
  if (status === 413) return tooLargeMessage(filename);
  if (status === 401) return "Your session has ended. Sign in again to upload files.";
  const message =
    typeof body === "object" && body !== null && "error" in body
      ? (body as { error?: { message?: unknown } }).error?.message
      : undefined;
  if (typeof message === "string" && message !== "") return message;
  return `The upload failed (HTTP ${status}). Try again.`;
}

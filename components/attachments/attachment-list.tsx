/**
 * A message's attachments: inline-safe images as thumbnails (opening full size in a new tab), every
 * other file as a download link with its size. No hooks, so it renders on the server or the client.
 */
import { Paperclip } from "lucide-react";
import {
  attachmentDownloadUrl,
  attachmentInlineUrl,
  formatBytes,
  isInlineSafeType,
} from "@/lib/attachments/rules";
import { cn } from "@/lib/utils";

export type AttachmentListItem = {
  id: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
};

export function AttachmentList({
  attachments,
  className,
}: {
  attachments: readonly AttachmentListItem[];
  className?: string;
}) {
  if (attachments.length === 0) return null;
  const images = attachments.filter((a) => isInlineSafeType(a.contentType));
  const files = attachments.filter((a) => !isInlineSafeType(a.contentType));
  return (
    <div className={cn("flex flex-col gap-2", className)}>
      {images.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Attached images">
          {images.map((image) => (
            <li key={image.id}>
              <a
                href={attachmentInlineUrl(image.id)}
                target="_blank"
                rel="noopener noreferrer"
                title={`${image.filename} (${formatBytes(image.sizeBytes)})`}
                className="block overflow-hidden rounded-md border bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              >
                {/* The bytes need the session cookie and are private: next/image's optimizer would
                    fetch them without it, so a plain img is the right element here. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img
                  src={attachmentInlineUrl(image.id)}
                  alt={image.filename}
                  loading="lazy"
                  decoding="async"
                  className="size-24 object-cover"
                />
                <span className="sr-only"> (opens in a new tab)</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {files.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Attached files">
          {files.map((file) => (
            <li key={file.id}>
              <a
                href={attachmentDownloadUrl(file.id)}
                className="inline-flex max-w-full items-center gap-1.5 rounded-md border px-2 py-1 text-xs hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              >
                <Paperclip className="size-3 shrink-0" aria-hidden />
                <span className="truncate">{file.filename}</span>
                <span className="shrink-0 text-muted-foreground">
                  ({formatBytes(file.sizeBytes)})
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

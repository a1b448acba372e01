"use client";

/**
 * The requester's reply: text and files (each uploaded at once to /api/attachments with the portal
 * session, 10 MB each). A reply to a Closed ticket starts a follow-up ticket; the form then opens it.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { portalReplyAction } from "@/app/portal/actions";
import { AttachmentUploader } from "@/components/attachments/attachment-uploader";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

export function PortalReplyForm({ number, isClosed }: { number: number; isClosed: boolean }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [attachmentIds, setAttachmentIds] = useState<number[]>([]);
  const [isUploading, setIsUploading] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const [result, setResult] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();

  const send = () =>
    startTransition(async () => {
      const response = await portalReplyAction({ number, body, attachmentIds });
      if (!response.ok) {
        setResult({ tone: "error", text: response.error });
        return;
      }
      setBody("");
      setAttachmentIds([]);
      setResetKey((k) => k + 1);
      if (response.data.outcome === "follow_up") {
        router.push(`/portal/tickets/${response.data.ticketRef}`);
        return;
      }
      setResult({ tone: "info", text: "Your reply was sent." });
      router.refresh();
    });

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {isClosed ? (
        <p className="text-sm text-muted-foreground">
          This request is closed. Writing again opens a new request that follows on from it.
        </p>
      ) : null}
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="portal-reply">Your message</Label>
        <Textarea
          id="portal-reply"
          rows={5}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          disabled={isPending}
        />
      </div>
      <AttachmentUploader
        onChange={setAttachmentIds}
        onUploadingChange={setIsUploading}
        disabled={isPending}
        resetKey={resetKey}
      />
      <div>
        <Button type="submit" disabled={isPending || isUploading}>
          {isPending ? "Sending…" : "Send reply"}
        </Button>
      </div>
    </form>
  );
}

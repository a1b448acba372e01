/**
 * GET /api/attachments/:id — the bytes of one attachment the signed-in user may see. Served so that a
 * browser never runs them: a download unless it is an inline-safe raster image and `?inline=1` asks
 * for it, nosniff, and a sandboxing CSP in case the bytes are opened directly anyway.
 */
import { z } from "zod";
import { getDb } from "@/db";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import { GENERIC_CONTENT_TYPE } from "@/lib/attachments/content-type";
import { getAttachmentForDownload } from "@/lib/attachments/get-attachment-for-download";
import { getSessionActor } from "@/lib/auth/session";
import { getPortalActorFromRequest } from "@/lib/portal/session";
import { errorResponse, responseForError, unauthorized } from "../_lib/responses";

const paramsSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/)
    .transform(Number),
});

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  // An agent's console session, else a requester's portal session (lib/portal/session.ts).
  const actor = (await getSessionActor()) ?? (await getPortalActorFromRequest(request));
  if (!actor) return unauthorized();

  const params = paramsSchema.safeParse(await context.params);
  // A malformed id is answered like a missing one.
  if (!params.success) return errorResponse("NOT_FOUND", "Attachment not found.");
  const wantsInline = new URL(request.url).searchParams.get("inline") === "1";

  try {
    const { attachment, canShowInline } = await getAttachmentForDownload(getDb(), {
      actor,
      attachmentId: params.data.id,
    });
    const inline = wantsInline && canShowInline;
    const etag = `"${attachment.sha256}"`;
    const headers = new Headers({
      "Content-Type": canShowInline ? attachment.contentType : GENERIC_CONTENT_TYPE,
      "Content-Disposition": contentDisposition(
        inline ? "inline" : "attachment",
        attachment.filename,
      ),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=0, must-revalidate",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
      ETag: etag,
    });
    if (request.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    headers.set("Content-Length", String(attachment.sizeBytes));
    const body = await startStream(getAttachmentStorage().stream(attachment.storageKey));
    return new Response(body, { status: 200, headers });
  } catch (error) {
    return responseForError(error, "download");
  }
}

/** RFC 6266 / 8187: the UTF-8 name, percent-encoded, so no name can break out of the header. */
function contentDisposition(type: "inline" | "attachment", filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename*=UTF-8''${encoded}`;
}

/**
 * Reads the first chunk before the response is sent, so that bytes missing from storage become a
 * logged 500 rather than a 200 that breaks off.
 */
async function startStream(
  stream: ReadableStream<Uint8Array>,
): Promise<ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  const first = await reader.read();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

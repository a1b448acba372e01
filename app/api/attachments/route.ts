/**
 * POST /api/attachments — one file per request (multipart field `file`), stored as a pending upload
 * for the signed-in user. The composer sends the returned id with the message.
 */
import { z } from "zod";
import { getDb } from "@/db";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import {
  MAX_ATTACHMENT_BYTES,
  attachmentDownloadUrl,
  attachmentInlineUrl,
  isInlineSafeType,
} from "@/lib/attachments/rules";
import { uploadAttachment } from "@/lib/attachments/upload-attachment";
import { getSessionActor } from "@/lib/auth/session";
import { getPortalActorFromRequest } from "@/lib/portal/session";
import { getSetting } from "@/lib/settings";
import { errorResponse, responseForError, unauthorized } from "./_lib/responses";
import { readBodyWithLimit } from "@/lib/http/read-body";

/** Room for the multipart boundaries and part headers around a file of the maximum size. */
const MAX_REQUEST_BYTES = MAX_ATTACHMENT_BYTES + 64 * 1024;
const REQUEST_TOO_LARGE = "The file is larger than 10 MB";

// FormData entries are strings or files; the File class differs between runtimes, so test the shape.
const formFileSchema = z.custom<File>((value) => typeof value === "object" && value !== null, {
  error: "The field “file” must be a file.",
});
const uploadFormSchema = z
  .array(formFileSchema)
  .min(1, { error: "Choose a file to upload." })
  .max(1, { error: "Upload one file at a time." });

export async function POST(request: Request): Promise<Response> {
  // An agent's console session, else a requester's portal session (lib/portal/session.ts).
  const actor = (await getSessionActor()) ?? (await getPortalActorFromRequest(request));
  if (!actor) return unauthorized();

  // Refuse early when the client tells us the size; chunked bodies are capped while reading.
  const declaredLength = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declaredLength) && declaredLength > MAX_REQUEST_BYTES) {
    return errorResponse("TOO_LARGE", REQUEST_TOO_LARGE);
  }

  let form: FormData;
  try {
    const body = await readBodyWithLimit(request, MAX_REQUEST_BYTES);
    if (body === null) return errorResponse("TOO_LARGE", REQUEST_TOO_LARGE);
    form = await new Response(body, {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    return errorResponse("INVALID", "Expected a multipart form with a file.", 400);
  }

  const parsed = uploadFormSchema.safeParse(form.getAll("file"));
  if (!parsed.success) {
    return errorResponse("INVALID", parsed.error.issues[0]?.message ?? "Invalid upload.", 400);
  }
  const file = parsed.data[0]!;

  try {
    const db = getDb();
    const uploaded = await uploadAttachment(db, getAttachmentStorage(), {
      actor,
      filename: file.name,
      contentType: file.type,
      data: new Uint8Array(await file.arrayBuffer()),
      allowedTypes: await getSetting(db, "attachments.allowedTypes"),
    });
    return Response.json(
      {
        id: uploaded.id,
        filename: uploaded.filename,
        contentType: uploaded.contentType,
        sizeBytes: uploaded.sizeBytes,
        previewUrl: isInlineSafeType(uploaded.contentType)
          ? attachmentInlineUrl(uploaded.id)
          : null,
        downloadUrl: attachmentDownloadUrl(uploaded.id),
      },
      { status: 201, headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return responseForError(error, "upload");
  }
}

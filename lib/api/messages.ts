/**
 * REST API v1 conversation endpoints: read a ticket's messages, post a reply or an internal note
 * (JSON, or multipart/form-data with files), and download an attachment with the same token.
 */
import "server-only";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { GENERIC_CONTENT_TYPE } from "@/lib/attachments/content-type";
import { getAttachmentForDownload } from "@/lib/attachments/get-attachment-for-download";
import { MAX_ATTACHMENT_BYTES, tooLargeMessage } from "@/lib/attachments/rules";
import { uploadAttachment, type UploadedAttachment } from "@/lib/attachments/upload-attachment";
import { dispatchEvents } from "@/lib/events/dispatch";
import { getMailSettings } from "@/lib/mail/settings";
import { getSetting } from "@/lib/settings";
import { slaChangedEvents } from "@/lib/sla/sla-events";
import { findTicket } from "@/lib/tickets/lock";
import { postMessage } from "@/lib/tickets/post-message";
import { getTicketDetail } from "@/lib/tickets/queries";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { apiRoute, readJsonBody, type ApiHandler } from "./handler";
import { ApiError, jsonResponse, notFound, validationError } from "./http";
import { postMessageBodySchema, type PostMessageBody } from "./schemas";
import { messageSourceFromDetail, toMessageJson } from "./serialize";
import { ticketNumberFrom, type TicketParams } from "./tickets";

/** The most files one message may carry (the domain's limit). */
export const MAX_FILES_PER_MESSAGE = 20;
/** A multipart request as a whole; each file is separately capped at 10 MB. */
export const MAX_MULTIPART_BYTES = 50 * 1024 * 1024;

// ------------------------------------------------------------------------------------------------
// GET /api/v1/tickets/{ref}/messages
// ------------------------------------------------------------------------------------------------

export const listMessagesHandler: ApiHandler<TicketParams> = apiRoute<TicketParams>(
  {},
  async ({ db, actor, params, origin }) => {
    const detail = await getTicketDetail(db, { actor, number: ticketNumberFrom(params) });
    // Deleted tickets are not part of the API, whoever the token belongs to.
    if (!detail || detail.deletedAt) throw notFound();
    return jsonResponse({
      data: detail.messages.map((m) => toMessageJson(messageSourceFromDetail(m), origin)),
    });
  },
);

// ------------------------------------------------------------------------------------------------
// POST /api/v1/tickets/{ref}/messages
// ------------------------------------------------------------------------------------------------

type IncomingMessage = PostMessageBody & { files: File[] };

function isMultipart(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  return type.split(";")[0]!.trim().toLowerCase() === "multipart/form-data";
}

/** Fields `kind` and `body`, files under `attachments`; sizes are checked before anything is stored. */
async function readMultipartMessage(request: Request): Promise<IncomingMessage> {
  const bytes = await readBodyWithLimit(request, MAX_MULTIPART_BYTES);
  if (bytes === null) {
    throw new ApiError(
      413,
      "payload_too_large",
      `The request is larger than ${MAX_MULTIPART_BYTES / 1024 / 1024} MB; send fewer files per message.`,
    );
  }
  let form: FormData;
  try {
    form = await new Response(bytes, {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    throw new ApiError(400, "invalid_multipart", "The multipart form could not be read.");
  }

  const fields: Record<string, string> = {};
  const files: File[] = [];
  const problems: Record<string, string[]> = {};
  for (const [name, value] of form.entries()) {
    if (name === "attachments") {
      if (typeof value === "string") problems.attachments = ["Send each attachment as a file."];
      else files.push(value);
    } else if (name === "kind" || name === "body") {
      if (typeof value !== "string") problems[name] = ["Send this field as text, not a file."];
      else fields[name] = value;
    } else {
      problems[name] = ["Unknown field; send kind, body and attachments."];
    }
  }
  if (files.length > MAX_FILES_PER_MESSAGE) {
    problems.attachments = [`Attach at most ${MAX_FILES_PER_MESSAGE} files to one message.`];
  }
  const first = Object.entries(problems)[0];
  if (first) throw new ApiError(422, "validation_failed", `${first[0]}: ${first[1][0]}`, problems);

  const oversized = files.find((file) => file.size > MAX_ATTACHMENT_BYTES);
  if (oversized) {
    const message = tooLargeMessage(oversized.name || "A file");
    throw new ApiError(413, "payload_too_large", message, { attachments: [message] });
  }

  const parsed = postMessageBodySchema.safeParse({ kind: fields.kind, body: fields.body ?? "" });
  if (!parsed.success) throw validationError(parsed.error.issues);
  return { ...parsed.data, files };
}

export const postMessageHandler: ApiHandler<TicketParams> = apiRoute<TicketParams>(
  {},
  async ({ db, actor, params, request, origin, storage }) => {
    const number = ticketNumberFrom(params);
    const existing = await findTicket(db, { number });
    if (!existing || existing.deletedAt) throw notFound();
    const incoming: IncomingMessage = isMultipart(request)
      ? await readMultipartMessage(request)
      : { ...(await readJsonBody(request, postMessageBodySchema)), files: [] };

    // Uploads are pending until the message claims them. Should the message be refused (a closed
    // ticket, an empty body), they stay unattached and the pending-upload sweep removes them.
    const uploaded: UploadedAttachment[] = [];
    if (incoming.files.length > 0) {
      const allowedTypes = await getSetting(db, "attachments.allowedTypes");
      for (const file of incoming.files) {
        uploaded.push(
          await uploadAttachment(db, storage(), {
            actor,
            filename: file.name,
            contentType: file.type,
            data: new Uint8Array(await file.arrayBuffer()),
            allowedTypes,
          }),
        );
      }
    }

    const { message, ticket, outboundEmailIds } = await postMessage(db, {
      actor,
      ticket: { number },
      kind: incoming.kind,
      body: incoming.body,
      attachmentIds: uploaded.map((file) => file.id),
      mail: getMailSettings(),
    });
    await dispatchEvents(
      [...outboundEmailIds.map(outboundEmailQueuedEvent), ...slaChangedEvents(ticket)],
      { db },
    );
    const json = toMessageJson(
      {
        id: message.id,
        kind: message.kind,
        bodyText: message.bodyText,
        bodyHtml: message.bodyHtml,
        emailMessageId: message.emailMessageId,
        createdAt: message.createdAt,
        author: { type: "agent", name: actor.name, email: actor.email },
        attachments: uploaded,
      },
      origin,
    );
    return jsonResponse(json, { status: 201 });
  },
);

// ------------------------------------------------------------------------------------------------
// GET /api/v1/attachments/{id}
// ------------------------------------------------------------------------------------------------

export type AttachmentParams = { id: string };

/** The bytes of an attachment the token's user may see, always as a download. */
export const downloadAttachmentHandler: ApiHandler<AttachmentParams> = apiRoute<AttachmentParams>(
  {},
  async ({ db, actor, params, storage }) => {
    if (!/^[1-9]\d{0,14}$/.test(params.id)) throw notFound("Attachment not found.");
    const { attachment, canShowInline } = await getAttachmentForDownload(db, {
      actor,
      attachmentId: Number(params.id),
    });
    const data = new Uint8Array(await storage().read(attachment.storageKey));
    return new Response(data, {
      status: 200,
      headers: {
        "Content-Type": canShowInline ? attachment.contentType : GENERIC_CONTENT_TYPE,
        "Content-Disposition": contentDisposition(attachment.filename),
        "Content-Length": String(data.byteLength),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
      },
    });
  },
);

/** RFC 6266 / 8187: the UTF-8 name, percent-encoded, so no name can break out of the header. */
function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}

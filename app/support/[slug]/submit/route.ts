/**
 * POST /support/<slug>/submit — the web form, as multipart: fields name, email, subject,
 * description, categoryId, the honeypot `website`, the signed `stamp`, and up to five `files`.
 * Answers JSON `{ ok: true, ticketRef }` or `{ ok: false, error, fieldErrors }` with the status of
 * the failure. A filled honeypot is answered like a success, with no ticket behind it.
 */
import { z } from "zod";
import { getDb } from "@/db";
import { outboundEmailQueuedEvent } from "@/inngest/events";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/rules";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { httpStatusFor, isDomainError } from "@/lib/errors";
import { dispatchEvents } from "@/lib/events/dispatch";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { getMailSettings } from "@/lib/mail/settings";
import { getPortalKeys } from "@/lib/portal/session";
import { submitWebForm, WEB_FORM_MAX_FILES } from "@/lib/portal/web-form";
import { getSetting } from "@/lib/settings";
import { formatTicketNumber } from "@/lib/tickets/ref";

/** The files at their limit plus room for the text fields and the multipart framing. */
const MAX_REQUEST_BYTES = WEB_FORM_MAX_FILES * MAX_ATTACHMENT_BYTES + 512 * 1024;

const text = z.preprocess((v) => (typeof v === "string" ? v : undefined), z.string().optional());
const fieldsSchema = z.object({
  name: text,
  email: text,
  subject: text,
  description: text,
  categoryId: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v : null),
    z.string().nullable(),
  ),
  website: text,
  stamp: text,
});

const noStore = { "Cache-Control": "no-store" };

function failure(status: number, error: string, fieldErrors?: Record<string, string[]>) {
  return Response.json({ ok: false, error, fieldErrors }, { status, headers: noStore });
}

export async function POST(
  request: Request,
  context: { params: Promise<{ slug: string }> },
): Promise<Response> {
  const { slug } = await context.params;
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES) {
    return failure(413, "The attachments are too large together.");
  }
  let form: FormData;
  try {
    const body = await readBodyWithLimit(request, MAX_REQUEST_BYTES);
    if (body === null) return failure(413, "The attachments are too large together.");
    form = await new Response(body, {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    return failure(400, "Expected the form as multipart/form-data.");
  }
  const fields = fieldsSchema.parse(Object.fromEntries(form.entries()));
  const files = form
    .getAll("files")
    .filter((f): f is File => typeof f === "object" && f !== null && f.size > 0);

  try {
    const db = getDb();
    const result = await submitWebForm(db, getAttachmentStorage(), {
      slug,
      form: {
        name: fields.name ?? "",
        email: fields.email ?? "",
        subject: fields.subject ?? "",
        description: fields.description ?? "",
        categoryId: fields.categoryId === null ? null : Number(fields.categoryId),
        website: fields.website ?? "",
        stamp: fields.stamp ?? "",
      },
      files: await Promise.all(
        files.map(async (file) => ({
          filename: file.name,
          contentType: file.type || null,
          data: new Uint8Array(await file.arrayBuffer()),
        })),
      ),
      ip: clientIpFrom(request.headers),
      mail: getMailSettings(),
      formStampKey: getPortalKeys().formStampKey,
      allowedTypes: await getSetting(db, "attachments.allowedTypes"),
    });
    if (result.status === "discarded") {
      return Response.json({ ok: true, ticketRef: null }, { status: 201, headers: noStore });
    }
    await dispatchEvents(result.outboundEmailIds.map(outboundEmailQueuedEvent), { db });
    return Response.json(
      { ok: true, ticketRef: formatTicketNumber(result.ticketNumber) },
      { status: 201, headers: noStore },
    );
  } catch (error) {
    if (isDomainError(error))
      return failure(httpStatusFor[error.code], error.message, error.details);
    console.error("[web form] submission failed", { slug }, error);
    return failure(500, "Something went wrong. Try again in a moment.");
  }
}

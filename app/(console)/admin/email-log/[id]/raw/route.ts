/** GET /admin/email-log/:id/raw — the stored message as an .eml download (admins only). */
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { httpStatusFor, isDomainError } from "@/lib/errors";
import { getInboundEmail } from "@/lib/mail/inbound/queries";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  try {
    const actor = await requirePermission("admin.access");
    const id = Number((await params).id);
    const email =
      Number.isSafeInteger(id) && id > 0 ? await getInboundEmail(getDb(), { actor, id }) : null;
    if (!email) return Response.json({ error: "not found" }, { status: 404, headers });
    return new Response(Buffer.from(email.raw), {
      headers: {
        ...headers,
        "Content-Type": "message/rfc822",
        "Content-Disposition": `attachment; filename="inbound-email-${email.id}.eml"`,
      },
    });
  } catch (error) {
    if (isDomainError(error)) {
      return Response.json(
        { error: error.message },
        { status: httpStatusFor[error.code], headers },
      );
    }
    throw error;
  }
}

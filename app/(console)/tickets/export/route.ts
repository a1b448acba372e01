/**
 * GET /tickets/export?format=csv|pdf&q=…&sort=…&bom=1 — the inbox's current filtered list as a
 * download (lib/tickets/export.ts). Signed-in agents with tickets.view; parameters checked with zod;
 * a search with unknown tokens or names answers 400 with the problems, like the search bar shows.
 */
import { z } from "zod";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { getSessionActor } from "@/lib/auth/session";
import { httpStatusFor, isDomainError } from "@/lib/errors";
import {
  exportFilename,
  exportFormats,
  renderTicketsPdf,
  ticketsCsvStream,
} from "@/lib/tickets/export";
import { MAX_QUERY_LENGTH } from "@/lib/tickets/search/parse";
import { countTickets, ticketSortSchema } from "@/lib/tickets/search/query";
import { resolveQuery } from "@/lib/tickets/search/resolve";

const paramsSchema = z
  .object({
    format: z.enum(exportFormats, { error: "format must be csv or pdf." }),
    q: z
      .string()
      .max(MAX_QUERY_LENGTH, { error: `q is at most ${MAX_QUERY_LENGTH} characters.` })
      .default(""),
    sort: ticketSortSchema.optional(),
    bom: z.enum(["0", "1"], { error: "bom must be 0 or 1." }).optional(),
  })
  .strict();

const noStore = { "Cache-Control": "no-store" };

function error(status: number, code: string, message: string, extra: object = {}): Response {
  return Response.json({ error: { code, message, ...extra } }, { status, headers: noStore });
}

export async function GET(request: Request): Promise<Response> {
  const actor = await getSessionActor();
  if (!actor) return error(401, "UNAUTHORIZED", "Sign in to continue.");
  if (actor.type !== "user" || !can(actor, "tickets.view")) {
    return error(403, "FORBIDDEN", "You do not have permission to export tickets.");
  }
  const url = new URL(request.url);
  const parsed = paramsSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return error(400, "INVALID", parsed.error.issues[0]?.message ?? "Invalid parameters.", {
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
    });
  }
  const { format, q, sort, bom } = parsed.data;
  const db = getDb();
  const now = new Date();
  try {
    const search = await resolveQuery(db, actor, q, now);
    if (search.problems.length > 0) {
      return error(400, "INVALID", search.problems[0]!.message, { problems: search.problems });
    }
    const disposition = `attachment; filename="${exportFilename(format, now)}"`;
    if (format === "csv") {
      const body = ticketsCsvStream(db, { actor, search, sort, now, bom: bom === "1" });
      return new Response(body, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": disposition,
          "X-Content-Type-Options": "nosniff",
          ...noStore,
        },
      });
    }
    const total = await countTickets(db, { actor, search, now });
    const pdf = await renderTicketsPdf(db, { actor, search, sort, now, query: q, total });
    return new Response(pdf as BodyInit, {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": disposition,
        "Content-Length": String(pdf.byteLength),
        "X-Content-Type-Options": "nosniff",
        ...noStore,
      },
    });
  } catch (caught) {
    if (isDomainError(caught))
      return error(httpStatusFor[caught.code], caught.code, caught.message);
    console.error("[export] failed", caught);
    return error(500, "INTERNAL", "Something went wrong. Try again in a moment.");
  }
}

/** REST API v1: download an attachment with a bearer token; see lib/api/messages.ts. */
import { getDb } from "@/db";
import { apiOptions } from "@/lib/api/app-options";
import { downloadAttachmentHandler } from "@/lib/api/messages";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return downloadAttachmentHandler(getDb(), request, await context.params, apiOptions());
}

/** REST API v1: GET reads a ticket, PATCH changes it. The handlers live in lib/api/tickets.ts. */
import { getDb } from "@/db";
import { apiOptions } from "@/lib/api/app-options";
import { getTicketHandler, updateTicketHandler } from "@/lib/api/tickets";

type Context = { params: Promise<{ ref: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return getTicketHandler(getDb(), request, await context.params, apiOptions());
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  return updateTicketHandler(getDb(), request, await context.params, apiOptions());
}

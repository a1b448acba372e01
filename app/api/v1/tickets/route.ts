/** REST API v1: GET lists tickets, POST opens one. The handlers live in lib/api/tickets.ts. */
import { getDb } from "@/db";
import { apiOptions } from "@/lib/api/app-options";
import { createTicketHandler, listTicketsHandler } from "@/lib/api/tickets";

export function GET(request: Request): Promise<Response> {
  return listTicketsHandler(getDb(), request, {}, apiOptions());
}

export function POST(request: Request): Promise<Response> {
  return createTicketHandler(getDb(), request, {}, apiOptions());
}

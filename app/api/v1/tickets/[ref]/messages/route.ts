/** REST API v1: a ticket's conversation (GET) and new replies or notes (POST); see lib/api/messages.ts. */
import { getDb } from "@/db";
import { apiOptions } from "@/lib/api/app-options";
import { listMessagesHandler, postMessageHandler } from "@/lib/api/messages";

type Context = { params: Promise<{ ref: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return listMessagesHandler(getDb(), request, await context.params, apiOptions());
}

export async function POST(request: Request, context: Context): Promise<Response> {
  return postMessageHandler(getDb(), request, await context.params, apiOptions());
}

/** REST API v1: the public OpenAPI 3.1 document (no token needed); built in lib/api/openapi.ts. */
import { getDb } from "@/db";
import { apiOptions } from "@/lib/api/app-options";
import { getOpenApiHandler } from "@/lib/api/openapi";

export function GET(request: Request): Promise<Response> {
  return getOpenApiHandler(getDb(), request, {}, apiOptions());
}

/**
 * The one wrapper every REST API v1 handler goes through: bearer-token authentication, the per-token
 * rate limit, JSON body parsing and zod validation, and the translation of every failure into the
 * API's error format (DomainError → its status, anything unexpected → a logged 500).
 *
 * Handlers are plain functions `(db, request, params, options?) => Response`: the route files in
 * app/api/v1 pass `getDb()`, tests pass a test database (and, where files are involved, a storage).
 */
import "server-only";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { authenticateApiToken } from "@/lib/api-tokens/api-tokens";
import { getAttachmentStorage } from "@/lib/attachments/app-storage";
import type { AttachmentStorage } from "@/lib/attachments/storage";
import type { UserActor } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { ApiError, errorResponse, fromDomainError, validationError } from "./http";
import { getApiRateLimiter, type RateLimiter } from "./rate-limit";

/** JSON bodies are small: a message body is at most 200,000 characters. */
export const MAX_JSON_BYTES = 2 * 1024 * 1024;

import { readBodyWithLimit } from "@/lib/http/read-body";

export type ApiOptions = {
  /** Where uploaded attachments go; the app's configured storage when omitted. */
  storage?: AttachmentStorage;
  /** The per-token request budget; the process-wide limiter when omitted. */
  rateLimiter?: RateLimiter;
  /** The app's public URL (APP_URL) for links in responses; the request's origin when omitted. */
  publicUrl?: string;
};

export type ApiHandler<P = Record<string, never>> = (
  db: Database,
  request: Request,
  params: P,
  options?: ApiOptions,
) => Promise<Response>;

export type ApiContext<P> = {
  db: Database;
  request: Request;
  params: P;
  /** The user the token acts as, read fresh for this request. */
  actor: UserActor;
  url: URL;
  /** Base for links in responses: the public URL, not whatever host the request came through. */
  origin: string;
  storage: () => AttachmentStorage;
};

type BodyOf<S> = S extends z.ZodType ? z.output<S> : undefined;

export function apiRoute<P, S extends z.ZodType | undefined = undefined>(
  config: { body?: S },
  handler: (context: ApiContext<P>, body: BodyOf<S>) => Promise<Response>,
): ApiHandler<P> {
  return async (db, request, params, options = {}) => {
    let rateHeaders: Record<string, string> = {};
    try {
      const actor = await authenticate(db, request);
      const decision = (options.rateLimiter ?? getApiRateLimiter()).hit(String(actor.tokenId));
      rateHeaders = {
        "X-RateLimit-Limit": String(decision.limit),
        "X-RateLimit-Remaining": String(decision.remaining),
        "X-RateLimit-Reset": String(decision.resetSeconds),
      };
      if (!decision.allowed) {
        throw new ApiError(
          429,
          "rate_limited",
          `Too many requests for this token: the limit is ${decision.limit} per minute. Try again in ${decision.resetSeconds} s.`,
          undefined,
          { "Retry-After": String(decision.resetSeconds) },
        );
      }
      const body = (
        config.body ? await readJsonBody(request, config.body) : undefined
      ) as BodyOf<S>;
      const response = await handler(
        {
          db,
          request,
          params,
          actor: {
            type: "user",
            id: actor.id,
            role: actor.role,
            name: actor.name,
            email: actor.email,
          },
          url: new URL(request.url),
          origin: options.publicUrl ?? new URL(request.url).origin,
          storage: () => options.storage ?? getAttachmentStorage(),
        },
        body,
      );
      return withHeaders(response, rateHeaders);
    } catch (error) {
      return withHeaders(responseForError(error, request), rateHeaders);
    }
  };
}

/** For the few public endpoints (the OpenAPI document): the same error handling, no token. */
export function publicApiRoute<P>(
  handler: (context: {
    db: Database;
    request: Request;
    params: P;
    url: URL;
    origin: string;
  }) => Promise<Response>,
): ApiHandler<P> {
  return async (db, request, params, options = {}) => {
    try {
      const url = new URL(request.url);
      return await handler({ db, request, params, url, origin: options.publicUrl ?? url.origin });
    } catch (error) {
      return responseForError(error, request);
    }
  };
}

async function authenticate(db: Database, request: Request) {
  const header = request.headers.get("authorization");
  const challenge = { "WWW-Authenticate": 'Bearer realm="helpdesk-api"' };
  const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  if (!match?.[1]) {
    throw new ApiError(
      401,
      "unauthorized",
      "Send an API token in the header `Authorization: Bearer <token>`.",
      undefined,
      challenge,
    );
  }
  const actor = await authenticateApiToken(db, match[1]);
  if (!actor) {
    throw new ApiError(
      401,
      "unauthorized",
      "The API token is not valid: it is unknown, revoked, or its user is deactivated.",
      undefined,
      { "WWW-Authenticate": 'Bearer realm="helpdesk-api", error="invalid_token"' },
    );
  }
  return actor;
}

export function responseForError(error: unknown, request: Request): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (isDomainError(error)) return errorResponse(fromDomainError(error));
  console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed`, error);
  return errorResponse(
    new ApiError(500, "internal_error", "Something went wrong on our side. Try again in a moment."),
  );
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export function isJsonContentType(type: string): boolean {
  const mime = type.split(";")[0]!.trim().toLowerCase();
  return mime === "application/json" || mime.endsWith("+json");
}

/** Parses the body as JSON and validates it: 415, 413, 400 (malformed) or 422 (invalid) otherwise. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S>> {
  const type = request.headers.get("content-type");
  if (type && !isJsonContentType(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "Send the request body as JSON with `Content-Type: application/json`.",
    );
  }
  const bytes = await readBodyWithLimit(request, MAX_JSON_BYTES);
  if (bytes === null) {
    throw new ApiError(413, "payload_too_large", "The request body is larger than 2 MB.");
  }
  let value: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.trim() === "") {
      throw new ApiError(400, "invalid_json", "The request body is empty: send a JSON object.");
    }
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(
      400,
      "invalid_json",
      `The request body is not valid JSON${error instanceof SyntaxError ? `: ${error.message}` : "."}`,
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

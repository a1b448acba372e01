/**
 * GET /api/v1/openapi.json — the OpenAPI 3.1 description of REST API v1. Component schemas are
 * generated from the zod schemas the handlers validate with and the serializers produce (schemas.ts);
 * the paths, parameters and responses are written out here.
 */
import "server-only";
import { ticketSorts } from "@/lib/tickets/search/query";
import { z } from "zod";
import { ticketPriorities, ticketStatuses } from "@/db/schema";
import { publicApiRoute, type ApiHandler } from "./handler";
import { jsonResponse } from "./http";
import { MAX_FILES_PER_MESSAGE } from "./messages";
import {
  attachmentJsonSchema,
  createTicketBodySchema,
  errorJsonSchema,
  messageJsonSchema,
  messageListJsonSchema,
  postMessageBodySchema,
  ticketJsonSchema,
  ticketListJsonSchema,
  updateTicketBodySchema,
} from "./schemas";

type JsonObject = { [key: string]: unknown };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ "application/json": { schema: ref(name) } });
const errorResponse = (description: string) => ({ description, content: jsonContent("Error") });

const commonErrors = {
  "401": errorResponse("Missing, unknown or revoked token (with `WWW-Authenticate: Bearer`)."),
  "429": {
    ...errorResponse("Too many requests for this token; see `Retry-After` (seconds)."),
    headers: { "Retry-After": { schema: { type: "integer" } } },
  },
  "500": errorResponse("Unexpected failure (logged on the server)."),
};

const ticketRefParameter = {
  name: "ref",
  in: "path",
  required: true,
  description: "The ticket as `TKT-001` or its plain number `1`.",
  schema: { type: "string", examples: ["TKT-001"] },
};

const commaList = (name: string, description: string, values?: readonly string[]) => ({
  name,
  in: "query",
  required: false,
  description,
  schema: values
    ? { type: "string", examples: [values.slice(0, 2).join(",")] }
    : { type: "string" },
});

/** JSON Schema for every component, once per process. */
let componentSchemas: Record<string, unknown> | undefined;

function buildComponentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(ticketJsonSchema, { id: "Ticket" });
  registry.add(ticketListJsonSchema, { id: "TicketList" });
  registry.add(messageJsonSchema, { id: "Message" });
  registry.add(messageListJsonSchema, { id: "MessageList" });
  registry.add(attachmentJsonSchema, { id: "Attachment" });
  registry.add(errorJsonSchema, { id: "Error" });
  registry.add(createTicketBodySchema, { id: "CreateTicket" });
  registry.add(updateTicketBodySchema, { id: "UpdateTicket" });
  registry.add(postMessageBodySchema, { id: "PostMessage" });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    // Request bodies are described as clients send them (before trimming and date parsing).
    io: "input",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, tidy(schema)]));
}

/**
 * Drops what only adds noise or is wrong inside an OpenAPI document: `$schema`, `$id` (a fragment
 * `$id` is not allowed in JSON Schema 2020-12; components are addressed by their key), the long
 * regexes zod adds beside a `format`, and the safe-integer bounds on every integer.
 */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== "object") return value;
  const object = value as JsonObject;
  const result: JsonObject = {};
  for (const [key, inner] of Object.entries(object)) {
    if (key === "$schema" || key === "$id") continue;
    if (key === "pattern" && typeof object.format === "string") continue;
    if (key === "minimum" && inner === Number.MIN_SAFE_INTEGER) continue;
    if (key === "maximum" && inner === Number.MAX_SAFE_INTEGER) continue;
    result[key] = tidy(inner);
  }
  return result;
}

export function buildOpenApiDocument(origin: string): JsonObject {
  componentSchemas ??= buildComponentSchemas();
  const multipartMessage = {
    type: "object",
    required: ["kind"],
    properties: {
      kind: { type: "string", enum: ["reply", "note"] },
      body: { type: "string" },
      attachments: {
        type: "array",
        maxItems: MAX_FILES_PER_MESSAGE,
        items: { type: "string", contentMediaType: "application/octet-stream" },
        description: "Files of at most 10 MB each.",
      },
    },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "Helpdesk REST API",
      version: "1.0.0",
      description:
        'Tickets and their conversations for integrations. Authenticate with an API token created by an admin (`Authorization: Bearer hd_…`); the token acts as its user. JSON keys are snake_case, enum values lower snake case, dates ISO 8601 in UTC. Errors are `{ "error": { "code", "message", "details"? } }`. Each token may make 600 requests per minute.',
    },
    servers: [{ url: origin }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: "Tickets" }, { name: "Messages" }, { name: "Meta" }],
    paths: {
      "/api/v1/tickets": {
        get: {
          operationId: "listTickets",
          tags: ["Tickets"],
          summary: "List tickets, newest activity first",
          description:
            "Keyset-paged: pass `next_cursor` back as `cursor` (with the same filters and sort) until it is null. Tickets merged into another and deleted tickets are left out. Unknown parameters, filter values or search tokens are a 422 naming the parameter.",
          parameters: [
            commaList("status", `Comma list of ${ticketStatuses.join(", ")}.`, ticketStatuses),
            commaList(
              "priority",
              `Comma list of ${ticketPriorities.join(", ")}.`,
              ticketPriorities,
            ),
            commaList("category", "Comma list of category slugs, e.g. `billing,technical`."),
            {
              name: "assignee",
              in: "query",
              description: "A user's email or id, or `none` for unassigned tickets.",
              schema: { type: "string" },
            },
            {
              name: "requester",
              in: "query",
              description: "The requester's email address.",
              schema: { type: "string", format: "email" },
            },
            {
              name: "q",
              in: "query",
              description:
                'A search in the inbox\'s language: `key:value` tokens (status, priority, category, channel, assignee, team, tag, requester, created, updated, sla, is — comma for OR, a leading `-` negates, quotes for spaces) and free text matched against subjects and message bodies (stemmed full-text, typo-tolerant on subjects). Example: `status:open,pending -tag:spam created:last-7d "card declined"`. Unknown tokens or names are a 422.',
              schema: { type: "string", maxLength: 500 },
            },
            {
              name: "sort",
              in: "query",
              description:
                "Sort order; a leading `-` is descending. `relevance` ranks free-text matches (the default when `q` has free text; otherwise `-updated`).",
              schema: { type: "string", enum: [...ticketSorts] },
            },
            {
              name: "limit",
              in: "query",
              schema: { type: "integer", minimum: 1, maximum: 100, default: 25 },
            },
            { name: "cursor", in: "query", schema: { type: "string" } },
          ],
          responses: {
            "200": { description: "A page of tickets.", content: jsonContent("TicketList") },
            "422": errorResponse("An unknown parameter or filter value."),
            ...commonErrors,
          },
        },
        post: {
          operationId: "createTicket",
          tags: ["Tickets"],
          summary: "Open a ticket on behalf of a requester",
          requestBody: { required: true, content: jsonContent("CreateTicket") },
          responses: {
            "201": {
              description: "The new ticket.",
              headers: { Location: { schema: { type: "string" } } },
              content: jsonContent("Ticket"),
            },
            "400": errorResponse("Malformed JSON."),
            "415": errorResponse("The body is not JSON."),
            "422": errorResponse("Invalid fields, or an unknown category, assignee or team."),
            ...commonErrors,
          },
        },
      },
      "/api/v1/tickets/{ref}": {
        parameters: [ticketRefParameter],
        get: {
          operationId: "getTicket",
          tags: ["Tickets"],
          summary: "Read one ticket",
          responses: {
            "200": { description: "The ticket.", content: jsonContent("Ticket") },
            "404": errorResponse("No such ticket."),
            ...commonErrors,
          },
        },
        patch: {
          operationId: "updateTicket",
          tags: ["Tickets"],
          summary: "Change a ticket's status, priority, category, people, tags or dates",
          requestBody: { required: true, content: jsonContent("UpdateTicket") },
          responses: {
            "200": { description: "The ticket after the change.", content: jsonContent("Ticket") },
            "400": errorResponse("Malformed JSON."),
            "404": errorResponse("No such ticket."),
            "409": errorResponse(
              "The change is not allowed in the ticket's state (e.g. reopening a closed ticket, or it was merged).",
            ),
            "422": errorResponse("Invalid fields, or an unknown category, assignee or team."),
            ...commonErrors,
          },
        },
      },
      "/api/v1/tickets/{ref}/messages": {
        parameters: [ticketRefParameter],
        get: {
          operationId: "listMessages",
          tags: ["Messages"],
          summary: "The conversation, oldest first (replies, internal notes and system messages)",
          responses: {
            "200": { description: "Every message.", content: jsonContent("MessageList") },
            "404": errorResponse("No such ticket."),
            ...commonErrors,
          },
        },
        post: {
          operationId: "postMessage",
          tags: ["Messages"],
          summary: "Post a public reply or an internal note, optionally with files",
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref("PostMessage") },
              "multipart/form-data": {
                schema: multipartMessage,
                encoding: { attachments: { contentType: "application/octet-stream" } },
              },
            },
          },
          responses: {
            "201": { description: "The new message.", content: jsonContent("Message") },
            "400": errorResponse("Malformed JSON or multipart body."),
            "404": errorResponse("No such ticket."),
            "409": errorResponse("The ticket is closed or was merged."),
            "413": errorResponse("A file is larger than 10 MB (named in the message)."),
            "415": errorResponse("Neither JSON nor multipart/form-data."),
            "422": errorResponse("Invalid fields, an empty message, or a file type not allowed."),
            ...commonErrors,
          },
        },
      },
      "/api/v1/attachments/{id}": {
        get: {
          operationId: "downloadAttachment",
          tags: ["Messages"],
          summary: "Download an attachment (the `url` of a message's attachment)",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: {
            "200": {
              description: "The file, as a download.",
              content: { "application/octet-stream": {} },
            },
            "404": errorResponse("No such attachment."),
            ...commonErrors,
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          tags: ["Meta"],
          summary: "This document",
          security: [],
          responses: { "200": { description: "The OpenAPI 3.1 document." } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API token (`hd_…`) created under Admin → API tokens or with the CLI.",
        },
      },
      schemas: componentSchemas,
    },
  };
}

export const getOpenApiHandler: ApiHandler<Record<string, never>> = publicApiRoute(
  async ({ origin }) =>
    jsonResponse(buildOpenApiDocument(origin), {
      headers: { "Cache-Control": "public, max-age=300" },
    }),
);

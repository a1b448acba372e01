/**
 * The REST API's documents as zod schemas: request bodies (validated by the handlers) and responses
 * (the types the serializers produce). The OpenAPI document is generated from these same schemas, so
 * the description cannot drift from what the API accepts and returns. Field constraints are borrowed
 * from the domain schemas rather than restated.
 */
import { z } from "zod";
import { messageKinds, ticketChannels, ticketPriorities, ticketStatuses } from "@/db/schema";
import { contactEmailSchema } from "@/lib/contacts/contacts";
import { createTicketSchema } from "@/lib/tickets/create-ticket";
import { postMessageSchema } from "@/lib/tickets/post-message";
import { tagNameSchema } from "@/lib/tickets/tags";
import { ticketPatchSchema } from "@/lib/tickets/update-ticket";

// ------------------------------------------------------------------------------------------------
// Building blocks
// ------------------------------------------------------------------------------------------------

/** An instant as ISO 8601 with a zone (`Z` or an offset); a bare local time would be ambiguous. */
export const dateTimeInputSchema = z.iso
  .datetime({
    offset: true,
    error: "Use an ISO 8601 date-time with a time zone, such as 2026-03-01T09:00:00Z.",
  })
  .transform((value) => new Date(value));

const nullableDate = (description: string) =>
  dateTimeInputSchema.nullable().optional().meta({ description });

export const userRefInputSchema = z
  .union([z.number().int().positive(), z.string().trim().min(1).max(320)], {
    error: "Give a user's email address or id.",
  })
  .meta({ description: "A user's email address or numeric id." });

export const teamRefInputSchema = z
  .union([z.number().int().positive(), z.string().trim().min(1).max(200)], {
    error: "Give a team's name or id.",
  })
  .meta({ description: "A team's name (case-insensitive) or numeric id." });

export const categoryRefInputSchema = z
  .string({ error: "Give a category slug such as billing." })
  .trim()
  .min(1)
  .max(100)
  .meta({ description: "A category slug in lower snake case, e.g. `feature_request`." });

const tagsInputSchema = z
  .array(tagNameSchema)
  .max(30, { error: "At most 30 tags." })
  .meta({ description: "Tag names; stored in lower case with spaces as dashes." });

// ------------------------------------------------------------------------------------------------
// Request bodies
// ------------------------------------------------------------------------------------------------

export const createTicketBodySchema = z
  .strictObject({
    subject: createTicketSchema.shape.subject,
    body: createTicketSchema.shape.body.meta({
      description: "The request as the customer wrote it; becomes the first message (a reply).",
    }),
    requester: z
      .strictObject({
        email: contactEmailSchema,
        name: z.string().trim().max(200).optional(),
      })
      .meta({ description: "The customer; found by email (case-insensitive) or created." }),
    channel: z.enum(ticketChannels).optional().meta({ description: "Defaults to `web`." }),
    priority: z.enum(ticketPriorities).optional().meta({ description: "Defaults to `medium`." }),
    category: categoryRefInputSchema.nullable().optional(),
    assignee: userRefInputSchema.nullable().optional(),
    team: teamRefInputSchema.nullable().optional(),
    tags: tagsInputSchema.optional(),
    due_at: nullableDate("When the ticket is due (ISO 8601)."),
  })
  .meta({ description: "A new ticket opened on behalf of a requester." });
export type CreateTicketBody = z.output<typeof createTicketBodySchema>;

export const updateTicketBodySchema = z
  .strictObject({
    subject: ticketPatchSchema.shape.subject,
    status: z.enum(ticketStatuses).optional(),
    priority: z.enum(ticketPriorities).optional(),
    category: categoryRefInputSchema.nullable().optional(),
    assignee: userRefInputSchema.nullable().optional(),
    team: teamRefInputSchema.nullable().optional(),
    tags: tagsInputSchema.optional().meta({ description: "Replaces the ticket's tags as a set." }),
    due_at: nullableDate("Due date; null clears it."),
    remind_at: nullableDate("Reminder for a Pending ticket (future); null clears it."),
    snoozed_until: nullableDate("Snooze until (future); null ends the snooze."),
    auto_solve_at: nullableDate(
      "Resolve automatically then unless the customer replies; null cancels.",
    ),
  })
  .meta({
    description:
      "Any subset of the fields; those left out keep their value and null clears a nullable one.",
  });
export type UpdateTicketBody = z.output<typeof updateTicketBodySchema>;

export const postMessageBodySchema = z
  .strictObject({
    kind: postMessageSchema.shape.kind,
    body: z
      .string({ error: "Write the message body." })
      .max(200_000)
      .meta({ description: "Plain text. May be empty only when files are attached (multipart)." }),
  })
  .meta({
    description:
      "A public reply (sent to the requester) or an internal note. As multipart/form-data the same fields are form fields, plus one or more `attachments` files of at most 10 MB each.",
  });
export type PostMessageBody = z.output<typeof postMessageBodySchema>;

// ------------------------------------------------------------------------------------------------
// Responses
// ------------------------------------------------------------------------------------------------

const dateTime = z.iso.datetime();

export const ticketJsonSchema = z.object({
  number: z.number().int(),
  ref: z.string().meta({ description: "The number as people see it, e.g. `TKT-001`." }),
  subject: z.string(),
  status: z.enum(ticketStatuses),
  priority: z.enum(ticketPriorities),
  category: z.string().nullable().meta({ description: "Category slug." }),
  channel: z.enum(ticketChannels),
  requester: z.object({ email: z.string(), name: z.string() }),
  assignee: z.object({ id: z.number().int(), email: z.string(), name: z.string() }).nullable(),
  team: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  due_at: dateTime.nullable(),
  snoozed_until: dateTime.nullable(),
  remind_at: dateTime.nullable(),
  auto_solve_at: dateTime.nullable(),
  created_at: dateTime,
  updated_at: dateTime,
  merged_into: z
    .string()
    .nullable()
    .meta({ description: "The ticket this one was merged into, e.g. `TKT-012`." }),
});
export type TicketJson = z.infer<typeof ticketJsonSchema>;

export const attachmentJsonSchema = z.object({
  id: z.number().int(),
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int().meta({ description: "Bytes." }),
  url: z.string().meta({ description: "Download with the same bearer token." }),
});
export type AttachmentJson = z.infer<typeof attachmentJsonSchema>;

export const messageJsonSchema = z.object({
  id: z.number().int(),
  kind: z.enum(messageKinds),
  author: z.object({
    type: z.enum(["agent", "customer", "system"]),
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  text: z.string(),
  html: z.string().nullable().meta({ description: "Sanitized HTML, when the message has it." }),
  attachments: z.array(attachmentJsonSchema),
  created_at: dateTime,
  message_id: z
    .string()
    .nullable()
    .meta({ description: "The email Message-ID, for messages that came or went by email." }),
});
export type MessageJson = z.infer<typeof messageJsonSchema>;

export const errorJsonSchema = z.object({
  error: z.object({
    code: z.string().meta({
      description:
        "unauthorized, forbidden, not_found, validation_failed, conflict, rate_limited, payload_too_large, invalid_json, unsupported_media_type or internal_error.",
    }),
    message: z.string(),
    details: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: "Messages per field or query parameter." }),
  }),
});

export const ticketListJsonSchema = z.object({
  data: z.array(ticketJsonSchema),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
});

export const messageListJsonSchema = z.object({ data: z.array(messageJsonSchema) });

CREATE TABLE "sla_notices" (
	"ticket_id" bigint NOT NULL,
	"metric" text NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_notices_ticket_id_metric_kind_due_at_pk" PRIMARY KEY("ticket_id","metric","kind","due_at"),
	CONSTRAINT "sla_notices_metric_check" CHECK ("sla_notices"."metric" in ('firstResponse', 'nextResponse', 'resolution')),
	CONSTRAINT "sla_notices_kind_check" CHECK ("sla_notices"."kind" in ('warning', 'breach'))
);
--> statement-breakpoint
ALTER TABLE "sla_notices" ADD CONSTRAINT "sla_notices_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- System messages never enter the search document (ticket_search_document skips them), so
-- inserting one need not rebuild it. Timers and the sweep write one per ticket they act on; this
-- keeps a sweep over many tickets from rebuilding as many documents for nothing.
CREATE OR REPLACE FUNCTION messages_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.kind = 'system' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM refresh_ticket_search_document(NEW.ticket_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.ticket_id <> NEW.ticket_id) THEN
    PERFORM refresh_ticket_search_document(OLD.ticket_id);
  END IF;
  RETURN NULL;
END
$$;

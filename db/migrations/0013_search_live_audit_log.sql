CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"action" text NOT NULL,
	"actor_user_id" bigint,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_search_documents" ADD COLUMN "is_live" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_action_created_idx" ON "audit_log" USING btree ("action","created_at");--> statement-breakpoint
-- audit_log is append-only: it is the record that outlives what it describes (a purged ticket).
-- The one change allowed is the foreign key's own ON DELETE SET NULL when a user is removed.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_user_id IS NULL AND NEW.id = OLD.id
     AND NEW.action = OLD.action AND NEW.data = OLD.data AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();--> statement-breakpoint
-- ticket_search_documents.is_live = the ticket is neither merged nor deleted, so a relevance search
-- ranks its matches from the documents alone (no ticket row per match). Kept by triggers, like the
-- document itself (migration 0008): a new document copies it from its ticket, and any change of
-- merged_into_id or deleted_at (merge, soft delete, restore, purge) rewrites it.
CREATE OR REPLACE FUNCTION refresh_ticket_search_document(p_ticket_id bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO ticket_search_documents (ticket_id, document, is_live)
  SELECT t.id, ticket_search_document(t.id), t.merged_into_id IS NULL AND t.deleted_at IS NULL
    FROM tickets t WHERE t.id = p_ticket_id
  ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document, is_live = excluded.is_live
$$;--> statement-breakpoint
CREATE FUNCTION tickets_search_live_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_documents
     SET is_live = (NEW.merged_into_id IS NULL AND NEW.deleted_at IS NULL)
   WHERE ticket_id = NEW.id
     AND is_live IS DISTINCT FROM (NEW.merged_into_id IS NULL AND NEW.deleted_at IS NULL);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tickets_search_live AFTER UPDATE OF merged_into_id, deleted_at ON tickets
  FOR EACH ROW
  WHEN (OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
  EXECUTE FUNCTION tickets_search_live_trigger();--> statement-breakpoint
-- Backfill: every document defaulted to live; mark the merged and deleted ones (one statement).
UPDATE ticket_search_documents d SET is_live = false
  FROM tickets t
 WHERE t.id = d.ticket_id AND (t.merged_into_id IS NOT NULL OR t.deleted_at IS NOT NULL);

CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "routing_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"position" integer DEFAULT 0 NOT NULL,
	"mailbox_id" bigint,
	"subject_contains" text NOT NULL,
	"team_id" bigint,
	"category_id" bigint,
	"priority" "ticket_priority",
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_reads" (
	"user_id" bigint NOT NULL,
	"ticket_id" bigint NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_reads_user_id_ticket_id_pk" PRIMARY KEY("user_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_search_documents" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"document" "tsvector" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_views_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"sort" text DEFAULT '-updated' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "csat_ratings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "csat_ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"contact_id" bigint,
	"score" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "csat_ratings_score_check" CHECK ("csat_ratings"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "rate_limit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rate_limit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bucket" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "preferences" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "portal_token_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "suppressed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "suppression_reason" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "slug" text;--> statement-breakpoint
UPDATE "mailboxes" SET "slug" = coalesce(nullif(trim(both '-' from regexp_replace(lower("name"), '[^a-z0-9]+', '-', 'g')), ''), 'mailbox') || '-' || "id";--> statement-breakpoint
ALTER TABLE "mailboxes" ALTER COLUMN "slug" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "web_form_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "web_form_category_choice" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "brand_color" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "brand_logo_url" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_host" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_port" integer DEFAULT 993 NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_tls" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_user" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_password_encrypted" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_folder" text DEFAULT 'INBOX' NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_after_fetch" text DEFAULT 'delete' NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "imap_move_folder" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "polling_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "poll_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "last_polled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "last_poll_error" text;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "poll_disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "escalation" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "deleted_by_user_id" bigint;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_reads" ADD CONSTRAINT "ticket_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_reads" ADD CONSTRAINT "ticket_reads_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_search_documents" ADD CONSTRAINT "ticket_search_documents_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_ratings" ADD CONSTRAINT "csat_ratings_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_ratings" ADD CONSTRAINT "csat_ratings_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_rules_position_idx" ON "routing_rules" USING btree ("position","id");--> statement-breakpoint
CREATE INDEX "ticket_search_documents_document_idx" ON "ticket_search_documents" USING gin ("document");--> statement-breakpoint
CREATE INDEX "saved_views_user_idx" ON "saved_views" USING btree ("user_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_user_name_key" ON "saved_views" USING btree ("user_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "csat_ratings_ticket_key" ON "csat_ratings" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "rate_limit_events_bucket_created_idx" ON "rate_limit_events" USING btree ("bucket","created_at");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_deleted_by_user_id_users_id_fk" FOREIGN KEY ("deleted_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_email_trgm_idx" ON "contacts" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_slug_key" ON "mailboxes" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "tickets_subject_trgm_idx" ON "tickets" USING gin ("subject" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tickets_deleted_at_idx" ON "tickets" USING btree ("deleted_at") WHERE "tickets"."deleted_at" is not null;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_imap_after_fetch_check" CHECK ("mailboxes"."imap_after_fetch" in ('delete', 'move'));--> statement-breakpoint
-- Full-text document of a ticket: subject (A) and message bodies (B), in the 'english' configuration
-- (queries use websearch_to_tsquery('english', …)). Kept current by triggers so no write path can
-- forget it; capped so a ticket with a huge thread stays under tsvector's 1 MB limit.
CREATE FUNCTION ticket_search_document(p_ticket_id bigint) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', t.subject), 'A') ||
         setweight(to_tsvector('english', left(coalesce(
           (SELECT string_agg(left(m.body_text, 20000), ' ' ORDER BY m.id)
              FROM messages m WHERE m.ticket_id = t.id AND m.kind <> 'system'), ''), 200000)), 'B')
    FROM tickets t WHERE t.id = p_ticket_id
$$;--> statement-breakpoint
CREATE FUNCTION refresh_ticket_search_document(p_ticket_id bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO ticket_search_documents (ticket_id, document)
  SELECT p_ticket_id, ticket_search_document(p_ticket_id)
   WHERE EXISTS (SELECT 1 FROM tickets WHERE id = p_ticket_id)
  ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document
$$;--> statement-breakpoint
CREATE FUNCTION tickets_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_ticket_search_document(NEW.id);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tickets_search_document AFTER INSERT OR UPDATE OF subject ON tickets
  FOR EACH ROW EXECUTE FUNCTION tickets_search_trigger();--> statement-breakpoint
CREATE FUNCTION messages_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM refresh_ticket_search_document(NEW.ticket_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.ticket_id <> NEW.ticket_id) THEN
    PERFORM refresh_ticket_search_document(OLD.ticket_id);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER messages_search_document AFTER INSERT OR DELETE OR UPDATE OF body_text, ticket_id ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_search_trigger();--> statement-breakpoint
INSERT INTO ticket_search_documents (ticket_id, document)
SELECT id, ticket_search_document(id) FROM tickets
ON CONFLICT (ticket_id) DO NOTHING;
CREATE TYPE "public"."inbound_automated_kind" AS ENUM('auto_reply', 'bounce', 'bulk', 'noreply');--> statement-breakpoint
CREATE TYPE "public"."inbound_email_status" AS ENUM('received', 'processed', 'duplicate', 'junk', 'rejected', 'failed');--> statement-breakpoint
CREATE TABLE "inbound_emails" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbound_emails_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"mailbox_id" bigint,
	"message_id_key" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"size_bytes" integer NOT NULL,
	"envelope_to" text,
	"from_address" text,
	"subject" text,
	"status" "inbound_email_status" DEFAULT 'received' NOT NULL,
	"automated_kind" "inbound_automated_kind",
	"error" text,
	"ticket_id" bigint,
	"message_id" bigint,
	"threading_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_mailbox_message_id_key" ON "inbound_emails" USING btree (coalesce("mailbox_id", 0),"message_id_key");--> statement-breakpoint
CREATE INDEX "inbound_emails_received_idx" ON "inbound_emails" USING btree ("received_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inbound_emails_status_received_idx" ON "inbound_emails" USING btree ("status","received_at");
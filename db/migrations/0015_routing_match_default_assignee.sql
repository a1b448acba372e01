CREATE TYPE "public"."routing_match" AS ENUM('contains', 'equals', 'starts_with');--> statement-breakpoint
ALTER TABLE "routing_rules" RENAME COLUMN "subject_contains" TO "subject_text";--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "default_assignee_id" bigint;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD COLUMN "subject_match" "routing_match" DEFAULT 'contains' NOT NULL;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_default_assignee_id_users_id_fk" FOREIGN KEY ("default_assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
CREATE INDEX "tickets_live_updated_idx" ON "tickets" USING btree ("updated_at" DESC NULLS LAST,"id" DESC NULLS LAST,"status","priority","assignee_id","team_id") WHERE "tickets"."merged_into_id" is null and "tickets"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_active_updated_idx" ON "tickets" USING btree ("updated_at" DESC NULLS LAST,"id" DESC NULLS LAST,"priority","assignee_id","team_id") WHERE "tickets"."merged_into_id" is null and "tickets"."deleted_at" is null and "tickets"."status" in ('open', 'pending', 'in_progress', 'on_hold');--> statement-breakpoint
CREATE INDEX "tickets_live_created_idx" ON "tickets" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tickets"."merged_into_id" is null and "tickets"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_live_assignee_updated_idx" ON "tickets" USING btree ("assignee_id","updated_at" DESC NULLS LAST,"id" DESC NULLS LAST,"status","priority") WHERE "tickets"."merged_into_id" is null and "tickets"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_live_team_updated_idx" ON "tickets" USING btree ("team_id","updated_at" DESC NULLS LAST,"id" DESC NULLS LAST,"status") WHERE "tickets"."merged_into_id" is null and "tickets"."deleted_at" is null;--> statement-breakpoint
-- Search documents inline (compressed) rather than in TOAST: ranking a search reads each matching
-- document, and out-of-line storage costs several extra page reads per document. Existing rows move
-- as the triggers rewrite them.
ALTER TABLE "ticket_search_documents" ALTER COLUMN "document" SET STORAGE MAIN;

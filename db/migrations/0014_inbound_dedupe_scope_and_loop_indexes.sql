DROP INDEX "inbound_emails_mailbox_message_id_key";--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD COLUMN "mailbox_key" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The values the old unique index enforced, so the new one holds for every stored row.
UPDATE "inbound_emails" SET "mailbox_key" = coalesce("mailbox_id", 0);--> statement-breakpoint
CREATE INDEX "tickets_follow_up_of_idx" ON "tickets" USING btree ("follow_up_of_id") WHERE "tickets"."follow_up_of_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_mailbox_key_message_id_key" ON "inbound_emails" USING btree ("mailbox_key","message_id_key");--> statement-breakpoint
CREATE INDEX "inbound_emails_ticket_received_idx" ON "inbound_emails" USING btree ("ticket_id","received_at");
-- The audit trail is append-only: an UPDATE of a ticket_events row is refused.
-- (DELETE stays possible so that purging a ticket can cascade to its events.)
CREATE FUNCTION "ticket_events_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "ticket_events_append_only"
  BEFORE UPDATE ON "ticket_events"
  FOR EACH ROW EXECUTE FUNCTION "ticket_events_refuse_update"();

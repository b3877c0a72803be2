-- The receptionist writes an agent message on every turn, and the outcome
-- trigger ran (with a conversation lookup) for each of them. The trigger now
-- fires only for a message that names an appointment or a successful tool
-- call, and the conversation is read only when a notification is written.
DROP TRIGGER "messages_notify_outcome" ON "messages";

CREATE OR REPLACE FUNCTION notify_receptionist_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_appt jsonb;
  v_id uuid;
  v_created timestamptz;
  v_kind "NotificationKind";
BEGIN
  IF NEW.role = 'agent' THEN
    v_appt := NEW.metadata->'appointment';
    IF (v_appt->>'id') !~ '^[0-9a-f-]{36}$' THEN RETURN NULL; END IF;
    v_id := (v_appt->>'id')::uuid;
    IF v_appt->>'status' = 'cancelled' THEN
      v_kind := 'cancellation';
    ELSE
      -- Booked in this transaction = a new booking; an older appointment booked again = a move.
      -- created_at keeps milliseconds (rounded), now() microseconds: hence the one-millisecond margin.
      SELECT created_at INTO v_created FROM appointments WHERE tenant_id = NEW.tenant_id AND id = v_id;
      v_kind := CASE WHEN v_created IS NULL OR v_created >= now() - interval '1 millisecond' THEN 'booking' ELSE 'move' END;
    END IF;
  ELSE
    v_kind := CASE NEW.metadata->>'tool'
      WHEN 'book_appointment' THEN 'booking'
      WHEN 'reschedule_appointment' THEN 'move'
      WHEN 'cancel_appointment' THEN 'cancellation'
    END;
    IF v_kind IS NULL THEN RETURN NULL; END IF;
  END IF;
  PERFORM notify_members(NEW.tenant_id, v_kind, NEW.conversation_id, v_id,
    jsonb_build_object('channel', (SELECT channel::text FROM conversations WHERE tenant_id = NEW.tenant_id AND id = NEW.conversation_id))
      || CASE WHEN NEW.role = 'agent' THEN jsonb_build_object('service', v_appt->>'service', 'startsAt', v_appt->>'startsAt') ELSE '{}'::jsonb END);
  RETURN NULL;
END
$$;
ALTER FUNCTION notify_receptionist_outcome() OWNER TO frontdesk_owner;

CREATE TRIGGER "messages_notify_outcome" AFTER INSERT ON "messages"
  FOR EACH ROW WHEN (
    (NEW.role = 'agent' AND jsonb_typeof(NEW.metadata->'appointment') = 'object')
    OR (NEW.role = 'tool' AND NEW.metadata->>'ok' = 'true')
  ) EXECUTE FUNCTION notify_receptionist_outcome();

-- The hand-off inbox (a member takes a conversation over) and notifications
-- (a member told of hand-offs and of the receptionist's bookings, moves and
-- cancellations, in the console and by email).
-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('handoff', 'booking', 'move', 'cancellation');

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "taken_over_at" TIMESTAMPTZ(3),
ADD COLUMN     "taken_over_by" UUID;

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "user_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "conversation_id" UUID,
    "appointment_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "in_console" BOOLEAN NOT NULL DEFAULT true,
    "email_pending" BOOLEAN NOT NULL DEFAULT false,
    "emailed_at" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "user_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "in_console" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateIndex
CREATE INDEX "notifications_tenant_id_user_id_created_at_idx" ON "notifications"("tenant_id", "user_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_tenant_id_email_pending_idx" ON "notifications"("tenant_id", "email_pending");

-- CreateIndex
CREATE UNIQUE INDEX "notification_preferences_tenant_id_user_id_kind_key" ON "notification_preferences"("tenant_id", "user_id", "kind");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "memberships"("tenant_id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_conversation_id_fkey" FOREIGN KEY ("tenant_id", "conversation_id") REFERENCES "conversations"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "memberships"("tenant_id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The inbox: handed-off or taken-over conversations of a tenant.
CREATE INDEX "conversations_inbox_idx" ON "conversations"("tenant_id", "updated_at")
  WHERE "status" = 'handed_off' OR "taken_over_at" IS NOT NULL;

-- ------------------------------------------------------- ownership, RLS ---

DO $$
DECLARE
  t text;
  policy_expr constant text :=
    $p$"tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$;
BEGIN
  FOREACH t IN ARRAY ARRAY['notifications', 'notification_preferences']
  LOOP
    EXECUTE format('ALTER TABLE %I OWNER TO frontdesk_owner', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO frontdesk_app USING (%s) WITH CHECK (%s)', t, policy_expr, policy_expr);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO frontdesk_app', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO frontdesk_platform', t);
  END LOOP;
END
$$;

-- ------------------------------------------------------------ triggers ---

-- One row per member who wants this kind in the console or by email (no
-- preference row = console only). SECURITY INVOKER: it runs as the writer, under
-- the writer's tenant setting, so row-level security holds as for any insert.
CREATE FUNCTION notify_members(p_tenant uuid, p_kind "NotificationKind", p_conversation uuid, p_appointment uuid, p_payload jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notifications (tenant_id, id, user_id, kind, conversation_id, appointment_id, payload, in_console, email_pending, created_at)
  SELECT p_tenant, gen_random_uuid(), m.user_id, p_kind, p_conversation, p_appointment, p_payload,
         COALESCE(p.in_console, true), COALESCE(p.email, false), clock_timestamp()
  FROM memberships m
  LEFT JOIN notification_preferences p ON p.tenant_id = m.tenant_id AND p.user_id = m.user_id AND p.kind = p_kind
  WHERE m.tenant_id = p_tenant AND (COALESCE(p.in_console, true) OR COALESCE(p.email, false));
END
$$;
ALTER FUNCTION notify_members(uuid, "NotificationKind", uuid, uuid, jsonb) OWNER TO frontdesk_owner;

-- A conversation becomes handed off: by the receptionist's turn, a voice tool or Vapi's forwarding.
CREATE FUNCTION notify_handoff() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM notify_members(NEW.tenant_id, 'handoff', NEW.id, NULL, jsonb_build_object('channel', NEW.channel));
  RETURN NULL;
END
$$;
ALTER FUNCTION notify_handoff() OWNER TO frontdesk_owner;

CREATE TRIGGER conversations_notify_handoff_insert AFTER INSERT ON "conversations"
  FOR EACH ROW WHEN (NEW.status = 'handed_off') EXECUTE FUNCTION notify_handoff();
CREATE TRIGGER conversations_notify_handoff_update AFTER UPDATE OF status ON "conversations"
  FOR EACH ROW WHEN (NEW.status = 'handed_off' AND OLD.status IS DISTINCT FROM 'handed_off') EXECUTE FUNCTION notify_handoff();

-- The receptionist's own record of what it did: an agent message whose outcome
-- names an appointment (chat turns), or a voice tool's successful result.
-- Console changes write neither, so only the receptionist's actions notify.
CREATE FUNCTION notify_receptionist_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_channel text;
  v_appt jsonb;
  v_id uuid;
  v_created timestamptz;
  v_kind "NotificationKind";
BEGIN
  SELECT channel::text INTO v_channel FROM conversations WHERE tenant_id = NEW.tenant_id AND id = NEW.conversation_id;
  IF NEW.role = 'agent' THEN
    v_appt := NEW.metadata->'appointment';
    IF jsonb_typeof(v_appt) <> 'object' OR (v_appt->>'id') !~ '^[0-9a-f-]{36}$' THEN RETURN NULL; END IF;
    v_id := (v_appt->>'id')::uuid;
    IF v_appt->>'status' = 'cancelled' THEN
      v_kind := 'cancellation';
    ELSE
      -- Booked in this transaction = a new booking; an older appointment booked again = a move.
      -- created_at keeps milliseconds (rounded), now() microseconds: hence the one-millisecond margin.
      SELECT created_at INTO v_created FROM appointments WHERE tenant_id = NEW.tenant_id AND id = v_id;
      v_kind := CASE WHEN v_created IS NULL OR v_created >= now() - interval '1 millisecond' THEN 'booking' ELSE 'move' END;
    END IF;
    PERFORM notify_members(NEW.tenant_id, v_kind, NEW.conversation_id, v_id,
      jsonb_build_object('channel', v_channel, 'service', v_appt->>'service', 'startsAt', v_appt->>'startsAt'));
  ELSIF NEW.role = 'tool' AND (NEW.metadata->>'ok') = 'true' THEN
    v_kind := CASE NEW.metadata->>'tool'
      WHEN 'book_appointment' THEN 'booking'
      WHEN 'reschedule_appointment' THEN 'move'
      WHEN 'cancel_appointment' THEN 'cancellation'
    END;
    IF v_kind IS NULL THEN RETURN NULL; END IF;
    PERFORM notify_members(NEW.tenant_id, v_kind, NEW.conversation_id, NULL, jsonb_build_object('channel', v_channel));
  END IF;
  RETURN NULL;
END
$$;
ALTER FUNCTION notify_receptionist_outcome() OWNER TO frontdesk_owner;

CREATE TRIGGER messages_notify_outcome AFTER INSERT ON "messages"
  FOR EACH ROW WHEN (NEW.role IN ('agent', 'tool')) EXECUTE FUNCTION notify_receptionist_outcome();

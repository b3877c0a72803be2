-- Confirmations and reminders to clients (lib/messaging): a transactional
-- outbox of messages about appointments, and the clients' opt-outs.

CREATE TYPE "OutboundKind" AS ENUM ('booked', 'moved', 'cancelled', 'reminder_first', 'reminder_second');
CREATE TYPE "OutboundStatus" AS ENUM ('pending', 'sending', 'sent', 'failed', 'skipped');

CREATE TABLE "outbound_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "appointment_id" UUID NOT NULL,
    "kind" "OutboundKind" NOT NULL,
    "scheduled_for" TIMESTAMPTZ(3) NOT NULL,
    "status" "OutboundStatus" NOT NULL DEFAULT 'pending',
    "via" TEXT,
    "recipient" TEXT,
    "body" TEXT,
    "provider_id" TEXT,
    "delivery_status" TEXT,
    "delivery_status_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "claimed_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbound_messages_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- The idempotency key: one message per appointment, kind and time, whoever
-- (trigger, job, second worker, rerun) tries to write it.
CREATE UNIQUE INDEX "outbound_messages_tenant_id_appointment_id_kind_scheduled_f_key"
  ON "outbound_messages"("tenant_id", "appointment_id", "kind", "scheduled_for");
CREATE UNIQUE INDEX "outbound_messages_tenant_id_provider_id_key" ON "outbound_messages"("tenant_id", "provider_id");
CREATE INDEX "outbound_messages_tenant_id_status_next_attempt_at_idx" ON "outbound_messages"("tenant_id", "status", "next_attempt_at");

ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_tenant_id_appointment_id_fkey"
  FOREIGN KEY ("tenant_id", "appointment_id") REFERENCES "appointments"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_via_known"
  CHECK ("via" IS NULL OR "via" IN ('whatsapp', 'email'));

CREATE TABLE "messaging_opt_outs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "address" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messaging_opt_outs_pkey" PRIMARY KEY ("tenant_id", "id")
);

CREATE UNIQUE INDEX "messaging_opt_outs_tenant_id_address_key" ON "messaging_opt_outs"("tenant_id", "address");
ALTER TABLE "messaging_opt_outs" ADD CONSTRAINT "messaging_opt_outs_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

DO $$
DECLARE
  t text;
  policy_expr constant text :=
    $p$"tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$;
BEGIN
  FOREACH t IN ARRAY ARRAY['outbound_messages', 'messaging_opt_outs']
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

-- The transactional outbox: every booking, move and cancellation, whoever
-- makes it (receptionist, console, one-tap link), queues its confirmation in
-- the same transaction, so a rolled-back booking tells nobody and a committed
-- one is never forgotten. Runs as the writer, so RLS applies to the insert.
CREATE FUNCTION queue_appointment_confirmation() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_kind "OutboundKind";
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."status" <> 'booked' THEN RETURN NULL; END IF;
    v_kind := 'booked';
  ELSIF OLD."status" = 'booked' AND NEW."status" = 'cancelled' THEN
    v_kind := 'cancelled';
  ELSIF OLD."status" = 'booked' AND NEW."status" = 'booked' AND NEW."starts_at" <> OLD."starts_at" THEN
    v_kind := 'moved';
  ELSE
    RETURN NULL;
  END IF;
  -- A client with no number and no email cannot be told anything: no row.
  IF NOT EXISTS (SELECT 1 FROM "clients" c WHERE c."tenant_id" = NEW."tenant_id" AND c."id" = NEW."client_id"
                 AND (c."phone" IS NOT NULL OR c."email" IS NOT NULL)) THEN
    RETURN NULL;
  END IF;
  INSERT INTO "outbound_messages" ("tenant_id", "appointment_id", "kind", "scheduled_for", "updated_at")
  VALUES (NEW."tenant_id", NEW."id", v_kind, clock_timestamp(), now())
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
ALTER FUNCTION queue_appointment_confirmation() OWNER TO frontdesk_owner;

CREATE TRIGGER appointments_queue_confirmation
  AFTER INSERT OR UPDATE OF "status", "starts_at" ON "appointments"
  FOR EACH ROW EXECUTE FUNCTION queue_appointment_confirmation();

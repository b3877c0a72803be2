-- Calendar sync (lib/calendar): one external calendar (Google or CalDAV) per
-- resource, and one external event per appointment and connection.

CREATE TYPE "CalendarProvider" AS ENUM ('google', 'caldav');
CREATE TYPE "CalendarConnectionStatus" AS ENUM ('ok', 'failing');
CREATE TYPE "CalendarSyncState" AS ENUM ('pending', 'synced', 'removed', 'failed');
CREATE TYPE "CalendarConflictKind" AS ENUM ('moved', 'deleted');

CREATE TABLE "calendar_connections" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "resource_id" UUID NOT NULL,
    "provider" "CalendarProvider" NOT NULL,
    -- Google: the calendar id; CalDAV: the calendar collection's URL.
    "calendar_ref" TEXT NOT NULL,
    -- Non-secret, shown in the console: the service account's email or the CalDAV user.
    "account_label" TEXT NOT NULL DEFAULT '',
    -- The credentials (service-account JSON, OAuth refresh token or app
    -- password) sealed with lib/secrets' AES-GCM under the tenant and row id.
    "ciphertext" BYTEA NOT NULL,
    "iv" BYTEA NOT NULL,
    "auth_tag" BYTEA NOT NULL,
    "key_version" INTEGER NOT NULL,
    "status" "CalendarConnectionStatus" NOT NULL DEFAULT 'ok',
    "last_sync_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    -- Last known busy intervals ([{s, e}] ISO strings) for [busy_from, busy_to):
    -- served while the calendar cannot be reached, within a bounded staleness.
    "busy_snapshot" JSONB,
    "busy_from" TIMESTAMPTZ(3),
    "busy_to" TIMESTAMPTZ(3),
    "busy_fetched_at" TIMESTAMPTZ(3),
    -- Set by a Google push notification: caches older than this are stale on every instance.
    "changed_at" TIMESTAMPTZ(3),
    "reconciled_at" TIMESTAMPTZ(3),
    "push_channel_id" TEXT,
    "push_resource_id" TEXT,
    "push_token_hash" TEXT,
    "push_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_connections_pkey" PRIMARY KEY ("tenant_id", "id")
);

CREATE UNIQUE INDEX "calendar_connections_tenant_id_resource_id_key" ON "calendar_connections"("tenant_id", "resource_id");
CREATE UNIQUE INDEX "calendar_connections_push_channel_id_key" ON "calendar_connections"("push_channel_id");

ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_tenant_id_resource_id_fkey"
  FOREIGN KEY ("tenant_id", "resource_id") REFERENCES "resources"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "appointment_calendar_events" (
    -- Derived from (connection, appointment) by the trigger below: the
    -- idempotency key of the write-through, whoever writes the appointment.
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "appointment_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    -- Google event id or CalDAV object URL, both derived from the appointment id.
    "external_id" TEXT,
    "etag" TEXT,
    -- What was last written, so a later read tells an outside edit from ours.
    "synced_starts_at" TIMESTAMPTZ(3),
    "synced_ends_at" TIMESTAMPTZ(3),
    "sync_state" "CalendarSyncState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "synced_at" TIMESTAMPTZ(3),
    "conflict_kind" "CalendarConflictKind",
    "conflict_starts_at" TIMESTAMPTZ(3),
    "conflict_ends_at" TIMESTAMPTZ(3),
    "conflict_at" TIMESTAMPTZ(3),
    -- Staff's answer to the last conflict: accepted (the appointment follows) or dismissed (the event is rewritten).
    "resolution" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_calendar_events_pkey" PRIMARY KEY ("tenant_id", "id")
);

CREATE INDEX "appointment_calendar_events_due_idx" ON "appointment_calendar_events"("tenant_id", "sync_state", "next_attempt_at");
CREATE INDEX "appointment_calendar_events_appointment_idx" ON "appointment_calendar_events"("tenant_id", "appointment_id");
CREATE INDEX "appointment_calendar_events_connection_idx" ON "appointment_calendar_events"("tenant_id", "connection_id");
CREATE INDEX "appointment_calendar_events_conflicts_idx" ON "appointment_calendar_events"("tenant_id", "conflict_at") WHERE "conflict_kind" IS NOT NULL;

ALTER TABLE "appointment_calendar_events" ADD CONSTRAINT "appointment_calendar_events_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "appointment_calendar_events" ADD CONSTRAINT "appointment_calendar_events_tenant_id_appointment_id_fkey"
  FOREIGN KEY ("tenant_id", "appointment_id") REFERENCES "appointments"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "appointment_calendar_events" ADD CONSTRAINT "appointment_calendar_events_tenant_id_connection_id_fkey"
  FOREIGN KEY ("tenant_id", "connection_id") REFERENCES "calendar_connections"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

DO $$
DECLARE
  t text;
  policy_expr constant text :=
    $p$"tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$;
BEGIN
  FOREACH t IN ARRAY ARRAY['calendar_connections', 'appointment_calendar_events']
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

-- The event row's id, derived from (connection, appointment): the write-through's
-- idempotency key. An md5 shaped as a version-4 UUID, so id checks accept it.
CREATE FUNCTION calendar_event_id(p_connection uuid, p_appointment uuid) RETURNS uuid
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog
AS $$
  SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid
  FROM (SELECT md5(p_connection::text || ':' || p_appointment::text) AS h) x
$$;
GRANT EXECUTE ON FUNCTION calendar_event_id(uuid, uuid) TO frontdesk_app, frontdesk_platform;

-- The write-through outbox: every booking, move, cancellation or change of
-- resource, whoever makes it (receptionist, console, one-tap link, support),
-- marks the appointment's event pending in the same transaction, for the
-- connection of its resource and, after a change of resource, the old one's.
-- The calendar.sync job then makes the external event match the appointment.
-- Runs as the writer, so RLS applies to the upsert.
CREATE FUNCTION queue_calendar_sync() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_conn uuid;
BEGIN
  IF TG_OP = 'INSERT' AND NEW."status" = 'cancelled' THEN RETURN NULL; END IF;
  FOR v_conn IN
    SELECT c."id" FROM "calendar_connections" c
    WHERE c."tenant_id" = NEW."tenant_id"
      AND (c."resource_id" = NEW."resource_id" OR (TG_OP = 'UPDATE' AND c."resource_id" = OLD."resource_id"))
  LOOP
    INSERT INTO "appointment_calendar_events" ("id", "tenant_id", "appointment_id", "connection_id", "sync_state", "updated_at")
    VALUES (calendar_event_id(v_conn, NEW."id"), NEW."tenant_id", NEW."id", v_conn, 'pending', now())
    ON CONFLICT ("tenant_id", "id") DO UPDATE
      SET "sync_state" = 'pending', "attempts" = 0, "next_attempt_at" = NULL, "updated_at" = now(),
          -- A change made in Frontdesk answers an open conflict: the event follows the appointment again.
          "conflict_kind" = NULL, "conflict_starts_at" = NULL, "conflict_ends_at" = NULL, "conflict_at" = NULL;
  END LOOP;
  RETURN NULL;
END
$$;
ALTER FUNCTION queue_calendar_sync() OWNER TO frontdesk_owner;

CREATE TRIGGER appointments_queue_calendar_sync
  AFTER INSERT OR UPDATE OF "status", "starts_at", "ends_at", "resource_id" ON "appointments"
  FOR EACH ROW EXECUTE FUNCTION queue_calendar_sync();

-- Google push notifications carry only their channel id and token: this
-- finds the channel's tenant and connection for the webhook without letting
-- it list anyone's connections. The token is compared by the caller.
GRANT SELECT ("tenant_id", "id", "push_channel_id", "push_token_hash") ON "calendar_connections" TO frontdesk_resolver;
CREATE FUNCTION resolve_calendar_push(p_channel_id text)
RETURNS TABLE (tenant_id uuid, connection_id uuid, token_hash text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT c."tenant_id", c."id", c."push_token_hash" FROM "calendar_connections" c
  WHERE c."push_channel_id" = p_channel_id AND p_channel_id IS NOT NULL
$$;
ALTER FUNCTION resolve_calendar_push(text) OWNER TO frontdesk_resolver;
REVOKE ALL ON FUNCTION resolve_calendar_push(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_calendar_push(text) TO frontdesk_app, frontdesk_platform;

-- Daily reports (lib/reports), appointment events the report counts, and
-- the voice recording references the recording retention clears.

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN "recording_url" TEXT,
ADD COLUMN "stereo_recording_url" TEXT;

-- CreateTable
CREATE TABLE "appointment_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "appointment_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "appointment_events_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateTable
CREATE TABLE "daily_reports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "local_date" DATE NOT NULL,
    "locale" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "daily_reports_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateIndex
CREATE INDEX "appointment_events_tenant_id_occurred_at_idx" ON "appointment_events"("tenant_id", "occurred_at");

-- CreateIndex
-- Once per tenant and local date, whoever produces it.
CREATE UNIQUE INDEX "daily_reports_tenant_id_local_date_key" ON "daily_reports"("tenant_id", "local_date");

-- AddForeignKey
ALTER TABLE "appointment_events" ADD CONSTRAINT "appointment_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment_events" ADD CONSTRAINT "appointment_events_tenant_id_appointment_id_fkey" FOREIGN KEY ("tenant_id", "appointment_id") REFERENCES "appointments"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_reports" ADD CONSTRAINT "daily_reports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ------------------------------------------------------- ownership, RLS ---

DO $$
DECLARE
  t text;
  policy_expr constant text :=
    $p$"tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$;
BEGIN
  FOREACH t IN ARRAY ARRAY['appointment_events', 'daily_reports']
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

-- ------------------------------------------------------------- events ---

-- Every writer of appointments (console through Prisma, the receptionist's
-- raw statements, the platform) leaves the same trace of a move, a
-- cancellation or a no-show (a booking is the row's own created_at). The
-- event time is the row's updated_at when the writer set it, so a clock the
-- writer was given (tests, imports) is the one counted; runs as the writer,
-- so row-level security applies to the event as to the appointment.
CREATE FUNCTION appointment_events_record() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_at timestamptz := CASE WHEN NEW."updated_at" IS DISTINCT FROM OLD."updated_at" THEN NEW."updated_at" ELSE now() END;
BEGIN
  IF NEW."status" IS DISTINCT FROM OLD."status" AND NEW."status" IN ('cancelled', 'no_show') THEN
    INSERT INTO "appointment_events" ("tenant_id", "appointment_id", "kind", "occurred_at")
    VALUES (NEW."tenant_id", NEW."id", NEW."status"::text, v_at);
  ELSIF NEW."status" = 'booked' AND OLD."status" = 'booked' AND NEW."starts_at" IS DISTINCT FROM OLD."starts_at" THEN
    INSERT INTO "appointment_events" ("tenant_id", "appointment_id", "kind", "occurred_at")
    VALUES (NEW."tenant_id", NEW."id", 'moved', v_at);
  END IF;
  RETURN NEW;
END
$$;
ALTER FUNCTION appointment_events_record() OWNER TO frontdesk_owner;

CREATE TRIGGER appointment_events_record
AFTER UPDATE OF "status", "starts_at" ON "appointments"
FOR EACH ROW EXECUTE FUNCTION appointment_events_record();

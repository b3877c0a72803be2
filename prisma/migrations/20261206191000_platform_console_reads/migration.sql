-- Read side of the platform console (issue 12): a durable webhook failure
-- count and the index the tenants list pages on.
--
-- Provider webhooks answered with an error, counted per provider, outcome and
-- hour for the platform console's overview (issue 12). The in-memory metric
-- (frontdesk_webhook_events_total) is lost on restart and per process; this is
-- the durable figure. Counts only: nothing of the request is kept.

CREATE TABLE "webhook_failures" (
    "provider" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_failures_pkey" PRIMARY KEY ("provider","outcome","hour"),
    CONSTRAINT "webhook_failures_provider_known" CHECK ("provider" IN ('stripe', 'vapi', 'twilio')),
    CONSTRAINT "webhook_failures_outcome_known"
      CHECK ("outcome" IN ('unauthenticated', 'unrouted', 'rate_limited', 'unavailable', 'rejected', 'failed')),
    CONSTRAINT "webhook_failures_hour_truncated" CHECK ("hour" = date_trunc('hour', "hour")),
    CONSTRAINT "webhook_failures_count_positive" CHECK ("count" > 0)
);

CREATE INDEX "webhook_failures_hour_idx" ON "webhook_failures"("hour");

-- Global, like platform_audit_events: the app role has no grant on it, the
-- platform role reads it. Writes go through one narrow function whose owner
-- can do nothing else.
ALTER TABLE "webhook_failures" OWNER TO frontdesk_owner;
REVOKE ALL ON "webhook_failures" FROM PUBLIC;
GRANT SELECT ON "webhook_failures" TO frontdesk_platform;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_webhook_recorder') THEN
    CREATE ROLE frontdesk_webhook_recorder NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO frontdesk_webhook_recorder;
GRANT SELECT, INSERT, UPDATE ON "webhook_failures" TO frontdesk_webhook_recorder;

-- Adds p_count failures of one outcome to the hour containing p_at; returns the hour's count.
CREATE FUNCTION record_webhook_failure(p_provider text, p_outcome text, p_count integer, p_at timestamptz)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  INSERT INTO "webhook_failures" ("provider", "outcome", "hour", "count", "last_at")
  VALUES (p_provider, p_outcome, date_trunc('hour', p_at), p_count, p_at)
  ON CONFLICT ("provider", "outcome", "hour") DO UPDATE
    SET "count" = "webhook_failures"."count" + EXCLUDED."count",
        "last_at" = GREATEST("webhook_failures"."last_at", EXCLUDED."last_at")
  RETURNING "count"
$$;
ALTER FUNCTION record_webhook_failure(text, text, integer, timestamptz) OWNER TO frontdesk_webhook_recorder;
REVOKE ALL ON FUNCTION record_webhook_failure(text, text, integer, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_webhook_failure(text, text, integer, timestamptz) TO frontdesk_app, frontdesk_platform;

-- The console's tenants list is keyset-paged newest first on (created_at, id).
CREATE INDEX "tenants_created_at_id_idx" ON "tenants"("created_at", "id");

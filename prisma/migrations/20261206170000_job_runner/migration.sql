-- Job runner (lib/jobs). pg-boss 10 keeps its queue in schema "pgboss" and
-- migrates it itself; the runner connects for that with DATABASE_URL (the
-- migration owner), because frontdesk_app may create nothing. Job handlers
-- never use that connection: they run in runAsTenant over frontdesk_app, so
-- RLS applies to everything a job reads or writes.
CREATE SCHEMA IF NOT EXISTS pgboss;
REVOKE ALL ON SCHEMA pgboss FROM PUBLIC;

-- One row per job ever enqueued, keyed by queue and singleton key
-- ("<tenant>:<period or key>"). Inserted in the same transaction as the
-- pg-boss job, so a second worker, a rerun or a retried tick cannot enqueue
-- the same job twice, even after pg-boss has archived the first one.
CREATE SCHEMA IF NOT EXISTS jobs;
REVOKE ALL ON SCHEMA jobs FROM PUBLIC;

CREATE TABLE jobs.runs (
    "queue" TEXT NOT NULL,
    "singleton_key" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "job_id" UUID,
    "state" TEXT NOT NULL DEFAULT 'queued' CHECK ("state" IN ('queued', 'completed', 'failed')),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "enqueued_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "runs_pkey" PRIMARY KEY ("queue", "singleton_key")
);
CREATE INDEX "runs_tenant_id_idx" ON jobs.runs ("tenant_id");

-- Scheduled jobs fan out per tenant. The runner reads the few lifecycle
-- columns it filters on through this function, so its connection needs no
-- way around the tenants table's forced RLS.
CREATE FUNCTION jobs.tenants_for_jobs()
RETURNS TABLE (id uuid, status text, plan text, trial_ends_at timestamptz, past_due_since timestamptz, suspended_at timestamptz, cancelled_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t."id", t."status"::text, t."plan", t."trial_ends_at", t."past_due_since", t."suspended_at", t."cancelled_at"
  FROM "tenants" t ORDER BY t."id"
$$;
ALTER FUNCTION jobs.tenants_for_jobs() OWNER TO frontdesk_resolver;
REVOKE ALL ON FUNCTION jobs.tenants_for_jobs() FROM PUBLIC;
GRANT USAGE ON SCHEMA jobs TO frontdesk_resolver;

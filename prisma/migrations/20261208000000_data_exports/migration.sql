-- The owner's data export (GDPR, issue 16): one row per request, asked for in
-- Settings, built by the tenant-data.export job, downloadable for 24 hours
-- through a signed link; the purge then drops the bytes and keeps the row.

CREATE TYPE "DataExportStatus" AS ENUM ('queued', 'running', 'ready', 'failed', 'expired');

CREATE TABLE "data_exports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "requested_by" UUID NOT NULL,
    "status" "DataExportStatus" NOT NULL DEFAULT 'queued',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "size_bytes" INTEGER,
    "table_counts" JSONB,
    "schema_version" TEXT,
    "error" TEXT,
    "archive" BYTEA,

    CONSTRAINT "data_exports_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "data_exports_ready_expires" CHECK ("status" <> 'ready' OR "expires_at" IS NOT NULL)
);

-- The archive is gzip already: PostgreSQL's own compression would only cost CPU.
ALTER TABLE "data_exports" ALTER COLUMN "archive" SET STORAGE EXTERNAL;

CREATE INDEX "data_exports_tenant_id_created_at_idx" ON "data_exports"("tenant_id", "created_at");
-- One export in flight per tenant: a second request finds the first instead of starting another.
CREATE UNIQUE INDEX "data_exports_one_in_flight" ON "data_exports"("tenant_id") WHERE "status" IN ('queued', 'running');

ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- A member who leaves takes the exports they asked for (and their links) with them.
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_tenant_id_requested_by_fkey"
  FOREIGN KEY ("tenant_id", "requested_by") REFERENCES "memberships"("tenant_id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "data_exports" OWNER TO frontdesk_owner;
ALTER TABLE "data_exports" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "data_exports" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "data_exports" TO frontdesk_app
  USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON "data_exports" TO frontdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "data_exports" TO frontdesk_platform;

-- Live moves of a tenant between cells (npm run tenant:move), in the control
-- plane: one row per move, its phase, what was copied and how long the tenant
-- was frozen; the platform console's tenant detail shows the latest ones.
CREATE TABLE "tenant_moves" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "from_cell" TEXT NOT NULL,
    "to_cell" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'copying',
    "rows_copied" INTEGER NOT NULL DEFAULT 0,
    "tables_copied" INTEGER NOT NULL DEFAULT 0,
    "freeze_ms" INTEGER,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "tenant_moves_pkey" PRIMARY KEY ("tenant_id", "id"),
    CONSTRAINT "tenant_moves_phase" CHECK ("phase" IN ('copying', 'frozen', 'verified', 'flipped', 'done', 'failed'))
);
CREATE INDEX "tenant_moves_tenant_id_started_at_idx" ON "tenant_moves"("tenant_id", "started_at" DESC);
ALTER TABLE "tenant_moves" ADD CONSTRAINT "tenant_moves_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "tenant_moves" OWNER TO frontdesk_owner;
ALTER TABLE "tenant_moves" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tenant_moves" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "tenant_moves" TO frontdesk_app
  USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid));
-- The move runs as the owner; support reads the progress; the app may read its own tenant's (RLS).
GRANT SELECT ON "tenant_moves" TO frontdesk_app;
GRANT SELECT ON "tenant_moves" TO frontdesk_platform;

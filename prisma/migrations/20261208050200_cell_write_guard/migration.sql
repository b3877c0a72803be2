-- A database refuses the app role's writes for a tenant that has left it
-- (issue 16). The control plane's database keeps a moved tenant's row (it is
-- the directory), so foreign keys alone do not stop a late write there: one
-- from a process with a stale directory entry, or one that waited on the
-- move's lock. Each database may know which cell it is (cell_identity, named
-- by lib/cells when a tenant first leaves it); a tenant-owned INSERT or UPDATE
-- then passes only when the tenant's row here names this cell. Unnamed (one
-- database, no CELLS) everything passes as before.
CREATE TABLE "cell_identity" (
  "singleton" BOOLEAN PRIMARY KEY DEFAULT true CHECK ("singleton"),
  "name" TEXT NOT NULL,
  "named_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
ALTER TABLE "cell_identity" OWNER TO frontdesk_owner;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_cell_guard') THEN
    CREATE ROLE frontdesk_cell_guard NOLOGIN NOSUPERUSER BYPASSRLS;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO frontdesk_cell_guard;
GRANT SELECT ON "cell_identity", "tenants" TO frontdesk_cell_guard;
-- FOR KEY SHARE needs UPDATE on some column; the function never updates.
GRANT UPDATE ("cell_state") ON "tenants" TO frontdesk_cell_guard;

-- Once per statement (an initplan of the policies below). The lock waits for a
-- move holding the tenant row, then reads the committed directory entry.
CREATE FUNCTION tenant_writes_here() RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_here text;
  v_cell text;
BEGIN
  SELECT c."name" INTO v_here FROM "cell_identity" c;
  IF v_here IS NULL THEN
    RETURN true;
  END IF;
  SELECT t."cell" INTO v_cell FROM "tenants" t
  WHERE t."id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid FOR KEY SHARE;
  RETURN v_cell IS NULL OR v_cell = v_here;
END
$$;
ALTER FUNCTION tenant_writes_here() OWNER TO frontdesk_cell_guard;
REVOKE ALL ON FUNCTION tenant_writes_here() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_writes_here() TO frontdesk_app;

-- Every app-role policy on a tenant-keyed cell table (and the tenant's own
-- row) gets the guard in its WITH CHECK; the control plane's own tables
-- (lib/cells/tables.ts, CONTROL_PLANE_TABLES) are written there for every tenant.
DO $$
DECLARE
  p record;
BEGIN
  FOR p IN
    SELECT c.relname AS tbl, pol.polname AS name, pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
    FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND pol.polwithcheck IS NOT NULL
      AND c.relname NOT IN ('users', 'auth_sessions', 'auth_handoffs', 'password_resets', 'login_throttles', 'plans', 'plan_prices',
        'billing_meters', 'plan_overage_prices', 'platform_audit_events', 'webhook_failures', 'support_sessions', 'tenant_moves')
      AND (c.relname = 'tenants' OR EXISTS (
        SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
  LOOP
    EXECUTE format('ALTER POLICY %I ON %I WITH CHECK ((%s) AND (SELECT tenant_writes_here()))', p.name, p.tbl, p.with_check);
  END LOOP;
END
$$;

-- A tenant row's announcement names the columns that changed
-- ("<tenant id>:tenants:<column>,<column>"), so the directory sync sends the
-- other side only what this side wrote (lib/cells/tables.ts,
-- TENANT_COLUMN_OWNERS): a stale copy never overwrites a decision made there.
CREATE OR REPLACE FUNCTION announce_tenant_row_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_old jsonb;
  v_columns text;
BEGIN
  IF current_setting('app.directory_sync', true) = 'on' THEN
    RETURN NULL;
  END IF;
  v_old := to_jsonb(OLD);
  SELECT string_agg(n.key, ',' ORDER BY n.key) INTO v_columns
  FROM jsonb_each(to_jsonb(NEW) - 'config_version' - 'updated_at') n
  WHERE n.value IS DISTINCT FROM v_old -> n.key;
  IF v_columns IS NOT NULL THEN
    PERFORM pg_notify('frontdesk_directory', NEW."id"::text || ':tenants:' || v_columns);
  END IF;
  RETURN NULL;
END
$$;

-- Cells (issue 16): the directory names each tenant's cell, and a moving
-- tenant's state, in the control plane's tenants row. Every database runs this
-- migration; in a cell the columns are copied from the control plane with
-- the rest of the row.

ALTER TABLE "tenants"
  ADD COLUMN "cell" TEXT NOT NULL DEFAULT 'default',
  -- 'frozen' while a move copies the last rows: requests wait, voice says "one moment".
  ADD COLUMN "cell_state" TEXT NOT NULL DEFAULT 'serving',
  ADD COLUMN "cell_frozen_at" TIMESTAMPTZ(3);
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_cell_name" CHECK ("cell" ~ '^[a-z][a-z0-9_-]{0,30}$');
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_cell_state" CHECK (
  "cell_state" IN ('serving', 'frozen') AND (("cell_state" = 'frozen') = ("cell_frozen_at" IS NOT NULL)));

-- Where a tenant lives, for the app role that cannot list tenants: one row or none.
CREATE FUNCTION tenant_cell(p_tenant_id uuid)
RETURNS TABLE ("cell" text, "cell_state" text, "cell_frozen_at" timestamptz, "config_version" bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t."cell", t."cell_state", t."cell_frozen_at", t."config_version" FROM "tenants" t WHERE t."id" = p_tenant_id
$$;

-- A webhook's number or widget key to its tenant and that tenant's cell, in one lookup.
CREATE FUNCTION resolve_channel_route_cell(p_channel "Channel", p_key text)
RETURNS TABLE ("tenant_id" uuid, "cell" text, "cell_state" text, "cell_frozen_at" timestamptz, "config_version" bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t."id", t."cell", t."cell_state", t."cell_frozen_at", t."config_version"
  FROM "channel_routes" r JOIN "tenants" t ON t."id" = r."tenant_id"
  WHERE r."channel" = p_channel AND r."key" = p_key AND r."active" AND r."revoked_at" IS NULL
$$;

ALTER FUNCTION tenant_cell(uuid) OWNER TO frontdesk_resolver;
ALTER FUNCTION resolve_channel_route_cell("Channel", text) OWNER TO frontdesk_resolver;
REVOKE ALL ON FUNCTION tenant_cell(uuid), resolve_channel_route_cell("Channel", text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_cell(uuid), resolve_channel_route_cell("Channel", text) TO frontdesk_app, frontdesk_platform;

-- The rows each side copies from the other (lib/cells/directory-sync) are
-- announced on "frontdesk_directory" as "<tenant id>:<table>" when the
-- transaction commits. A copy being written sets app.directory_sync, so it
-- is not announced back.
CREATE FUNCTION announce_directory_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_tenant uuid;
BEGIN
  IF current_setting('app.directory_sync', true) = 'on' THEN
    RETURN NULL;
  END IF;
  FOR v_tenant IN SELECT DISTINCT c."tenant_id" FROM changed_rows c LOOP
    PERFORM pg_notify('frontdesk_directory', v_tenant::text || ':' || TG_TABLE_NAME);
  END LOOP;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  v_table text;
BEGIN
  FOREACH v_table IN ARRAY ARRAY['channel_routes', 'memberships', 'invitations']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION announce_directory_change()', v_table || '_directory_insert', v_table);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION announce_directory_change()', v_table || '_directory_update', v_table);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION announce_directory_change()', v_table || '_directory_delete', v_table);
  END LOOP;
END
$$;

CREATE FUNCTION announce_tenant_row_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF current_setting('app.directory_sync', true) IS DISTINCT FROM 'on'
     AND (to_jsonb(NEW) - 'config_version' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'config_version' - 'updated_at') THEN
    PERFORM pg_notify('frontdesk_directory', NEW."id"::text || ':tenants');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER tenants_directory_update AFTER UPDATE ON "tenants" FOR EACH ROW EXECUTE FUNCTION announce_tenant_row_change();

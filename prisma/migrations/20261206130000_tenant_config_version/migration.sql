-- A per-tenant configuration version, so each app instance can cache a
-- tenant's configuration (profile, hours, closures, services, FAQ, channel
-- routes, secrets, and the tenant row itself) and know when it is stale.
-- Every write to those tables bumps it, whoever writes (app, console,
-- platform, seed, hand-written SQL), because triggers do it, and announces it
-- on the channel "frontdesk_config" with the payload
-- "<tenant id>:<version>:<table>", delivered when the transaction commits.

ALTER TABLE "tenants" ADD COLUMN "config_version" BIGINT NOT NULL DEFAULT 1;

-- Owns only the bump function: it may read tenant ids and raise their version,
-- nothing else, whichever role's write fired the trigger.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_config_notifier') THEN
    CREATE ROLE frontdesk_config_notifier NOLOGIN NOSUPERUSER BYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO frontdesk_config_notifier;
GRANT SELECT ("id", "config_version"), UPDATE ("config_version") ON "tenants" TO frontdesk_config_notifier;

-- Statement-level, over the transition table: a form that replaces a week of
-- opening hours bumps once per statement, not once per row.
CREATE FUNCTION bump_tenant_config_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_row record;
BEGIN
  FOR v_row IN
    UPDATE "tenants" t SET "config_version" = t."config_version" + 1
    WHERE t."id" IN (SELECT DISTINCT c."tenant_id" FROM changed_rows c)
    RETURNING t."id", t."config_version"
  LOOP
    PERFORM pg_notify('frontdesk_config', v_row."id"::text || ':' || v_row."config_version"::text || ':' || TG_TABLE_NAME);
  END LOOP;
  RETURN NULL;
END
$$;
ALTER FUNCTION bump_tenant_config_version() OWNER TO frontdesk_config_notifier;
REVOKE ALL ON FUNCTION bump_tenant_config_version() FROM PUBLIC;

DO $$
DECLARE
  v_table text;
BEGIN
  FOREACH v_table IN ARRAY ARRAY['business_profiles', 'opening_hours', 'closures', 'services', 'faq_entries', 'channel_routes', 'tenant_secrets']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version()', v_table || '_config_insert', v_table);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version()', v_table || '_config_update', v_table);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version()', v_table || '_config_delete', v_table);
  END LOOP;
END
$$;

-- The tenant row itself: any change but the version and the update time is
-- configuration (name, status, plan, locale, time zone, settings, …).
CREATE FUNCTION bump_own_config_version() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF (to_jsonb(NEW) - 'config_version' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'config_version' - 'updated_at') THEN
    NEW."config_version" := OLD."config_version" + 1;
    PERFORM pg_notify('frontdesk_config', NEW."id"::text || ':' || NEW."config_version"::text || ':tenants');
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER tenants_config_update BEFORE UPDATE ON "tenants" FOR EACH ROW EXECUTE FUNCTION bump_own_config_version();

CREATE FUNCTION announce_tenant_deleted() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  PERFORM pg_notify('frontdesk_config', OLD."id"::text || ':0:deleted');
  RETURN OLD;
END
$$;
CREATE TRIGGER tenants_config_delete AFTER DELETE ON "tenants" FOR EACH ROW EXECUTE FUNCTION announce_tenant_deleted();

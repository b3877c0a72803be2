-- A plan's limits or prices changed by the platform apply at once: the
-- tenants on that plan get their config_version bumped and announced on
-- "frontdesk_config" (payload "<tenant id>:<version>:<table>"), like every
-- other configuration write (20261206130000_tenant_config_version), so the
-- channel directory's cached limits are dropped by the next request.
-- Statement-level over the transition tables; a statement that rewrites a
-- row with the same values (stripe:sync re-linking prices) bumps nobody.

GRANT SELECT ("plan") ON "tenants" TO frontdesk_config_notifier;

CREATE FUNCTION bump_plan_tenants_config_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_row record;
BEGIN
  FOR v_row IN
    UPDATE "tenants" t SET "config_version" = t."config_version" + 1
    WHERE t."plan" IN (
      SELECT COALESCE(n.plan_code, o.plan_code)
      FROM (SELECT (to_jsonb(r) ->> TG_ARGV[0]) AS plan_code, to_jsonb(r) - 'updated_at' AS v FROM new_rows r) n
      FULL JOIN (SELECT (to_jsonb(r) ->> TG_ARGV[0]) AS plan_code, to_jsonb(r) - 'updated_at' AS v FROM old_rows r) o
        ON n.v = o.v
      WHERE n.v IS NULL OR o.v IS NULL
    )
    RETURNING t."id", t."config_version"
  LOOP
    PERFORM pg_notify('frontdesk_config', v_row."id"::text || ':' || v_row."config_version"::text || ':' || TG_TABLE_NAME);
  END LOOP;
  RETURN NULL;
END
$$;
ALTER FUNCTION bump_plan_tenants_config_version() OWNER TO frontdesk_config_notifier;
REVOKE ALL ON FUNCTION bump_plan_tenants_config_version() FROM PUBLIC;

-- A price added or withdrawn always counts (one transition table only).
CREATE FUNCTION bump_plan_tenants_on_insert_or_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_row record;
BEGIN
  FOR v_row IN
    UPDATE "tenants" t SET "config_version" = t."config_version" + 1
    WHERE t."plan" IN (SELECT to_jsonb(r) ->> TG_ARGV[0] FROM changed_rows r)
    RETURNING t."id", t."config_version"
  LOOP
    PERFORM pg_notify('frontdesk_config', v_row."id"::text || ':' || v_row."config_version"::text || ':' || TG_TABLE_NAME);
  END LOOP;
  RETURN NULL;
END
$$;
ALTER FUNCTION bump_plan_tenants_on_insert_or_delete() OWNER TO frontdesk_config_notifier;
REVOKE ALL ON FUNCTION bump_plan_tenants_on_insert_or_delete() FROM PUBLIC;

CREATE TRIGGER plans_config_update AFTER UPDATE ON "plans"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_tenants_config_version('code');
CREATE TRIGGER plan_prices_config_update AFTER UPDATE ON "plan_prices"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_tenants_config_version('plan_code');
CREATE TRIGGER plan_prices_config_insert AFTER INSERT ON "plan_prices"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_tenants_on_insert_or_delete('plan_code');
CREATE TRIGGER plan_prices_config_delete AFTER DELETE ON "plan_prices"
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_tenants_on_insert_or_delete('plan_code');

-- Platform console actions (lib/platform/actions): a support suspension and a
-- plan override are decisions of Frontdesk support that billing must not
-- undo. Both live on the tenant row so every existing reader (channels, the
-- console guard, the banner, limits, the SQL seat check) follows them with no
-- change of its own; a trigger keeps billing's writes from lifting them.

ALTER TABLE "tenants"
  ADD COLUMN "support_suspended_at" TIMESTAMPTZ(3),
  ADD COLUMN "support_suspension_reason" TEXT,
  -- The status billing wants once support lifts its suspension.
  ADD COLUMN "support_resume_status" "TenantStatus",
  ADD COLUMN "plan_override_until" TIMESTAMPTZ(3),
  -- The tenant's own plan while an override is in force.
  ADD COLUMN "plan_override_base" TEXT;

ALTER TABLE "tenants" ADD CONSTRAINT "tenants_support_suspension_complete" CHECK (
  ("support_suspended_at" IS NULL) = ("support_suspension_reason" IS NULL)
  AND ("support_suspended_at" IS NULL) = ("support_resume_status" IS NULL)
  AND ("support_suspended_at" IS NULL OR "status" = 'suspended'));
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_plan_override_complete" CHECK (
  ("plan_override_until" IS NULL) = ("plan_override_base" IS NULL));

-- Runs before tenants_config_update (triggers fire in name order), so the
-- version is bumped on what is finally written.
CREATE FUNCTION tenants_hold_platform_decisions() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  -- Request handlers run as frontdesk_app: they may end an override that is
  -- due (the expiry job) and nothing else of support's decisions.
  IF current_user = 'frontdesk_app' THEN
    IF ROW(NEW."support_suspended_at", NEW."support_suspension_reason", NEW."support_resume_status")
       IS DISTINCT FROM ROW(OLD."support_suspended_at", OLD."support_suspension_reason", OLD."support_resume_status") THEN
      RAISE EXCEPTION 'tenants: a support suspension is changed by the platform only' USING ERRCODE = '42501';
    END IF;
    IF NEW."plan_override_until" IS NOT NULL AND NEW."plan_override_until" IS DISTINCT FROM OLD."plan_override_until" THEN
      RAISE EXCEPTION 'tenants: a plan override is set by the platform only' USING ERRCODE = '42501';
    END IF;
  END IF;

  -- Suspended by support: any other writer's status (Stripe, lifecycle jobs)
  -- becomes the status to resume with, and the tenant stays suspended.
  IF OLD."support_suspended_at" IS NOT NULL AND NEW."support_suspended_at" IS NOT NULL THEN
    IF NEW."status" IS DISTINCT FROM OLD."status" THEN
      NEW."support_resume_status" := NEW."status";
      NEW."status" := OLD."status";
    ELSIF NEW."past_due_since" IS NOT NULL AND OLD."past_due_since" IS NULL AND NEW."support_resume_status" IN ('active', 'trial') THEN
      NEW."support_resume_status" := 'past_due';
    END IF;
    NEW."suspended_at" := OLD."suspended_at";
  END IF;

  -- Plan overridden: a plan written by anyone else (a subscription) becomes
  -- the tenant's own plan, applied when the override ends.
  IF OLD."plan_override_until" IS NOT NULL
     AND NEW."plan" IS DISTINCT FROM OLD."plan"
     AND NEW."plan_override_until" IS NOT DISTINCT FROM OLD."plan_override_until"
     AND NEW."plan_override_base" IS NOT DISTINCT FROM OLD."plan_override_base"
     AND current_setting('frontdesk.plan_override_write', true) IS DISTINCT FROM 'on' THEN
    NEW."plan_override_base" := NEW."plan";
    NEW."plan" := OLD."plan";
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "tenants_a_hold_platform_decisions" BEFORE UPDATE ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION tenants_hold_platform_decisions();

-- What sign-up seeds in a new workspace, shared with provisioning by the
-- platform so both start alike.
CREATE FUNCTION tenant_seed_defaults(p_tenant_id uuid, p_tenant_name text, p_locale text)
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, public
AS $$
  INSERT INTO "business_profiles" ("tenant_id", "business_name", "languages", "updated_at")
    VALUES (p_tenant_id, p_tenant_name, ARRAY[p_locale], now());
  -- Monday to Friday, 09:00-12:00 and 14:00-18:00, until the owner edits them.
  INSERT INTO "opening_hours" ("tenant_id", "weekday", "opens_at", "closes_at")
    SELECT p_tenant_id, d, iv.o, iv.c FROM generate_series(1, 5) AS d, (VALUES (540, 720), (840, 1080)) AS iv(o, c);
$$;
REVOKE ALL ON FUNCTION tenant_seed_defaults(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_seed_defaults(uuid, text, text) TO frontdesk_registrar, frontdesk_platform;

CREATE OR REPLACE FUNCTION auth_sign_up(
  p_email text, p_user_name text, p_password_hash text, p_slug text, p_tenant_name text,
  p_region "Region", p_timezone text, p_locale text, p_trial_ends_at timestamptz
)
RETURNS TABLE (outcome text, new_user_id uuid, new_tenant_id uuid)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
  v_user uuid;
  v_tenant uuid;
  v_constraint text;
BEGIN
  IF EXISTS (SELECT 1 FROM "users" WHERE "email" = p_email) THEN
    RETURN QUERY SELECT 'email_taken'::text, NULL::uuid, NULL::uuid;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM "tenants" WHERE "slug" = p_slug) THEN
    RETURN QUERY SELECT 'slug_taken'::text, NULL::uuid, NULL::uuid;
    RETURN;
  END IF;
  BEGIN
    INSERT INTO "users" ("email", "name", "password_hash", "updated_at")
      VALUES (p_email, p_user_name, p_password_hash, now()) RETURNING "id" INTO v_user;
    INSERT INTO "tenants" ("slug", "name", "region", "status", "plan", "admin_email", "timezone", "locale", "trial_ends_at", "updated_at")
      VALUES (p_slug, p_tenant_name, p_region, 'trial', 'pro', p_email, p_timezone, p_locale, p_trial_ends_at, now())
      RETURNING "id" INTO v_tenant;
  EXCEPTION WHEN unique_violation THEN
    -- A concurrent sign-up won the race for the same email or slug.
    GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
    RETURN QUERY SELECT CASE WHEN v_constraint = 'tenants_slug_key' THEN 'slug_taken' ELSE 'email_taken' END, NULL::uuid, NULL::uuid;
    RETURN;
  END;
  INSERT INTO "memberships" ("tenant_id", "user_id", "role", "updated_at") VALUES (v_tenant, v_user, 'owner', now());
  PERFORM tenant_seed_defaults(v_tenant, p_tenant_name, p_locale);
  RETURN QUERY SELECT 'ok'::text, v_user, v_tenant;
END
$$;

-- The job runner also picks the tenants whose plan override is due.
DROP FUNCTION jobs.tenants_for_jobs();
CREATE FUNCTION jobs.tenants_for_jobs()
RETURNS TABLE (id uuid, status text, plan text, trial_ends_at timestamptz, past_due_since timestamptz, suspended_at timestamptz,
  cancelled_at timestamptz, plan_override_until timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t."id", t."status"::text, t."plan", t."trial_ends_at", t."past_due_since", t."suspended_at", t."cancelled_at", t."plan_override_until"
  FROM "tenants" t ORDER BY t."id"
$$;
ALTER FUNCTION jobs.tenants_for_jobs() OWNER TO frontdesk_resolver;
REVOKE ALL ON FUNCTION jobs.tenants_for_jobs() FROM PUBLIC;

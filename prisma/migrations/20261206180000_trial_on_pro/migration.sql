-- Trials run on Pro (a "14-day Pro trial"): a new business can try every
-- channel, the phone receptionist included, with Pro's limits. Subscribing
-- sets the plan they pick (applySubscription); an unpaid trial ends read-only.
-- Same signature, so owner and grants stay as the identity migration set them.

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
  INSERT INTO "business_profiles" ("tenant_id", "business_name", "languages", "updated_at")
    VALUES (v_tenant, p_tenant_name, ARRAY[p_locale], now());
  -- Monday to Friday, 09:00-12:00 and 14:00-18:00, until the owner edits them.
  INSERT INTO "opening_hours" ("tenant_id", "weekday", "opens_at", "closes_at")
    SELECT v_tenant, d, iv.o, iv.c FROM generate_series(1, 5) AS d, (VALUES (540, 720), (840, 1080)) AS iv(o, c);
  RETURN QUERY SELECT 'ok'::text, v_user, v_tenant;
END
$$;


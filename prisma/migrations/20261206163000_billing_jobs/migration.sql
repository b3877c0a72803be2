-- The billing jobs (lib/billing/lifecycle.ts) run per tenant, inside that
-- tenant's context. Two narrow SECURITY DEFINER functions give them what the
-- app role cannot do under row-level security, and nothing more.

-- Which tenants have lifecycle work at p_now (the job's injectable clock):
-- a trial ending within 3 days or over, dunning, a cancellation's retention,
-- or overage not yet reported to the Stripe meter. Ids only, never rows.
GRANT SELECT ("tenant_id", "meter_event_name", "meter_reported_at") ON "usage_events" TO frontdesk_resolver;

CREATE FUNCTION billing_tenants_due(p_now timestamptz)
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t."id" FROM "tenants" t
  WHERE (t."status" = 'trial' AND t."trial_ends_at" <= p_now + interval '3 days')
     OR t."status" IN ('past_due', 'cancelled')
  UNION
  SELECT DISTINCT u."tenant_id" FROM "usage_events" u
  WHERE u."meter_event_name" IS NOT NULL AND u."meter_reported_at" IS NULL
$$;
ALTER FUNCTION billing_tenants_due(timestamptz) OWNER TO frontdesk_resolver;
REVOKE ALL ON FUNCTION billing_tenants_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_tenants_due(timestamptz) TO frontdesk_app, frontdesk_platform;

-- A cancelled workspace whose 30 days of retention have passed is deleted
-- like an owner's deletion (tenant_delete, 20261130000500): every
-- tenant-owned row cascades and the durable record goes to the platform
-- trail. Only the request's own tenant, only when it is cancelled and due.
CREATE FUNCTION tenant_delete_expired(p_tenant_id uuid, p_now timestamptz)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_tenant "tenants"%ROWTYPE;
BEGIN
  IF p_tenant_id IS DISTINCT FROM NULLIF(current_setting('app.tenant_id', true), '')::uuid THEN
    RAISE EXCEPTION 'tenant_delete_expired: p_tenant_id is not the tenant of this request' USING ERRCODE = '42501';
  END IF;
  DELETE FROM "tenants" t
  WHERE t."id" = p_tenant_id AND t."status" = 'cancelled'
    AND t."data_deletion_due_at" IS NOT NULL AND t."data_deletion_due_at" <= p_now
  RETURNING * INTO v_tenant;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO "platform_audit_events" ("actor_user_id", "action", "target", "metadata")
  VALUES (
    NULL, 'tenant.deleted', 'tenant:' || p_tenant_id::text,
    jsonb_build_object(
      'tenantId', p_tenant_id, 'slug', v_tenant."slug", 'name', v_tenant."name",
      'region', v_tenant."region", 'plan', v_tenant."plan", 'status', v_tenant."status",
      'cancelledAt', v_tenant."cancelled_at", 'dueAt', v_tenant."data_deletion_due_at",
      'reason', 'cancelled_retention_elapsed', 'actorRole', 'system'
    )
  );
  RETURN true;
END
$$;
ALTER FUNCTION tenant_delete_expired(uuid, timestamptz) OWNER TO frontdesk_tenant_remover;
REVOKE ALL ON FUNCTION tenant_delete_expired(uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_delete_expired(uuid, timestamptz) TO frontdesk_app;

-- Seats, numbers and widget keys sized for real practices (a receptionist
-- desk, a few locations, a widget per site); the monthly quotas are unchanged.
UPDATE "plans" SET "limits" = "limits" || '{"seats": 5, "routedNumbers": 2, "widgetKeys": 2}'::jsonb WHERE "code" = 'starter';
UPDATE "plans" SET "limits" = "limits" || '{"seats": 15, "routedNumbers": 10, "widgetKeys": 10}'::jsonb WHERE "code" = 'pro';
UPDATE "plans" SET "limits" = "limits" || '{"seats": 50, "routedNumbers": 30, "widgetKeys": 50}'::jsonb WHERE "code" = 'business';

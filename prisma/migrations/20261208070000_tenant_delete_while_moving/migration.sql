-- Deleting a workspace while a live move holds it frozen failed with a check
-- violation (500): tenant_delete_begin now answers 'moving', which the app
-- turns into 409 "try again in a minute". Same signature, owner and grants.
CREATE OR REPLACE FUNCTION tenant_delete_begin(p_session_id uuid, p_tenant_id uuid, p_slug text, p_ip text, p_request_id text)
RETURNS TABLE (outcome text, deleted_slug text, member_count integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
  v_user uuid;
  v_email text;
  v_tenant "tenants"%ROWTYPE;
  v_members integer;
BEGIN
  IF p_tenant_id IS DISTINCT FROM NULLIF(current_setting('app.tenant_id', true), '')::uuid THEN
    RAISE EXCEPTION 'tenant_delete_begin: p_tenant_id is not the tenant of this request' USING ERRCODE = '42501';
  END IF;
  -- Locks the directory row: a concurrent ownership change or sign-out commits before or after, never between.
  SELECT * INTO v_tenant FROM "tenants" t WHERE t."id" = p_tenant_id FOR UPDATE;
  SELECT u."id", u."email" INTO v_user, v_email
  FROM "auth_sessions" s
  JOIN "users" u ON u."id" = s."user_id"
  JOIN "memberships" m ON m."user_id" = s."user_id" AND m."tenant_id" = p_tenant_id AND m."role" = 'owner'
  WHERE s."id" = p_session_id AND s."revoked_at" IS NULL AND s."expires_at" > now();
  IF v_user IS NULL OR v_tenant."id" IS NULL THEN
    RETURN QUERY SELECT 'not_owner'::text, NULL::text, NULL::integer;
    RETURN;
  END IF;
  IF v_tenant."slug" IS DISTINCT FROM p_slug THEN
    RETURN QUERY SELECT 'slug_mismatch'::text, NULL::text, NULL::integer;
    RETURN;
  END IF;
  -- A live move holds the tenant frozen: 'deleting' cannot be set until it flips (tenants_cell_state).
  IF v_tenant."cell_state" = 'frozen' THEN
    RETURN QUERY SELECT 'moving'::text, NULL::text, NULL::integer;
    RETURN;
  END IF;
  SELECT count(*)::integer INTO v_members FROM "memberships" m WHERE m."tenant_id" = p_tenant_id;
  IF v_tenant."cell_state" IS DISTINCT FROM 'deleting' THEN
    UPDATE "tenants" t SET "cell_state" = 'deleting' WHERE t."id" = p_tenant_id;
    INSERT INTO "platform_audit_events" ("actor_user_id", "action", "target", "metadata", "ip", "request_id")
    VALUES (
      v_user, 'tenant.deleted', 'tenant:' || p_tenant_id::text,
      jsonb_build_object(
        'tenantId', p_tenant_id, 'slug', v_tenant."slug", 'name', v_tenant."name",
        'region', v_tenant."region", 'plan', v_tenant."plan", 'status', v_tenant."status",
        'createdAt', v_tenant."created_at", 'members', v_members, 'cell', v_tenant."cell",
        'actorEmail', v_email, 'actorRole', 'owner'
      ),
      p_ip, p_request_id
    );
  END IF;
  RETURN QUERY SELECT 'ok'::text, v_tenant."slug", v_members;
END
$$;

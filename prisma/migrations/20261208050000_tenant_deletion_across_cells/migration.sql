-- Deleting a workspace whose rows live in another cell (issue 16): the owner's
-- request is checked where sessions live (the control plane), the tenant is
-- marked 'deleting' in the directory with the platform audit record, in one
-- transaction; lib/cells/tenant-removal.ts then deletes the cell's rows and
-- finally the directory entry. A marked tenant is finished by any retry.
-- With one database the app keeps calling tenant_delete (20261130000500).
--   ok             marked (or already marked), audit row written once
--   not_owner      the session is not live or its user is not an owner here
--   slug_mismatch  the typed confirmation is not this tenant's slug
GRANT UPDATE ("cell_state") ON "tenants" TO frontdesk_tenant_remover;
ALTER TABLE "tenants" DROP CONSTRAINT "tenants_cell_state";
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_cell_state" CHECK (
  "cell_state" IN ('serving', 'frozen', 'deleting') AND (("cell_state" = 'frozen') = ("cell_frozen_at" IS NOT NULL)));

CREATE FUNCTION tenant_delete_begin(p_session_id uuid, p_tenant_id uuid, p_slug text, p_ip text, p_request_id text)
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
ALTER FUNCTION tenant_delete_begin(uuid, uuid, text, text, text) OWNER TO frontdesk_tenant_remover;
REVOKE ALL ON FUNCTION tenant_delete_begin(uuid, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_delete_begin(uuid, uuid, text, text, text) TO frontdesk_app;

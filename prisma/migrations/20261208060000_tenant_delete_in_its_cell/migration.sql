-- tenant_delete deletes a tenant in one database: its rows and its directory
-- row together. On a database named as a cell (cell_identity, 20261208050200)
-- whose directory row names another cell, that would delete the directory
-- entry and leave the tenant's rows in its cell, undeleted and unreachable
-- (a process whose cached directory entry predates a move, or a deletion that
-- waited on the move's lock of the row). It now answers 'elsewhere' instead,
-- and the app takes the path across cells (tenant_delete_begin). The billing
-- job's tenant_delete_expired deletes nothing then (false): its next run
-- reads the directory again and deletes in the cell (lib/cells/tenant-removal).
--   elsewhere      nothing done: the tenant's rows live in another cell
GRANT SELECT ON "cell_identity" TO frontdesk_tenant_remover;

CREATE OR REPLACE FUNCTION tenant_delete(p_session_id uuid, p_tenant_id uuid, p_slug text, p_ip text, p_request_id text)
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
  v_here text;
  v_cell text;
BEGIN
  -- The app role may only ever delete the tenant its request is scoped to.
  IF p_tenant_id IS DISTINCT FROM NULLIF(current_setting('app.tenant_id', true), '')::uuid THEN
    RAISE EXCEPTION 'tenant_delete: p_tenant_id is not the tenant of this request' USING ERRCODE = '42501';
  END IF;

  -- Waits for a move holding the row, then reads where the tenant lives now.
  SELECT c."name" INTO v_here FROM "cell_identity" c;
  SELECT t."cell" INTO v_cell FROM "tenants" t WHERE t."id" = p_tenant_id FOR UPDATE;
  IF v_here IS NOT NULL AND v_cell IS NOT NULL AND v_cell IS DISTINCT FROM v_here THEN
    RETURN QUERY SELECT 'elsewhere'::text, NULL::text, NULL::integer;
    RETURN;
  END IF;

  SELECT u."id", u."email" INTO v_user, v_email
  FROM "auth_sessions" s
  JOIN "users" u ON u."id" = s."user_id"
  JOIN "memberships" m ON m."user_id" = s."user_id" AND m."tenant_id" = p_tenant_id AND m."role" = 'owner'
  WHERE s."id" = p_session_id AND s."revoked_at" IS NULL AND s."expires_at" > now();
  IF v_user IS NULL THEN
    RETURN QUERY SELECT 'not_owner'::text, NULL::text, NULL::integer;
    RETURN;
  END IF;

  SELECT * INTO v_tenant FROM "tenants" t WHERE t."id" = p_tenant_id;
  IF NOT FOUND OR v_tenant."slug" IS DISTINCT FROM p_slug THEN
    RETURN QUERY SELECT 'slug_mismatch'::text, NULL::text, NULL::integer;
    RETURN;
  END IF;

  SELECT count(*)::integer INTO v_members FROM "memberships" m WHERE m."tenant_id" = p_tenant_id;

  -- The checks are repeated in the DELETE itself, so a concurrent ownership
  -- transfer or sign-out that commits first is honoured.
  DELETE FROM "tenants" t
  WHERE t."id" = p_tenant_id AND t."slug" = p_slug
    AND EXISTS (
      SELECT 1 FROM "auth_sessions" s
      JOIN "memberships" m ON m."user_id" = s."user_id" AND m."tenant_id" = p_tenant_id AND m."role" = 'owner'
      WHERE s."id" = p_session_id AND s."revoked_at" IS NULL AND s."expires_at" > now()
    );
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_owner'::text, NULL::text, NULL::integer;
    RETURN;
  END IF;

  -- The actor's email is kept too: the user row may be deleted some day, and
  -- actor_user_id has no foreign key to outlive it.
  INSERT INTO "platform_audit_events" ("actor_user_id", "action", "target", "metadata", "ip", "request_id")
  VALUES (
    v_user, 'tenant.deleted', 'tenant:' || p_tenant_id::text,
    jsonb_build_object(
      'tenantId', p_tenant_id, 'slug', v_tenant."slug", 'name', v_tenant."name",
      'region', v_tenant."region", 'plan', v_tenant."plan", 'status', v_tenant."status",
      'createdAt', v_tenant."created_at", 'members', v_members,
      'actorEmail', v_email, 'actorRole', 'owner'
    ),
    p_ip, p_request_id
  );
  RETURN QUERY SELECT 'ok'::text, v_tenant."slug", v_members;
END
$$;

CREATE OR REPLACE FUNCTION tenant_delete_expired(p_tenant_id uuid, p_now timestamptz)
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
    -- Re-checked on the row a move committed while this waited on its lock.
    AND NOT EXISTS (SELECT 1 FROM "cell_identity" c WHERE c."name" IS DISTINCT FROM t."cell")
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

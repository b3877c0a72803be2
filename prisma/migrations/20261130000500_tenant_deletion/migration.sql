-- An owner deletes their workspace. The app role may never delete from
-- "tenants" (creating and deleting tenants are privileged operations), so the
-- deletion goes through one narrow SECURITY DEFINER function, as sign-up does.
--
-- Why not the audited platform client (withPlatformAccess): it is the support
-- console's BYPASSRLS connection, for platform admins acting on any tenant; a
-- tenant owner is not a platform actor, and handing a browser-user route that
-- connection would let a bug in the route reach every tenant. This function
-- can delete exactly one tenant: the one the request is scoped to, and only
-- when the session it is given belongs to an owner of it. It trusts nothing
-- the app says beyond the session id (a secret the app only has from the
-- signed cookie) and re-checks ownership itself.
--
-- The tenant's own audit trail is deleted with it (audit_events cascades), so
-- the durable record goes to the platform trail, in the same transaction.

-- Owns only this function. Kept apart from frontdesk_registrar (whose
-- functions create identity rows) so DELETE on tenants is granted to a role
-- that can do nothing else with it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_tenant_remover') THEN
    CREATE ROLE frontdesk_tenant_remover NOLOGIN NOSUPERUSER BYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO frontdesk_tenant_remover;
GRANT SELECT, DELETE ON "tenants" TO frontdesk_tenant_remover;
GRANT SELECT ON "memberships", "users", "auth_sessions" TO frontdesk_tenant_remover;
GRANT INSERT ON "platform_audit_events" TO frontdesk_tenant_remover;

-- Every tenant-owned table references tenants(id) ON DELETE CASCADE (composite
-- foreign keys between them cascade or set null), auth_handoffs aimed at the
-- tenant cascade and auth_sessions.active_tenant_id is set to null; those
-- referential actions run as the tables' owner, so this role needs no grant on
-- them. Outcomes instead of exceptions let the app name the field:
--   ok             deleted, platform audit row written
--   not_owner      the session is not live or its user is not an owner here
--   slug_mismatch  the typed confirmation is not this tenant's slug
CREATE FUNCTION tenant_delete(p_session_id uuid, p_tenant_id uuid, p_slug text, p_ip text, p_request_id text)
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
  -- The app role may only ever delete the tenant its request is scoped to.
  IF p_tenant_id IS DISTINCT FROM NULLIF(current_setting('app.tenant_id', true), '')::uuid THEN
    RAISE EXCEPTION 'tenant_delete: p_tenant_id is not the tenant of this request' USING ERRCODE = '42501';
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

ALTER FUNCTION tenant_delete(uuid, uuid, text, text, text) OWNER TO frontdesk_tenant_remover;
REVOKE ALL ON FUNCTION tenant_delete(uuid, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_delete(uuid, uuid, text, text, text) TO frontdesk_app;

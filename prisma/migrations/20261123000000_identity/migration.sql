-- Identity: browser sessions that span hosts, sign-in hand-off tickets,
-- login throttling, the email outbox, and the narrow SECURITY DEFINER
-- functions through which sign-up, sign-in and invitation acceptance reach
-- rows that row-level security hides from the app role.

-- Owns the functions that WRITE identity rows outside any tenant context
-- (sign-up, sessions, invitation acceptance). Kept apart from
-- frontdesk_resolver, whose functions only read, so a read path can never be
-- turned into a write path by a future grant.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_registrar') THEN
    CREATE ROLE frontdesk_registrar NOLOGIN NOSUPERUSER BYPASSRLS;
  END IF;
END
$$;

-- CreateTable
CREATE TABLE "auth_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "active_tenant_id" UUID,
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "auth_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_handoffs" (
    "token_hash" TEXT NOT NULL,
    "session_id" UUID NOT NULL,
    "target_tenant_id" UUID NOT NULL,
    "next_path" TEXT NOT NULL DEFAULT '/dashboard',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_handoffs_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "login_throttles" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "email_outbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "email_outbox_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateIndex
CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions"("user_id");

-- CreateIndex
CREATE INDEX "auth_handoffs_expires_at_idx" ON "auth_handoffs"("expires_at");

-- CreateIndex
CREATE INDEX "email_outbox_tenant_id_created_at_idx" ON "email_outbox"("tenant_id", "created_at");


-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_active_tenant_id_fkey" FOREIGN KEY ("active_tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_handoffs" ADD CONSTRAINT "auth_handoffs_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_handoffs" ADD CONSTRAINT "auth_handoffs_target_tenant_id_fkey" FOREIGN KEY ("target_tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ------------------------------------------------------- ownership, RLS ---

ALTER TABLE "auth_sessions" OWNER TO frontdesk_owner;
ALTER TABLE "auth_handoffs" OWNER TO frontdesk_owner;
ALTER TABLE "login_throttles" OWNER TO frontdesk_owner;
ALTER TABLE "email_outbox" OWNER TO frontdesk_owner;

-- Tenant-owned, same convention as every other tenant table.
ALTER TABLE "email_outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "email_outbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "email_outbox" TO frontdesk_app
  USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON "email_outbox" TO frontdesk_app;

-- Sessions and hand-off tickets span tenants: the app role gets no grant and
-- no policy on them (forced RLS with no policy = no rows even if a grant is
-- ever added by mistake); the functions below are the only way in.
ALTER TABLE "auth_sessions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "auth_sessions" FORCE ROW LEVEL SECURITY;
ALTER TABLE "auth_handoffs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "auth_handoffs" FORCE ROW LEVEL SECURITY;

-- Throttle counters hold only hashed keys and numbers, nothing of a tenant,
-- and are hit on every sign-in attempt: the app role uses the table directly.
GRANT SELECT, INSERT, UPDATE, DELETE ON "login_throttles" TO frontdesk_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON "auth_sessions", "auth_handoffs", "login_throttles", "email_outbox" TO frontdesk_platform;

GRANT USAGE ON SCHEMA public TO frontdesk_registrar;
GRANT SELECT ON "users", "memberships", "auth_sessions" TO frontdesk_resolver;
GRANT SELECT, INSERT ON "tenants", "users", "memberships" TO frontdesk_registrar;
GRANT INSERT ON "business_profiles", "opening_hours", "platform_audit_events" TO frontdesk_registrar;
GRANT SELECT, UPDATE ON "invitations" TO frontdesk_registrar;
GRANT SELECT, INSERT, UPDATE ON "auth_sessions" TO frontdesk_registrar;
GRANT SELECT, INSERT, DELETE ON "auth_handoffs" TO frontdesk_registrar;

-- ------------------------------------------------------ read functions ---

-- Sign-in: the account behind an email, before any tenant is known. Returns
-- the password hash because argon2 verification happens in the app, and the
-- ids (not names) of the user's tenants so failed sign-ins and locks can be
-- written to those tenants' audit trails.
CREATE FUNCTION auth_find_user(p_email text)
RETURNS TABLE (
  id uuid, name text, email text, password_hash text, is_platform_admin boolean, token_version integer,
  tenant_ids uuid[]
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT u."id", u."name", u."email", u."password_hash", u."is_platform_admin", u."token_version",
         ARRAY(SELECT m."tenant_id" FROM "memberships" m WHERE m."user_id" = u."id" ORDER BY m."created_at")
  FROM "users" u WHERE u."email" = p_email
$$;

-- Everything a request needs to trust a session for one tenant, in one round
-- trip: nothing is returned unless the session is live, and membership
-- columns are null when the session's user is not a member of p_tenant_id.
CREATE FUNCTION auth_session_state(p_session_id uuid, p_tenant_id uuid)
RETURNS TABLE (
  user_id uuid, user_name text, user_email text, token_version integer, is_platform_admin boolean,
  active_tenant_id uuid, tenant_id uuid, tenant_slug text, tenant_name text, tenant_status "TenantStatus",
  role "MemberRole", membership_version integer
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT u."id", u."name", u."email", u."token_version", u."is_platform_admin", s."active_tenant_id",
         t."id", t."slug", t."name", t."status", m."role", m."version"
  FROM "auth_sessions" s
  JOIN "users" u ON u."id" = s."user_id"
  LEFT JOIN "memberships" m ON m."user_id" = u."id" AND m."tenant_id" = p_tenant_id
  LEFT JOIN "tenants" t ON t."id" = m."tenant_id"
  WHERE s."id" = p_session_id AND s."revoked_at" IS NULL AND s."expires_at" > now()
$$;

-- The tenants a live session's user belongs to (tenant switcher, sign-in).
CREATE FUNCTION auth_session_memberships(p_session_id uuid)
RETURNS TABLE (tenant_id uuid, slug text, name text, status "TenantStatus", role "MemberRole")
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t."id", t."slug", t."name", t."status", m."role"
  FROM "auth_sessions" s
  JOIN "memberships" m ON m."user_id" = s."user_id"
  JOIN "tenants" t ON t."id" = m."tenant_id"
  WHERE s."id" = p_session_id AND s."revoked_at" IS NULL AND s."expires_at" > now()
  ORDER BY t."name", t."slug"
$$;

-- ----------------------------------------------------- write functions ---

-- Sign-up creates a tenant, which the app role may never do (tenants INSERT
-- is a platform operation). Rather than give sign-up the audited support
-- console path (it has no platform actor) this function does exactly one
-- thing: a new user, a new trial tenant with them as owner, and its default
-- profile and hours, atomically. Returns a status instead of raising so the
-- caller can name the offending field.
CREATE FUNCTION auth_sign_up(
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
    INSERT INTO "tenants" ("slug", "name", "region", "status", "admin_email", "timezone", "locale", "trial_ends_at", "updated_at")
      VALUES (p_slug, p_tenant_name, p_region, 'trial', p_email, p_timezone, p_locale, p_trial_ends_at, now())
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

-- Accepting an invitation may create the invitee's account, which the app
-- role cannot do (users are visible to it only as members of the current
-- tenant). The invitation row is locked so a token is used exactly once.
-- p_password_hash is given only for a new account; for an existing one the
-- caller has verified the password first.
CREATE FUNCTION auth_accept_invitation(p_tenant_id uuid, p_token_hash text, p_user_name text, p_password_hash text)
RETURNS TABLE (outcome text, accepted_user_id uuid, invitation_id uuid, invited_email text, invited_role "MemberRole")
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
  inv "invitations"%ROWTYPE;
  v_user uuid;
BEGIN
  SELECT * INTO inv FROM "invitations" i
    WHERE i."tenant_id" = p_tenant_id AND i."token_hash" = p_token_hash FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'invalid'::text, NULL::uuid, NULL::uuid, NULL::text, NULL::"MemberRole";
    RETURN;
  END IF;
  IF inv."accepted_at" IS NOT NULL OR inv."revoked_at" IS NOT NULL OR inv."expires_at" <= now() THEN
    RETURN QUERY SELECT CASE
      WHEN inv."accepted_at" IS NOT NULL THEN 'used'
      WHEN inv."revoked_at" IS NOT NULL THEN 'revoked'
      ELSE 'expired' END, NULL::uuid, inv."id", inv."email", inv."role";
    RETURN;
  END IF;
  SELECT u."id" INTO v_user FROM "users" u WHERE u."email" = inv."email";
  IF v_user IS NULL THEN
    IF p_password_hash IS NULL OR coalesce(p_user_name, '') = '' THEN
      RETURN QUERY SELECT 'needs_account'::text, NULL::uuid, inv."id", inv."email", inv."role";
      RETURN;
    END IF;
    BEGIN
      INSERT INTO "users" ("email", "name", "password_hash", "updated_at")
        VALUES (inv."email", p_user_name, p_password_hash, now()) RETURNING "id" INTO v_user;
    EXCEPTION WHEN unique_violation THEN
      RETURN QUERY SELECT 'account_exists'::text, NULL::uuid, inv."id", inv."email", inv."role";
      RETURN;
    END;
  ELSIF p_password_hash IS NOT NULL THEN
    RETURN QUERY SELECT 'account_exists'::text, NULL::uuid, inv."id", inv."email", inv."role";
    RETURN;
  END IF;
  INSERT INTO "memberships" ("tenant_id", "user_id", "role", "updated_at")
    VALUES (p_tenant_id, v_user, inv."role", now())
    ON CONFLICT ("tenant_id", "user_id") DO NOTHING;
  UPDATE "invitations" SET "accepted_at" = now() WHERE "tenant_id" = p_tenant_id AND "id" = inv."id";
  RETURN QUERY SELECT 'ok'::text, v_user, inv."id", inv."email", inv."role";
END
$$;

-- Opens a session for a user whose credentials the caller has verified. The
-- active tenant is the one the user last worked in, if still a member.
CREATE FUNCTION auth_open_session(p_user_id uuid, p_ttl_seconds integer, p_ip text, p_user_agent text)
RETURNS uuid
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  INSERT INTO "auth_sessions" ("user_id", "active_tenant_id", "ip", "user_agent", "expires_at")
  VALUES (
    p_user_id,
    COALESCE(
      (SELECT s."active_tenant_id" FROM "auth_sessions" s
        JOIN "memberships" m ON m."user_id" = s."user_id" AND m."tenant_id" = s."active_tenant_id"
        WHERE s."user_id" = p_user_id ORDER BY s."created_at" DESC LIMIT 1),
      (SELECT m."tenant_id" FROM "memberships" m WHERE m."user_id" = p_user_id ORDER BY m."created_at" LIMIT 1)
    ),
    p_ip, left(p_user_agent, 400), now() + make_interval(secs => p_ttl_seconds)
  )
  RETURNING "id"
$$;

-- Sign-out: the session dies on every host at once.
CREATE FUNCTION auth_close_session(p_session_id uuid)
RETURNS uuid
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  DELETE FROM "auth_handoffs" WHERE "session_id" = p_session_id;
  UPDATE "auth_sessions" SET "revoked_at" = now()
  WHERE "id" = p_session_id AND "revoked_at" IS NULL
  RETURNING "user_id";
$$;

-- Issues a hand-off ticket (its hash) for moving a live session to a tenant
-- its user belongs to; false when the session is dead or not a member.
CREATE FUNCTION auth_create_handoff(p_session_id uuid, p_tenant_id uuid, p_token_hash text, p_next_path text, p_ttl_seconds integer)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  DELETE FROM "auth_handoffs" WHERE "expires_at" < now() - interval '1 hour';
  IF NOT EXISTS (
    SELECT 1 FROM "auth_sessions" s JOIN "memberships" m ON m."user_id" = s."user_id" AND m."tenant_id" = p_tenant_id
    WHERE s."id" = p_session_id AND s."revoked_at" IS NULL AND s."expires_at" > now()
  ) THEN
    RETURN false;
  END IF;
  INSERT INTO "auth_handoffs" ("token_hash", "session_id", "target_tenant_id", "next_path", "expires_at")
    VALUES (p_token_hash, p_session_id, p_tenant_id, p_next_path, now() + make_interval(secs => p_ttl_seconds));
  RETURN true;
END
$$;

-- Redeems a ticket on the tenant host it was issued for: single use (the row
-- is deleted whatever happens next), unexpired, and the session's active
-- tenant becomes that tenant.
CREATE FUNCTION auth_consume_handoff(p_token_hash text, p_tenant_id uuid)
RETURNS TABLE (session_id uuid, next_path text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
  h "auth_handoffs"%ROWTYPE;
BEGIN
  DELETE FROM "auth_handoffs" WHERE "token_hash" = p_token_hash RETURNING * INTO h;
  IF NOT FOUND OR h."target_tenant_id" <> p_tenant_id OR h."expires_at" <= now() THEN
    RETURN;
  END IF;
  UPDATE "auth_sessions" SET "active_tenant_id" = p_tenant_id
    WHERE "id" = h."session_id" AND "revoked_at" IS NULL AND "expires_at" > now();
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT h."session_id", h."next_path";
END
$$;

-- Sign-in events that belong to no tenant (unknown email, lock of an email
-- without memberships) go to the platform trail; only auth.* actions, so the
-- app role cannot forge other platform entries.
CREATE FUNCTION auth_record_platform_event(p_actor_user_id uuid, p_action text, p_target text, p_metadata jsonb, p_ip text, p_request_id text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF p_action NOT LIKE 'auth.%' THEN
    RAISE EXCEPTION 'auth_record_platform_event only records auth.* actions' USING ERRCODE = '42501';
  END IF;
  INSERT INTO "platform_audit_events" ("actor_user_id", "action", "target", "metadata", "ip", "request_id")
    VALUES (p_actor_user_id, p_action, p_target, coalesce(p_metadata, '{}'::jsonb), p_ip, p_request_id);
END
$$;

ALTER FUNCTION auth_find_user(text) OWNER TO frontdesk_resolver;
ALTER FUNCTION auth_session_state(uuid, uuid) OWNER TO frontdesk_resolver;
ALTER FUNCTION auth_session_memberships(uuid) OWNER TO frontdesk_resolver;
ALTER FUNCTION auth_sign_up(text, text, text, text, text, "Region", text, text, timestamptz) OWNER TO frontdesk_registrar;
ALTER FUNCTION auth_accept_invitation(uuid, text, text, text) OWNER TO frontdesk_registrar;
ALTER FUNCTION auth_open_session(uuid, integer, text, text) OWNER TO frontdesk_registrar;
ALTER FUNCTION auth_close_session(uuid) OWNER TO frontdesk_registrar;
ALTER FUNCTION auth_create_handoff(uuid, uuid, text, text, integer) OWNER TO frontdesk_registrar;
ALTER FUNCTION auth_consume_handoff(text, uuid) OWNER TO frontdesk_registrar;
ALTER FUNCTION auth_record_platform_event(uuid, text, text, jsonb, text, text) OWNER TO frontdesk_registrar;

REVOKE ALL ON FUNCTION
  auth_find_user(text), auth_session_state(uuid, uuid), auth_session_memberships(uuid),
  auth_sign_up(text, text, text, text, text, "Region", text, text, timestamptz),
  auth_accept_invitation(uuid, text, text, text), auth_open_session(uuid, integer, text, text),
  auth_close_session(uuid), auth_create_handoff(uuid, uuid, text, text, integer),
  auth_consume_handoff(text, uuid), auth_record_platform_event(uuid, text, text, jsonb, text, text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  auth_find_user(text), auth_session_state(uuid, uuid), auth_session_memberships(uuid),
  auth_sign_up(text, text, text, text, text, "Region", text, text, timestamptz),
  auth_accept_invitation(uuid, text, text, text), auth_open_session(uuid, integer, text, text),
  auth_close_session(uuid), auth_create_handoff(uuid, uuid, text, text, integer),
  auth_consume_handoff(text, uuid), auth_record_platform_event(uuid, text, text, jsonb, text, text)
TO frontdesk_app;

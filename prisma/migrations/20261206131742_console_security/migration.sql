-- Account security and console settings: "forgot password" tickets, a TOTP
-- second factor per user (and a workspace switch that requires it), when
-- each session was last seen (the list of signed-in sessions), and the web
-- widget's look. Identity rows stay behind SECURITY DEFINER functions, as in
-- the identity migration: the app role gains no grant on the new table.

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN "require_two_factor" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "users" ADD COLUMN "totp_auth_tag" BYTEA,
ADD COLUMN "totp_ciphertext" BYTEA,
ADD COLUMN "totp_enabled_at" TIMESTAMPTZ(3),
ADD COLUMN "totp_iv" BYTEA,
ADD COLUMN "totp_key_version" INTEGER,
ADD COLUMN "totp_last_step" BIGINT,
ADD COLUMN "totp_recovery_hashes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "auth_sessions" ADD COLUMN "last_seen_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "business_profiles" ADD COLUMN "widget" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "password_resets" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "requested_ip" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "password_resets_pkey" PRIMARY KEY ("token_hash")
);

-- CreateIndex
CREATE INDEX "password_resets_user_id_idx" ON "password_resets"("user_id");

-- AddForeignKey
ALTER TABLE "password_resets" ADD CONSTRAINT "password_resets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "password_resets" OWNER TO frontdesk_owner;
-- Like auth_sessions: forced RLS and no policy, so a stray grant still shows nothing.
ALTER TABLE "password_resets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "password_resets" FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON "password_resets" TO frontdesk_platform;

GRANT SELECT, INSERT, UPDATE, DELETE ON "password_resets" TO frontdesk_registrar;
GRANT UPDATE ("password_hash", "token_version", "updated_at", "totp_last_step", "totp_recovery_hashes") ON "users" TO frontdesk_registrar;

-- ------------------------------------------------------ session state ---

-- As before, plus what the second-factor gate needs: whether the user has a
-- second factor and whether this tenant requires one, and when the session
-- was last seen (the request that finds it stale refreshes it).
DROP FUNCTION auth_session_state(uuid, uuid);
CREATE FUNCTION auth_session_state(p_session_id uuid, p_tenant_id uuid)
RETURNS TABLE (
  user_id uuid, user_name text, user_email text, token_version integer, is_platform_admin boolean,
  active_tenant_id uuid, tenant_id uuid, tenant_slug text, tenant_name text, tenant_status "TenantStatus",
  role "MemberRole", membership_version integer,
  two_factor_enabled boolean, tenant_requires_two_factor boolean, last_seen_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT u."id", u."name", u."email", u."token_version", u."is_platform_admin", s."active_tenant_id",
         t."id", t."slug", t."name", t."status", m."role", m."version",
         u."totp_enabled_at" IS NOT NULL, COALESCE(t."require_two_factor", false), COALESCE(s."last_seen_at", s."created_at")
  FROM "auth_sessions" s
  JOIN "users" u ON u."id" = s."user_id"
  LEFT JOIN "memberships" m ON m."user_id" = u."id" AND m."tenant_id" = p_tenant_id
  LEFT JOIN "tenants" t ON t."id" = m."tenant_id"
  WHERE s."id" = p_session_id AND s."revoked_at" IS NULL AND s."expires_at" > now()
$$;
ALTER FUNCTION auth_session_state(uuid, uuid) OWNER TO frontdesk_resolver;

-- The user's live sessions, newest activity first; only for a live session of that user.
CREATE FUNCTION auth_list_sessions(p_session_id uuid)
RETURNS TABLE (id uuid, ip text, user_agent text, created_at timestamptz, last_seen_at timestamptz, is_current boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT o."id", o."ip", o."user_agent", o."created_at", COALESCE(o."last_seen_at", o."created_at"), o."id" = c."id"
  FROM "auth_sessions" c
  JOIN "auth_sessions" o ON o."user_id" = c."user_id" AND o."revoked_at" IS NULL AND o."expires_at" > now()
  WHERE c."id" = p_session_id AND c."revoked_at" IS NULL AND c."expires_at" > now()
  ORDER BY COALESCE(o."last_seen_at", o."created_at") DESC, o."created_at" DESC
$$;
ALTER FUNCTION auth_list_sessions(uuid) OWNER TO frontdesk_resolver;

-- The second factor of a user whose password the caller has verified.
CREATE FUNCTION auth_user_second_factor(p_user_id uuid)
RETURNS TABLE (ciphertext bytea, iv bytea, auth_tag bytea, key_version integer, last_step bigint, recovery_left integer)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT u."totp_ciphertext", u."totp_iv", u."totp_auth_tag", u."totp_key_version", u."totp_last_step",
         COALESCE(cardinality(u."totp_recovery_hashes"), 0)
  FROM "users" u WHERE u."id" = p_user_id AND u."totp_enabled_at" IS NOT NULL
$$;
ALTER FUNCTION auth_user_second_factor(uuid) OWNER TO frontdesk_resolver;

-- ------------------------------------------------------ write functions ---

CREATE FUNCTION auth_touch_session(p_session_id uuid)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  UPDATE "auth_sessions" SET "last_seen_at" = now()
  WHERE "id" = p_session_id AND "revoked_at" IS NULL;
$$;
ALTER FUNCTION auth_touch_session(uuid) OWNER TO frontdesk_registrar;

-- "Sign out this session": only another session of the same user, from a live one.
CREATE FUNCTION auth_revoke_user_session(p_session_id uuid, p_target_id uuid)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  WITH target AS (
    UPDATE "auth_sessions" o SET "revoked_at" = now()
    FROM "auth_sessions" c
    WHERE c."id" = p_session_id AND c."revoked_at" IS NULL AND c."expires_at" > now()
      AND o."id" = p_target_id AND o."user_id" = c."user_id" AND o."revoked_at" IS NULL
    RETURNING o."id"
  ), tickets AS (
    DELETE FROM "auth_handoffs" h USING target WHERE h."session_id" = target."id"
  )
  SELECT EXISTS (SELECT 1 FROM target)
$$;
ALTER FUNCTION auth_revoke_user_session(uuid, uuid) OWNER TO frontdesk_registrar;

-- A code's time step is accepted once: it must be later than the last one
-- accepted, decided by one UPDATE so two sign-ins racing with the same code
-- cannot both pass.
CREATE FUNCTION auth_accept_totp_step(p_user_id uuid, p_step bigint)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  WITH accepted AS (
    UPDATE "users" SET "totp_last_step" = p_step
    WHERE "id" = p_user_id AND "totp_enabled_at" IS NOT NULL AND ("totp_last_step" IS NULL OR "totp_last_step" < p_step)
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM accepted)
$$;
ALTER FUNCTION auth_accept_totp_step(uuid, bigint) OWNER TO frontdesk_registrar;

-- A recovery code (its sha256) is struck off as it is used.
CREATE FUNCTION auth_use_recovery_code(p_user_id uuid, p_code_hash text)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  WITH used AS (
    UPDATE "users" SET "totp_recovery_hashes" = array_remove("totp_recovery_hashes", p_code_hash)
    WHERE "id" = p_user_id AND "totp_enabled_at" IS NOT NULL AND p_code_hash = ANY("totp_recovery_hashes")
    RETURNING 1
  )
  SELECT EXISTS (SELECT 1 FROM used)
$$;
ALTER FUNCTION auth_use_recovery_code(uuid, text) OWNER TO frontdesk_registrar;

-- "Forgot password": files a ticket for the account behind the email, if any,
-- replacing the user's unused ones (only the latest link works). The user's
-- name and workspaces come back for the email and the audit trail; nothing
-- comes back for an unknown email, and the caller answers the same either way.
CREATE FUNCTION auth_request_password_reset(p_email text, p_token_hash text, p_ttl_seconds integer, p_ip text)
RETURNS TABLE (user_id uuid, user_name text, tenant_ids uuid[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
  v_user "users"%ROWTYPE;
BEGIN
  SELECT * INTO v_user FROM "users" WHERE "email" = p_email;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  DELETE FROM "password_resets" WHERE "user_id" = v_user."id" AND ("used_at" IS NULL OR "expires_at" < now() - interval '30 days');
  INSERT INTO "password_resets" ("token_hash", "user_id", "requested_ip", "expires_at")
    VALUES (p_token_hash, v_user."id", p_ip, now() + make_interval(secs => p_ttl_seconds));
  RETURN QUERY SELECT v_user."id", v_user."name",
    ARRAY(SELECT m."tenant_id" FROM "memberships" m WHERE m."user_id" = v_user."id" ORDER BY m."created_at");
END
$$;
ALTER FUNCTION auth_request_password_reset(text, text, integer, text) OWNER TO frontdesk_registrar;

-- Whether a ticket can still be used (the reset page asks before showing its form).
CREATE FUNCTION auth_password_reset_usable(p_token_hash text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT EXISTS (SELECT 1 FROM "password_resets" WHERE "token_hash" = p_token_hash AND "used_at" IS NULL AND "expires_at" > now())
$$;
ALTER FUNCTION auth_password_reset_usable(text) OWNER TO frontdesk_registrar;

-- Uses a ticket, once: the row is locked, must be unused and unexpired; the
-- password is replaced, the token version bumped and every session revoked,
-- so whoever held the account before the reset is out on every host.
CREATE FUNCTION auth_reset_password(p_token_hash text, p_password_hash text)
RETURNS TABLE (user_id uuid, user_email text, tenant_ids uuid[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
  v_reset "password_resets"%ROWTYPE;
  v_email text;
BEGIN
  SELECT * INTO v_reset FROM "password_resets" WHERE "token_hash" = p_token_hash FOR UPDATE;
  IF NOT FOUND OR v_reset."used_at" IS NOT NULL OR v_reset."expires_at" <= now() THEN
    RETURN;
  END IF;
  UPDATE "password_resets" SET "used_at" = now() WHERE "token_hash" = p_token_hash;
  UPDATE "users" SET "password_hash" = p_password_hash, "token_version" = "token_version" + 1, "updated_at" = now()
    WHERE "id" = v_reset."user_id" RETURNING "email" INTO v_email;
  DELETE FROM "auth_handoffs" h USING "auth_sessions" s WHERE h."session_id" = s."id" AND s."user_id" = v_reset."user_id";
  UPDATE "auth_sessions" SET "revoked_at" = now() WHERE "user_id" = v_reset."user_id" AND "revoked_at" IS NULL;
  RETURN QUERY SELECT v_reset."user_id", v_email,
    ARRAY(SELECT m."tenant_id" FROM "memberships" m WHERE m."user_id" = v_reset."user_id" ORDER BY m."created_at");
END
$$;
ALTER FUNCTION auth_reset_password(text, text) OWNER TO frontdesk_registrar;

REVOKE ALL ON FUNCTION
  auth_session_state(uuid, uuid), auth_list_sessions(uuid), auth_user_second_factor(uuid),
  auth_touch_session(uuid), auth_revoke_user_session(uuid, uuid), auth_accept_totp_step(uuid, bigint),
  auth_use_recovery_code(uuid, text), auth_request_password_reset(text, text, integer, text),
  auth_password_reset_usable(text), auth_reset_password(text, text)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  auth_session_state(uuid, uuid), auth_list_sessions(uuid), auth_user_second_factor(uuid),
  auth_touch_session(uuid), auth_revoke_user_session(uuid, uuid), auth_accept_totp_step(uuid, bigint),
  auth_use_recovery_code(uuid, text), auth_request_password_reset(text, text, integer, text),
  auth_password_reset_usable(text), auth_reset_password(text, text)
TO frontdesk_app;

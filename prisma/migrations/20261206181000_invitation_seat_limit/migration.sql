-- Accepting an invitation takes a seat: checked here, under the seats lock,
-- so invitations sent on a larger plan cannot grow the team past the
-- current one, and concurrent acceptances admit exactly the places left.
GRANT SELECT ON "plans" TO frontdesk_registrar;

CREATE OR REPLACE FUNCTION auth_accept_invitation(p_tenant_id uuid, p_token_hash text, p_user_name text, p_password_hash text)
RETURNS TABLE (outcome text, accepted_user_id uuid, invitation_id uuid, invited_email text, invited_role "MemberRole")
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
  inv "invitations"%ROWTYPE;
  v_user uuid;
  v_seats text;
BEGIN
  -- The same lock as withinPlan('seats') (lib/billing/plan-limits.ts), taken
  -- before the invitation row so the two paths always lock in one order.
  PERFORM pg_advisory_xact_lock(hashtext(p_tenant_id::text), hashtext('seats'));
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
  -- Pending invitations count as seats when sent; a plan changed since (a
  -- trial on Pro ending on Starter) must still bound the members they become.
  SELECT p."limits"->>'seats' INTO v_seats FROM "tenants" t JOIN "plans" p ON p."code" = t."plan" WHERE t."id" = p_tenant_id;
  IF v_seats ~ '^[0-9]+$'
     AND NOT EXISTS (SELECT 1 FROM "memberships" m JOIN "users" u ON u."id" = m."user_id"
                     WHERE m."tenant_id" = p_tenant_id AND u."email" = inv."email")
     AND (SELECT count(*) FROM "memberships" m WHERE m."tenant_id" = p_tenant_id) >= v_seats::int THEN
    RETURN QUERY SELECT 'seat_limit'::text, NULL::uuid, inv."id", inv."email", inv."role";
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

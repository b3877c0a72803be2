-- Google Calendar by OAuth (lib/calendar/google-oauth.ts), and calendar
-- connections as configuration.

-- A consent in flight: the state Google hands back names this row, which the
-- callback deletes as it reads it (single use). Ten minutes at most; the
-- nonce alone opens nothing (the state is also signed, and PKCE's verifier is
-- derived from the master key).
CREATE TABLE "calendar_oauth_states" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "resource_id" UUID NOT NULL,
    -- Who started it, from which sign-in (auth_sessions): the callback re-checks both.
    "user_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_oauth_states_pkey" PRIMARY KEY ("tenant_id", "id")
);

CREATE INDEX "calendar_oauth_states_tenant_id_expires_at_idx" ON "calendar_oauth_states"("tenant_id", "expires_at");

ALTER TABLE "calendar_oauth_states" ADD CONSTRAINT "calendar_oauth_states_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "calendar_oauth_states" ADD CONSTRAINT "calendar_oauth_states_tenant_id_resource_id_fkey"
  FOREIGN KEY ("tenant_id", "resource_id") REFERENCES "resources"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

DO $$
DECLARE
  policy_expr constant text :=
    $p$"tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$;
BEGIN
  ALTER TABLE "calendar_oauth_states" OWNER TO frontdesk_owner;
  ALTER TABLE "calendar_oauth_states" ENABLE ROW LEVEL SECURITY;
  ALTER TABLE "calendar_oauth_states" FORCE ROW LEVEL SECURITY;
  EXECUTE format('CREATE POLICY tenant_isolation ON "calendar_oauth_states" TO frontdesk_app USING (%s) WITH CHECK (%s)', policy_expr, policy_expr);
  GRANT SELECT, INSERT, UPDATE, DELETE ON "calendar_oauth_states" TO frontdesk_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON "calendar_oauth_states" TO frontdesk_platform;
END
$$;

-- Which resources have a calendar is configuration: booking reads it with the
-- resources, cached per config version, so connecting or disconnecting takes
-- effect at once on every instance. Only rows coming and going count: the
-- frequent health and busy-snapshot updates must not invalidate every cache.
CREATE TRIGGER calendar_connections_config_insert AFTER INSERT ON "calendar_connections"
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version();
CREATE TRIGGER calendar_connections_config_delete AFTER DELETE ON "calendar_connections"
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version();

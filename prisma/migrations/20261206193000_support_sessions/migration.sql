-- Support mode (issue 12): a platform admin viewing one tenant's console for
-- at most 30 minutes, read-only unless the owner allows changes.

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "support_writes_allowed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "support_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "admin_user_id" UUID NOT NULL,
    "admin_session_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ticket_hash" TEXT NOT NULL,
    "ticket_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ticket_used_at" TIMESTAMPTZ(3),
    "cookie_hash" TEXT,
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" TEXT,

    CONSTRAINT "support_sessions_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateIndex
CREATE UNIQUE INDEX "support_sessions_ticket_hash_key" ON "support_sessions"("ticket_hash");

-- CreateIndex
CREATE UNIQUE INDEX "support_sessions_cookie_hash_key" ON "support_sessions"("cookie_hash");

-- CreateIndex
CREATE INDEX "support_sessions_admin_user_id_idx" ON "support_sessions"("admin_user_id");

-- AddForeignKey
ALTER TABLE "support_sessions" ADD CONSTRAINT "support_sessions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_sessions" ADD CONSTRAINT "support_sessions_admin_user_id_fkey" FOREIGN KEY ("admin_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The cap holds whoever writes: never longer than 30 minutes, reason 5-500 characters.
ALTER TABLE "support_sessions" ADD CONSTRAINT "support_sessions_at_most_30_minutes"
  CHECK ("expires_at" > "started_at" AND "expires_at" <= "started_at" + interval '30 minutes');
ALTER TABLE "support_sessions" ADD CONSTRAINT "support_sessions_reason_length"
  CHECK (char_length("reason") BETWEEN 5 AND 500);

-- ------------------------------------------------------- ownership, RLS ---

ALTER TABLE "support_sessions" OWNER TO frontdesk_owner;
ALTER TABLE "support_sessions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "support_sessions" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "support_sessions" TO frontdesk_app
  USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid));
-- Only the platform role opens a session; the tenant host may only redeem its
-- ticket (once), bind its cookie and end it: it can never lengthen one.
GRANT SELECT ON "support_sessions" TO frontdesk_app;
GRANT UPDATE ("ticket_used_at", "cookie_hash", "ended_at", "end_reason") ON "support_sessions" TO frontdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "support_sessions" TO frontdesk_platform;

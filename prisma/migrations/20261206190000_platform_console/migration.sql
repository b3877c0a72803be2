-- The platform audit names the tenant an access was about and the reason the
-- admin typed. Not "tenant_id": that name means a tenant-owned table under
-- RLS (tests/db/rls-catalog), and this trail is the platform's, kept with no
-- foreign key so it outlives a deleted tenant.
ALTER TABLE "platform_audit_events" ADD COLUMN "subject_tenant_id" UUID;
ALTER TABLE "platform_audit_events" ADD COLUMN "reason" TEXT;
CREATE INDEX "platform_audit_events_subject_tenant_id_created_at_idx" ON "platform_audit_events"("subject_tenant_id", "created_at");
CREATE INDEX "platform_audit_events_actor_user_id_created_at_idx" ON "platform_audit_events"("actor_user_id", "created_at");

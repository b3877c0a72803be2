-- Every unique key of a tenant table includes tenant_id (scale-out catalog test;
-- a distributed table on Citus can only enforce those). Google push channel ids
-- stay looked up by id alone, through a plain index.
DROP INDEX "calendar_connections_push_channel_id_key";
CREATE UNIQUE INDEX "calendar_connections_tenant_id_push_channel_id_key" ON "calendar_connections"("tenant_id", "push_channel_id");
CREATE INDEX "calendar_connections_push_channel_id_idx" ON "calendar_connections"("push_channel_id");

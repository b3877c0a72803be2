-- Provider events arrive more than once and out of order; a phone number
-- belongs to one tenant whatever the channel.

-- A voice call's status only moves forward, and the end-of-call report is the
-- final word (lib/channels/vapi-call-record.ts).
ALTER TABLE "conversations" ADD COLUMN "call_reported_at" TIMESTAMPTZ(3),
ADD COLUMN "call_status" TEXT,
ADD COLUMN "call_status_at" TIMESTAMPTZ(3);

ALTER TABLE "conversations" ADD CONSTRAINT "conversations_call_status_known"
  CHECK ("call_status" IS NULL OR "call_status" IN ('queued', 'ringing', 'in-progress', 'forwarding', 'ended'));

-- Vapi tool calls, claimed by the first delivery of a toolCallId and holding
-- its answer (lib/channels/tool-call-ledger.ts).
CREATE TABLE "vapi_tool_calls" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "tool_call_id" TEXT NOT NULL,
    "call_id" TEXT,
    "name" TEXT NOT NULL,
    "outcome" JSONB,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "vapi_tool_calls_pkey" PRIMARY KEY ("tenant_id", "id")
);

CREATE UNIQUE INDEX "vapi_tool_calls_tenant_id_tool_call_id_key" ON "vapi_tool_calls"("tenant_id", "tool_call_id");

ALTER TABLE "vapi_tool_calls" ADD CONSTRAINT "vapi_tool_calls_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "vapi_tool_calls" ADD CONSTRAINT "vapi_tool_calls_completed_with_outcome"
  CHECK (("completed_at" IS NULL) = ("outcome" IS NULL));

ALTER TABLE "vapi_tool_calls" OWNER TO frontdesk_owner;
ALTER TABLE "vapi_tool_calls" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "vapi_tool_calls" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "vapi_tool_calls" TO frontdesk_app
  USING ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK ("tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON "vapi_tool_calls" TO frontdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "vapi_tool_calls" TO frontdesk_platform;

-- A number routed to a tenant on one channel cannot be routed to another
-- tenant on any channel (the unique (channel, key) only covered one channel
-- at a time). Widget keys are hashes and never collide with numbers.
ALTER TABLE "channel_routes" ADD CONSTRAINT "channel_routes_number_one_tenant"
  EXCLUDE USING gist ("key" WITH =, "tenant_id" WITH <>) WHERE ("channel" <> 'web');

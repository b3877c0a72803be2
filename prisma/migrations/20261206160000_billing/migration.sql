-- Billing (issue 11): plans with every limit and a price per interval and
-- currency, the Stripe event ledger, subscription ordering fields, the tenant
-- lifecycle, per-period usage counters and once-only billing notices.
-- Status and plan live on "tenants", whose trigger (20261206130000) bumps
-- config_version on any change, so channel caches see a suspension at once.

-- CreateEnum
CREATE TYPE "BillingInterval" AS ENUM ('month', 'year');

-- CreateEnum
CREATE TYPE "BillingCurrency" AS ENUM ('eur', 'chf', 'cad');

-- CreateEnum
CREATE TYPE "StripeEventState" AS ENUM ('processing', 'completed', 'failed');

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN     "data_deletion_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "past_due_since" TIMESTAMPTZ(3),
ADD COLUMN     "stripe_customer_id" TEXT,
ADD COLUMN     "suspended_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "plans" ADD COLUMN     "rank" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "self_serve" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "stripe_product_id" TEXT;

-- The old stripe_events table recorded processed ids without a tenant and was
-- never written; the ledger replaces it, tenant-owned like the state it guards.
DROP TABLE "stripe_events";
CREATE TABLE "stripe_events" (
    "id" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "type" TEXT NOT NULL,
    "state" "StripeEventState" NOT NULL DEFAULT 'processing',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "event_created_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "meter_event_name" TEXT,
ADD COLUMN     "meter_reported_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "canceled_at" TIMESTAMPTZ(3),
ADD COLUMN     "currency" "BillingCurrency",
ADD COLUMN     "interval" "BillingInterval",
ADD COLUMN     "last_event_created_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_event_id" TEXT,
ADD COLUMN     "last_event_rank" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "next_invoice_amount_cents" INTEGER,
ADD COLUMN     "next_invoice_at" TIMESTAMPTZ(3),
ADD COLUMN     "stripe_price_id" TEXT,
ADD COLUMN     "trial_end" TIMESTAMPTZ(3),
ADD COLUMN     "unknown_price_id" TEXT;

-- CreateTable
CREATE TABLE "plan_prices" (
    "plan_code" TEXT NOT NULL,
    "interval" "BillingInterval" NOT NULL,
    "currency" "BillingCurrency" NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "lookup_key" TEXT NOT NULL,
    "stripe_price_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plan_prices_pkey" PRIMARY KEY ("plan_code","interval","currency")
);

-- CreateTable
CREATE TABLE "usage_counters" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "period" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "included" INTEGER NOT NULL,
    "ceiling" INTEGER NOT NULL,
    "plan_code" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_counters_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateTable
CREATE TABLE "billing_notices" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "notice_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "metric" TEXT,
    "period" TEXT,
    "level" INTEGER,
    "emailed_to" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissed_at" TIMESTAMPTZ(3),

    CONSTRAINT "billing_notices_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateIndex
CREATE UNIQUE INDEX "plan_prices_lookup_key_key" ON "plan_prices"("lookup_key");

-- CreateIndex
CREATE UNIQUE INDEX "plan_prices_stripe_price_id_key" ON "plan_prices"("stripe_price_id");

-- CreateIndex
CREATE UNIQUE INDEX "usage_counters_tenant_id_period_metric_key" ON "usage_counters"("tenant_id", "period", "metric");

-- CreateIndex
CREATE INDEX "billing_notices_tenant_id_created_at_idx" ON "billing_notices"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "billing_notices_tenant_id_notice_key_key" ON "billing_notices"("tenant_id", "notice_key");

-- CreateIndex
CREATE UNIQUE INDEX "tenants_stripe_customer_id_key" ON "tenants"("stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "plans_stripe_product_id_key" ON "plans"("stripe_product_id");

-- CreateIndex
CREATE INDEX "stripe_events_tenant_id_state_idx" ON "stripe_events"("tenant_id", "state");

-- CreateIndex
-- Only overage rows wait for the meter job; the partial index stays small.
CREATE INDEX "usage_events_tenant_id_meter_reported_at_idx" ON "usage_events"("tenant_id", "meter_reported_at")
  WHERE "meter_event_name" IS NOT NULL AND "meter_reported_at" IS NULL;

-- AddForeignKey
ALTER TABLE "plan_prices" ADD CONSTRAINT "plan_prices_plan_code_fkey" FOREIGN KEY ("plan_code") REFERENCES "plans"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_counters" ADD CONSTRAINT "usage_counters_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_notices" ADD CONSTRAINT "billing_notices_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;


ALTER TABLE "usage_counters" ADD CONSTRAINT "usage_counters_used_not_negative" CHECK ("used" >= 0);
ALTER TABLE "plan_prices" ADD CONSTRAINT "plan_prices_amount_not_negative" CHECK ("amount_cents" >= 0);

-- ------------------------------------------------------- ownership, RLS ---

ALTER TABLE "plan_prices" OWNER TO frontdesk_owner;
GRANT SELECT ON "plan_prices" TO frontdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "plan_prices" TO frontdesk_platform;

DO $$
DECLARE
  t text;
  policy_expr constant text :=
    $p$"tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$;
BEGIN
  FOREACH t IN ARRAY ARRAY['stripe_events', 'usage_counters', 'billing_notices']
  LOOP
    EXECUTE format('ALTER TABLE %I OWNER TO frontdesk_owner', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO frontdesk_app USING (%s) WITH CHECK (%s)', t, policy_expr, policy_expr);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO frontdesk_app', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO frontdesk_platform', t);
  END LOOP;
END
$$;

-- ------------------------------------------------------------- routing ---

-- Stripe webhooks carry no tenant: they are routed by the customer id stored
-- once per tenant, without letting the caller list anyone's customers.
CREATE FUNCTION resolve_stripe_customer(p_customer text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
  SELECT t."id" FROM "tenants" t WHERE t."stripe_customer_id" = p_customer
$$;
ALTER FUNCTION resolve_stripe_customer(text) OWNER TO frontdesk_resolver;
REVOKE ALL ON FUNCTION resolve_stripe_customer(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_stripe_customer(text) TO frontdesk_app, frontdesk_platform;

-- ------------------------------------------------------------ reference ---

-- Limits per month unless named otherwise; callSecondsPerMonth mirrors the
-- minutes for the Overview. Starter has no voice channel, so no call minutes.
-- overLimit: "refuse" answers new conversations politely at 100%, "meter"
-- continues and reports each unit over to Stripe, up to a 200% ceiling.
INSERT INTO "plans" ("code", "name", "limits", "monthly_price_cents", "currency", "rank", "self_serve") VALUES
  ('starter', 'Starter', '{"conversationsPerMonth": 300, "callMinutesPerMonth": 0, "callSecondsPerMonth": 0, "seats": 3, "routedNumbers": 1, "widgetKeys": 1, "channels": ["web", "whatsapp"], "modelTokensPerMonth": 500000, "dataRetentionDays": 90, "overLimit": "refuse"}', 4900, 'eur', 1, true),
  ('pro', 'Pro', '{"conversationsPerMonth": 1500, "callMinutesPerMonth": 1500, "callSecondsPerMonth": 90000, "seats": 10, "routedNumbers": 3, "widgetKeys": 5, "channels": ["web", "whatsapp", "voice"], "modelTokensPerMonth": 3000000, "dataRetentionDays": 365, "overLimit": "meter"}', 14900, 'eur', 2, true),
  ('business', 'Business', '{"conversationsPerMonth": 6000, "callMinutesPerMonth": 6000, "callSecondsPerMonth": 360000, "seats": 50, "routedNumbers": 10, "widgetKeys": 20, "channels": ["web", "whatsapp", "voice"], "modelTokensPerMonth": 12000000, "dataRetentionDays": 730, "overLimit": "meter"}', 39900, 'eur', 3, true),
  ('custom', 'Custom', '{"conversationsPerMonth": 20000, "callMinutesPerMonth": 20000, "callSecondsPerMonth": 1200000, "seats": 200, "routedNumbers": 50, "widgetKeys": 100, "channels": ["web", "whatsapp", "voice"], "modelTokensPerMonth": 50000000, "dataRetentionDays": 1095, "overLimit": "meter"}', 0, 'eur', 4, false)
ON CONFLICT ("code") DO UPDATE SET
  "limits" = EXCLUDED."limits", "rank" = EXCLUDED."rank", "self_serve" = EXCLUDED."self_serve";

-- Yearly = ten months. Custom is priced by hand, outside the picker.
INSERT INTO "plan_prices" ("plan_code", "interval", "currency", "amount_cents", "lookup_key")
SELECT p.code, i.interval::"BillingInterval", c.currency::"BillingCurrency",
       c.monthly * (CASE i.interval WHEN 'year' THEN 10 ELSE 1 END),
       p.code || '_' || i.interval || '_' || c.currency
FROM (VALUES
  ('starter', 'eur', 4900), ('starter', 'chf', 4900), ('starter', 'cad', 6900),
  ('pro', 'eur', 14900), ('pro', 'chf', 14900), ('pro', 'cad', 21900),
  ('business', 'eur', 39900), ('business', 'chf', 38900), ('business', 'cad', 57900)
) AS c(code, currency, monthly)
JOIN "plans" p ON p.code = c.code
CROSS JOIN (VALUES ('month'), ('year')) AS i(interval)
ON CONFLICT DO NOTHING;

-- Overage becomes money: one Stripe Billing Meter per metered quantity, and
-- per plan that meters overage (Pro, Business) and per currency a monthly
-- metered price on that meter, created by `npm run stripe:sync` (ids stored
-- here). Platform data like plan_prices: no tenant_id, read by the app.

-- CreateTable
CREATE TABLE "billing_meters" (
    "metric" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "stripe_meter_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_meters_pkey" PRIMARY KEY ("metric")
);

-- CreateTable
CREATE TABLE "plan_overage_prices" (
    "plan_code" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "currency" "BillingCurrency" NOT NULL,
    "unit_amount_cents" INTEGER NOT NULL,
    "lookup_key" TEXT NOT NULL,
    "stripe_price_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plan_overage_prices_pkey" PRIMARY KEY ("plan_code","metric","currency")
);

-- CreateIndex
CREATE UNIQUE INDEX "billing_meters_event_name_key" ON "billing_meters"("event_name");

-- CreateIndex
CREATE UNIQUE INDEX "billing_meters_stripe_meter_id_key" ON "billing_meters"("stripe_meter_id");

-- CreateIndex
CREATE UNIQUE INDEX "plan_overage_prices_lookup_key_key" ON "plan_overage_prices"("lookup_key");

-- CreateIndex
CREATE UNIQUE INDEX "plan_overage_prices_stripe_price_id_key" ON "plan_overage_prices"("stripe_price_id");

-- AddForeignKey
ALTER TABLE "plan_overage_prices" ADD CONSTRAINT "plan_overage_prices_plan_code_fkey" FOREIGN KEY ("plan_code") REFERENCES "plans"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_overage_prices" ADD CONSTRAINT "plan_overage_prices_metric_fkey" FOREIGN KEY ("metric") REFERENCES "billing_meters"("metric") ON DELETE RESTRICT ON UPDATE CASCADE;


ALTER TABLE "plan_overage_prices" ADD CONSTRAINT "plan_overage_prices_amount_not_negative" CHECK ("unit_amount_cents" >= 0);

ALTER TABLE "billing_meters" OWNER TO frontdesk_owner;
ALTER TABLE "plan_overage_prices" OWNER TO frontdesk_owner;
GRANT SELECT ON "billing_meters", "plan_overage_prices" TO frontdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "billing_meters", "plan_overage_prices" TO frontdesk_platform;

-- Event names must match lib/billing/meters.ts (OVERAGE_METERS); a test checks both agree.
INSERT INTO "billing_meters" ("metric", "event_name", "display_name") VALUES
  ('conversations', 'frontdesk_overage_conversations', 'Frontdesk conversations over the plan'),
  ('call_minutes', 'frontdesk_overage_call_minutes', 'Frontdesk call minutes over the plan')
ON CONFLICT ("metric") DO NOTHING;

-- Per unit over the allowance, in cents of the tenant's currency; charged
-- monthly in arrears whatever the plan's interval (mixed-interval subscription).
INSERT INTO "plan_overage_prices" ("plan_code", "metric", "currency", "unit_amount_cents", "lookup_key")
SELECT v.plan, v.metric, v.currency::"BillingCurrency", v.cents,
       v.plan || '_overage_' || CASE v.metric WHEN 'conversations' THEN 'conversation' ELSE 'call_minute' END || '_' || v.currency
FROM (VALUES
  ('pro', 'conversations', 'eur', 12), ('pro', 'conversations', 'chf', 12), ('pro', 'conversations', 'cad', 18),
  ('pro', 'call_minutes', 'eur', 15), ('pro', 'call_minutes', 'chf', 15), ('pro', 'call_minutes', 'cad', 22),
  ('business', 'conversations', 'eur', 9), ('business', 'conversations', 'chf', 9), ('business', 'conversations', 'cad', 13),
  ('business', 'call_minutes', 'eur', 12), ('business', 'call_minutes', 'chf', 12), ('business', 'call_minutes', 'cad', 18)
) AS v(plan, metric, currency, cents)
JOIN "plans" p ON p.code = v.plan
ON CONFLICT DO NOTHING;

-- Overage counted before this migration still waits for the meter job: send it under the meters' names.
UPDATE "usage_events" SET "meter_event_name" = 'frontdesk_overage_' || substr("meter_event_name", length('frontdesk_') + 1)
WHERE "meter_reported_at" IS NULL AND "meter_event_name" IN ('frontdesk_conversations', 'frontdesk_call_minutes');

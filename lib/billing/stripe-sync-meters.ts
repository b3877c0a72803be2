import "server-only";
import type pg from "pg";
import type Stripe from "stripe";
import { METER_CUSTOMER_KEY, METER_VALUE_KEY } from "./meters";

/*
 * The usage side of `npm run stripe:sync`: one Billing Meter per overage
 * metric, found among the account's meters by event_name (Stripe keeps it
 * unique among active meters), and per metered plan and currency a monthly
 * metered price on that meter, found by lookup key. A meter's aggregation and
 * payload keys cannot change once created, so a meter configured otherwise is
 * an error to fix by hand, never silently replaced. Prices follow the flat
 * prices' rule: a new amount is a new price that takes the lookup key over.
 */

export type MeterCatalogue = Pick<Stripe, "prices" | "billing">;

export interface UsageSyncReport {
  meters: { created: number; reactivated: number; kept: number };
  overagePrices: { created: number; replaced: number; kept: number };
}

interface MeterRow {
  metric: string;
  event_name: string;
  display_name: string;
}

interface OverageRow {
  plan_code: string;
  metric: string;
  currency: string;
  unit_amount_cents: number;
  lookup_key: string;
}

async function meterByEventName(stripe: MeterCatalogue, eventName: string, status: "active" | "inactive"): Promise<Stripe.Billing.Meter | null> {
  for await (const meter of stripe.billing.meters.list({ status, limit: 100 })) {
    if (meter.event_name === eventName) return meter;
  }
  return null;
}

function assertConfigured(meter: Stripe.Billing.Meter): void {
  const ok =
    meter.default_aggregation.formula === "sum" &&
    meter.customer_mapping.event_payload_key === METER_CUSTOMER_KEY &&
    meter.value_settings.event_payload_key === METER_VALUE_KEY;
  if (!ok) {
    throw new Error(
      `Stripe meter ${meter.id} (${meter.event_name}) must sum "${METER_VALUE_KEY}" per "${METER_CUSTOMER_KEY}"; ` +
        "meters cannot be changed: deactivate it in the Dashboard and run stripe:sync again.",
    );
  }
}

/** Ensures one active meter per billing_meters row; returns metric → meter id. */
export async function syncMeters(stripe: MeterCatalogue, db: pg.ClientBase, report: UsageSyncReport): Promise<Map<string, string>> {
  const rows = (await db.query<MeterRow>(`SELECT metric, event_name, display_name FROM billing_meters ORDER BY metric`)).rows;
  const ids = new Map<string, string>();
  for (const row of rows) {
    let meter = await meterByEventName(stripe, row.event_name, "active");
    if (meter) {
      report.meters.kept++;
      if (meter.display_name !== row.display_name) meter = await stripe.billing.meters.update(meter.id, { display_name: row.display_name });
    } else {
      const inactive = await meterByEventName(stripe, row.event_name, "inactive");
      if (inactive) {
        meter = await stripe.billing.meters.reactivate(inactive.id);
        report.meters.reactivated++;
      } else {
        meter = await stripe.billing.meters.create(
          {
            display_name: row.display_name,
            event_name: row.event_name,
            default_aggregation: { formula: "sum" },
            customer_mapping: { type: "by_id", event_payload_key: METER_CUSTOMER_KEY },
            value_settings: { event_payload_key: METER_VALUE_KEY },
          },
          { idempotencyKey: `frontdesk-meter-${row.event_name}` },
        );
        report.meters.created++;
      }
    }
    assertConfigured(meter);
    await db.query(`UPDATE billing_meters SET stripe_meter_id = $2, updated_at = now() WHERE metric = $1`, [row.metric, meter.id]);
    ids.set(row.metric, meter.id);
  }
  return ids;
}

function matches(price: Stripe.Price, row: OverageRow, product: string, meter: string): boolean {
  return (
    price.active &&
    price.product === product &&
    price.currency === row.currency &&
    price.unit_amount === row.unit_amount_cents &&
    price.recurring?.interval === "month" &&
    price.recurring.usage_type === "metered" &&
    price.recurring.meter === meter
  );
}

/** The metered monthly prices of one plan, on its product, one per metric and currency. */
export async function syncOveragePrices(
  stripe: MeterCatalogue,
  db: pg.ClientBase,
  plan: string,
  product: string,
  meters: Map<string, string>,
  report: UsageSyncReport,
): Promise<void> {
  const rows = (await db.query<OverageRow>(`SELECT * FROM plan_overage_prices WHERE plan_code = $1 ORDER BY lookup_key`, [plan])).rows;
  if (rows.length === 0) return;
  const existing = await stripe.prices.list({ lookup_keys: rows.map((r) => r.lookup_key), active: true, limit: 100 });
  for (const row of rows) {
    const meter = meters.get(row.metric);
    if (!meter) throw new Error(`No meter for ${row.metric}: add it to billing_meters.`);
    const current = existing.data.find((p) => p.lookup_key === row.lookup_key);
    let id: string;
    if (current && matches(current, row, product, meter)) {
      id = current.id;
      report.overagePrices.kept++;
    } else {
      const created = await stripe.prices.create(
        {
          product,
          currency: row.currency,
          unit_amount: row.unit_amount_cents,
          recurring: { interval: "month", usage_type: "metered", meter },
          lookup_key: row.lookup_key,
          transfer_lookup_key: true,
          tax_behavior: "exclusive",
          metadata: { plan_code: row.plan_code, metric: row.metric },
        },
        // The replaced price's id keeps an amount changed back and forth within 24 h from replaying an old creation.
        { idempotencyKey: `frontdesk-price-${row.lookup_key}-${row.unit_amount_cents}-${meter}-${current?.id ?? "new"}` },
      );
      id = created.id;
      if (current) report.overagePrices.replaced++;
      else report.overagePrices.created++;
    }
    await db.query(`UPDATE plan_overage_prices SET stripe_price_id = $2, updated_at = now() WHERE lookup_key = $1`, [row.lookup_key, id]);
  }
}

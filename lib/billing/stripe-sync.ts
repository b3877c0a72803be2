import "server-only";
import pg from "pg";
import type Stripe from "stripe";
import { syncMeters, syncOveragePrices, type UsageSyncReport } from "./stripe-sync-meters";

/*
 * `npm run stripe:sync`: makes the configured Stripe account carry one
 * product per sold plan and one price per plan_prices row, found by lookup
 * key (e.g. pro_year_chf), and stores their ids. Idempotent: a price whose
 * amount, currency and interval already match is kept; one that differs is
 * replaced by a new price that takes the lookup key over (Stripe prices are
 * immutable), so subscribers keep their price and new checkouts get the new
 * one. Overage meters and metered prices: stripe-sync-meters.ts. Runs as the
 * migration role: plan_prices is platform data.
 */

type StripeCatalogue = Pick<Stripe, "products" | "prices" | "billing">;

interface PlanRow {
  code: string;
  name: string;
  stripe_product_id: string | null;
}

interface PriceRow {
  plan_code: string;
  interval: "month" | "year";
  currency: string;
  amount_cents: number;
  lookup_key: string;
  stripe_price_id: string | null;
}

export interface SyncReport extends UsageSyncReport {
  products: { created: number; kept: number };
  prices: { created: number; replaced: number; kept: number };
}

async function productFor(stripe: StripeCatalogue, plan: PlanRow, report: SyncReport): Promise<string> {
  if (plan.stripe_product_id) {
    const existing = await stripe.products.retrieve(plan.stripe_product_id).catch(() => null);
    if (existing && !("deleted" in existing && existing.deleted)) {
      if (existing.name !== plan.name || !existing.active) await stripe.products.update(existing.id, { name: plan.name, active: true });
      report.products.kept++;
      return existing.id;
    }
  }
  const found = await stripe.products.search({ query: `metadata['plan_code']:'${plan.code}'` });
  if (found.data[0]) {
    report.products.kept++;
    return found.data[0].id;
  }
  const created = await stripe.products.create(
    { name: plan.name, metadata: { plan_code: plan.code } },
    { idempotencyKey: `frontdesk-product-${plan.code}` },
  );
  report.products.created++;
  return created.id;
}

function matches(price: Stripe.Price, row: PriceRow, product: string): boolean {
  return (
    price.active &&
    price.product === product &&
    price.currency === row.currency &&
    price.unit_amount === row.amount_cents &&
    price.recurring?.interval === row.interval
  );
}

export async function syncStripeCatalogue(stripe: StripeCatalogue, db: pg.ClientBase): Promise<SyncReport> {
  const report: SyncReport = {
    products: { created: 0, kept: 0 },
    prices: { created: 0, replaced: 0, kept: 0 },
    meters: { created: 0, reactivated: 0, kept: 0 },
    overagePrices: { created: 0, replaced: 0, kept: 0 },
  };
  const meters = await syncMeters(stripe, db, report);
  const plans = (await db.query<PlanRow>(`SELECT code, name, stripe_product_id FROM plans WHERE self_serve AND active ORDER BY rank`)).rows;
  for (const plan of plans) {
    const product = await productFor(stripe, plan, report);
    await db.query(`UPDATE plans SET stripe_product_id = $2 WHERE code = $1`, [plan.code, product]);
    const rows = (await db.query<PriceRow>(`SELECT * FROM plan_prices WHERE plan_code = $1 ORDER BY lookup_key`, [plan.code])).rows;
    const existing = await stripe.prices.list({ lookup_keys: rows.map((r) => r.lookup_key), active: true, limit: 100 });
    for (const row of rows) {
      const current = existing.data.find((p) => p.lookup_key === row.lookup_key);
      let id: string;
      if (current && matches(current, row, product)) {
        id = current.id;
        report.prices.kept++;
      } else {
        const created = await stripe.prices.create(
          {
            product,
            currency: row.currency,
            unit_amount: row.amount_cents,
            recurring: { interval: row.interval },
            lookup_key: row.lookup_key,
            transfer_lookup_key: true,
            tax_behavior: "exclusive",
            metadata: { plan_code: row.plan_code },
          },
          // The replaced price's id keeps an amount changed back and forth within 24 h from replaying an old creation.
          { idempotencyKey: `frontdesk-price-${row.lookup_key}-${row.amount_cents}-${current?.id ?? "new"}` },
        );
        id = created.id;
        if (current) report.prices.replaced++;
        else report.prices.created++;
      }
      await db.query(`UPDATE plan_prices SET stripe_price_id = $2, updated_at = now() WHERE lookup_key = $1`, [row.lookup_key, id]);
    }
    await syncOveragePrices(stripe, db, plan.code, product, meters, report);
  }
  return report;
}

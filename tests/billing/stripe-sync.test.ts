import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { startStripeStandin, type StripeStandin } from "../support/stripe-standin";

/*
 * `npm run stripe:sync` against the stand-in, from the migrated catalogue:
 * products, flat prices, one meter per overage metric and a metered monthly
 * price per metered plan and currency, ids stored; a second run changes
 * nothing; a new unit amount makes a new price that takes the lookup key
 * over (prices are immutable), leaving the meter and the other prices alone.
 */

let db: TestDatabase;
let admin: pg.Client;
let standin: StripeStandin;
let stripe: Stripe;

beforeAll(async () => {
  db = await createTestDatabase("stripesync");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  standin = await startStripeStandin();
  stripe = new Stripe("sk_test_sync", standin.clientConfig());
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await standin?.close();
  await db?.drop();
});

async function sync() {
  const { syncStripeCatalogue } = await import("@/lib/billing/stripe-sync");
  return syncStripeCatalogue(stripe, admin);
}

const overageRows = async () =>
  (await admin.query(`SELECT plan_code, metric, currency, unit_amount_cents, lookup_key, stripe_price_id FROM plan_overage_prices ORDER BY lookup_key`)).rows;

describe("stripe:sync", () => {
  it("creates products, flat prices, the two meters and every metered overage price, storing their ids", async () => {
    const report = await sync();
    expect(report).toEqual({
      products: { created: 3, kept: 0 },
      prices: { created: 18, replaced: 0, kept: 0 },
      meters: { created: 2, reactivated: 0, kept: 0 },
      overagePrices: { created: 12, replaced: 0, kept: 0 },
    });
    const meters = (await admin.query(`SELECT metric, event_name, stripe_meter_id FROM billing_meters ORDER BY metric`)).rows;
    expect(meters.map((m) => m.event_name)).toEqual(["frontdesk_overage_call_minutes", "frontdesk_overage_conversations"]);
    for (const row of meters) {
      expect(standin.state.meters.get(row.stripe_meter_id)).toMatchObject({
        status: "active",
        event_name: row.event_name,
        default_aggregation: { formula: "sum" },
        customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
        value_settings: { event_payload_key: "value" },
      });
    }
    // The names the counter records overage under are the meters' own.
    const { METER_EVENT_NAMES } = await import("@/lib/billing/meters");
    expect(Object.fromEntries(meters.map((m) => [m.metric, m.event_name]))).toEqual(METER_EVENT_NAMES);

    const rows = await overageRows();
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.plan_code))).toEqual(new Set(["pro", "business"]));
    const product = (await admin.query(`SELECT stripe_product_id FROM plans WHERE code = 'pro'`)).rows[0].stripe_product_id;
    const chf = rows.find((r) => r.lookup_key === "pro_overage_conversation_chf")!;
    const conversationsMeter = meters.find((m) => m.metric === "conversations")!.stripe_meter_id;
    expect(standin.state.prices.get(chf.stripe_price_id)).toMatchObject({
      product,
      currency: "chf",
      unit_amount: chf.unit_amount_cents,
      lookup_key: "pro_overage_conversation_chf",
      active: true,
      recurring: { interval: "month", usage_type: "metered", meter: conversationsMeter },
    });
    // Starter refuses at 100%: nothing to meter, no overage price.
    expect(rows.some((r) => r.plan_code === "starter")).toBe(false);
  });

  it("changes nothing when run again", async () => {
    const before = { prices: standin.state.prices.size, meters: standin.state.meters.size, products: standin.state.products.size, rows: await overageRows() };
    const report = await sync();
    expect(report).toEqual({
      products: { created: 0, kept: 3 },
      prices: { created: 0, replaced: 0, kept: 18 },
      meters: { created: 0, reactivated: 0, kept: 2 },
      overagePrices: { created: 0, replaced: 0, kept: 12 },
    });
    expect({ prices: standin.state.prices.size, meters: standin.state.meters.size, products: standin.state.products.size, rows: await overageRows() }).toEqual(before);
  });

  it("a new unit amount makes a new metered price that takes the lookup key over; subscribers keep the old one", async () => {
    const old = (await overageRows()).find((r) => r.lookup_key === "business_overage_call_minute_cad")!;
    await admin.query(`UPDATE plan_overage_prices SET unit_amount_cents = 20 WHERE lookup_key = 'business_overage_call_minute_cad'`);
    const report = await sync();
    expect(report.overagePrices).toEqual({ created: 0, replaced: 1, kept: 11 });
    expect(report.meters).toEqual({ created: 0, reactivated: 0, kept: 2 });
    const fresh = (await overageRows()).find((r) => r.lookup_key === "business_overage_call_minute_cad")!;
    expect(fresh.stripe_price_id).not.toBe(old.stripe_price_id);
    const found = await stripe.prices.list({ lookup_keys: ["business_overage_call_minute_cad"] });
    expect(found.data.map((p) => [p.id, p.unit_amount])).toEqual([[fresh.stripe_price_id, 20]]);
    const oldMeter = (standin.state.prices.get(old.stripe_price_id)!.recurring as { meter: string }).meter;
    expect(found.data[0]!.recurring).toMatchObject({ usage_type: "metered", meter: oldMeter });
    // The old price still exists for the subscriptions on it, without the key.
    expect(standin.state.prices.get(old.stripe_price_id)).toMatchObject({ lookup_key: null, unit_amount: old.unit_amount_cents });
    // Back to the first amount: a new price again (Stripe amounts are immutable), never a replayed old creation.
    await admin.query(`UPDATE plan_overage_prices SET unit_amount_cents = $1 WHERE lookup_key = 'business_overage_call_minute_cad'`, [old.unit_amount_cents]);
    expect((await sync()).overagePrices).toEqual({ created: 0, replaced: 1, kept: 11 });
    const back = (await overageRows()).find((r) => r.lookup_key === "business_overage_call_minute_cad")!;
    expect([back.stripe_price_id === old.stripe_price_id, back.stripe_price_id === fresh.stripe_price_id]).toEqual([false, false]);
    expect(standin.state.prices.get(back.stripe_price_id)).toMatchObject({ lookup_key: "business_overage_call_minute_cad", unit_amount: old.unit_amount_cents });
    expect((await sync()).overagePrices).toEqual({ created: 0, replaced: 0, kept: 12 });
  });

  it("finds an existing meter by event_name instead of creating a second, and reactivates one deactivated", async () => {
    const row = (await admin.query(`SELECT stripe_meter_id FROM billing_meters WHERE metric = 'conversations'`)).rows[0];
    await admin.query(`UPDATE billing_meters SET stripe_meter_id = NULL`);
    await stripe.billing.meters.deactivate(row.stripe_meter_id);
    const report = await sync();
    expect(report.meters).toEqual({ created: 0, reactivated: 1, kept: 1 });
    expect(standin.state.meters.size).toBe(2);
    expect((await admin.query(`SELECT stripe_meter_id FROM billing_meters WHERE metric = 'conversations'`)).rows[0].stripe_meter_id).toBe(row.stripe_meter_id);
    expect(standin.state.meters.get(row.stripe_meter_id)?.status).toBe("active");
  });

  it("refuses to use a meter whose keys differ, since meters cannot be changed", async () => {
    const [conversations] = [...standin.state.meters.values()].filter((m) => m.event_name === "frontdesk_overage_conversations");
    await stripe.billing.meters.deactivate(String(conversations!.id));
    await stripe.billing.meters.create({
      display_name: "Wrong",
      event_name: "frontdesk_overage_conversations",
      default_aggregation: { formula: "count" },
    });
    const { syncStripeCatalogue } = await import("@/lib/billing/stripe-sync");
    await expect(syncStripeCatalogue(stripe, admin)).rejects.toThrow(/must sum "value" per "stripe_customer_id"/);
  });
});

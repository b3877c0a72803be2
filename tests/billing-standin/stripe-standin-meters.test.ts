import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandin, type StripeStandin } from "../support/stripe-standin";

/*
 * Billing Meters and metered prices on the stand-in, through the real
 * stripe-node client: meters in Stripe's shape, event_name unique among
 * active meters, metered prices tied to an active meter, no quantity on a
 * metered Checkout line item or subscription item, and meter events refused
 * when no active meter has their event_name.
 */

let standin: StripeStandin;
let stripe: Stripe;
const clock = 1_800_000_000;

beforeAll(async () => {
  standin = await startStripeStandin({ now: () => clock });
  stripe = new Stripe("sk_test_meters", standin.clientConfig());
});
afterAll(() => standin?.close());

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as Stripe.errors.StripeError);

function meterParams(eventName: string): Stripe.Billing.MeterCreateParams {
  return {
    display_name: `Meter ${eventName}`,
    event_name: eventName,
    default_aggregation: { formula: "sum" },
    customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
    value_settings: { event_payload_key: "value" },
  };
}

describe("meters", () => {
  it("creates, lists by status, retrieves, renames, deactivates and reactivates a meter in Stripe's shape", async () => {
    const meter = await stripe.billing.meters.create(meterParams("calls_a"));
    expect(meter).toEqual({
      id: expect.stringMatching(/^mtr_test_/),
      object: "billing.meter",
      created: clock,
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
      default_aggregation: { formula: "sum" },
      display_name: "Meter calls_a",
      event_name: "calls_a",
      event_time_window: null,
      livemode: false,
      status: "active",
      status_transitions: { deactivated_at: null },
      updated: clock,
      value_settings: { event_payload_key: "value" },
    });
    expect((await stripe.billing.meters.retrieve(meter.id)).event_name).toBe("calls_a");
    expect((await stripe.billing.meters.update(meter.id, { display_name: "Calls" })).display_name).toBe("Calls");
    const active = await stripe.billing.meters.list({ status: "active" });
    expect(active.data.map((m) => m.id)).toContain(meter.id);

    const duplicate = await refusal(stripe.billing.meters.create(meterParams("calls_a")));
    expect(duplicate).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(duplicate?.param).toBe("event_name");

    const off = await stripe.billing.meters.deactivate(meter.id);
    expect(off).toMatchObject({ status: "inactive", status_transitions: { deactivated_at: clock } });
    expect((await stripe.billing.meters.list({ status: "inactive" })).data.map((m) => m.id)).toContain(meter.id);
    expect((await stripe.billing.meters.list({ status: "active" })).data.map((m) => m.id)).not.toContain(meter.id);
    // Unique among active meters only: the name is free again, and the old one cannot come back beside it.
    const successor = await stripe.billing.meters.create(meterParams("calls_a"));
    expect((await refusal(stripe.billing.meters.reactivate(meter.id)))?.param).toBe("event_name");
    await stripe.billing.meters.deactivate(successor.id);
    expect((await stripe.billing.meters.reactivate(meter.id)).status).toBe("active");
    expect((await refusal(stripe.billing.meters.retrieve("mtr_test_missing")))?.statusCode).toBe(404);
  });

  it("refuses a meter without its required fields", async () => {
    const missing = await refusal(stripe.billing.meters.create({ display_name: "x", event_name: "x" } as Stripe.Billing.MeterCreateParams));
    expect(missing?.param).toBe("default_aggregation");
  });
});

describe("metered prices", () => {
  it("need recurring[meter] naming an active meter; a licensed price cannot name one", async () => {
    const product = await stripe.products.create({ name: "Overage" });
    const meter = await stripe.billing.meters.create(meterParams("units_b"));
    const price = await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 12, recurring: { interval: "month", usage_type: "metered", meter: meter.id } });
    expect(price.recurring).toEqual({ interval: "month", interval_count: 1, meter: meter.id, trial_period_days: null, usage_type: "metered" });
    const listed = await stripe.prices.list({ recurring: { usage_type: "metered", meter: meter.id } } as Stripe.PriceListParams);
    expect(listed.data.map((p) => p.id)).toEqual([price.id]);

    const noMeter = await refusal(stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 12, recurring: { interval: "month", usage_type: "metered" } }));
    expect(noMeter?.param).toBe("recurring[meter]");
    const unknown = await refusal(stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 12, recurring: { interval: "month", usage_type: "metered", meter: "mtr_test_nope" } }));
    expect([unknown?.statusCode, unknown?.param]).toEqual([404, "recurring[meter]"]);
    const licensed = await refusal(stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 12, recurring: { interval: "month", meter: meter.id } }));
    expect(licensed?.param).toBe("recurring[meter]");
    await stripe.billing.meters.deactivate(meter.id);
    const inactive = await refusal(stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 12, recurring: { interval: "month", usage_type: "metered", meter: meter.id } }));
    expect(inactive?.param).toBe("recurring[meter]");
  });
});

describe("metered items", () => {
  async function plan() {
    const product = await stripe.products.create({ name: "Pro" });
    const meter = await stripe.billing.meters.create(meterParams(`units_${product.id}`));
    const year = await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 149000, recurring: { interval: "year" } });
    const usage = await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 12, recurring: { interval: "month", usage_type: "metered", meter: meter.id } });
    const customer = await stripe.customers.create({});
    return { year, usage, customer };
  }

  it("Checkout takes a metered line item without a quantity beside a yearly flat one, and refuses one with a quantity", async () => {
    const { year, usage, customer } = await plan();
    const base = { mode: "subscription" as const, customer: customer.id, success_url: "http://localhost/done" };
    const session = await stripe.checkout.sessions.create({ ...base, line_items: [{ price: year.id, quantity: 1 }, { price: usage.id }] });
    // Usage is billed in arrears: nothing metered in the first payment.
    expect(session.amount_total).toBe(149000);
    const withQuantity = await refusal(stripe.checkout.sessions.create({ ...base, line_items: [{ price: year.id, quantity: 1 }, { price: usage.id, quantity: 1 }] }));
    expect(withQuantity?.param).toBe("line_items[1][quantity]");
    const classic = await refusal(
      stripe.checkout.sessions.create({ ...base, line_items: [{ price: year.id, quantity: 1 }, { price: usage.id }], subscription_data: { billing_mode: { type: "classic" } } }),
    );
    expect(classic?.param).toBe("subscription_data[billing_mode][type]");

    const outcome = standin.completeCheckout(session.id);
    const items = (outcome.subscription.items as { data: Array<Record<string, unknown>> }).data;
    expect(items).toHaveLength(2);
    expect(items[1]).not.toHaveProperty("quantity");
    // Each item on its own interval: a year for the plan, a month for its usage.
    expect(Number(items[0]!.current_period_end) - clock).toBeGreaterThan(360 * 86400);
    expect(Number(items[1]!.current_period_end) - clock).toBeLessThan(32 * 86400);
  });

  it("a subscription update adds and removes metered items, refusing a quantity or the same price twice", async () => {
    const { year, usage, customer } = await plan();
    const session = await stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, success_url: "http://localhost/done", line_items: [{ price: year.id, quantity: 1 }] });
    const sub = standin.completeCheckout(session.id).subscription;
    const id = String(sub.id);
    expect((await refusal(stripe.subscriptions.update(id, { items: [{ price: usage.id, quantity: 3 }] })))?.param).toBe("items[0][quantity]");
    const added = await stripe.subscriptions.update(id, { items: [{ price: usage.id }] });
    expect(added.items.data.map((i) => i.price.id)).toEqual([year.id, usage.id]);
    expect((await refusal(stripe.subscriptions.update(id, { items: [{ price: usage.id }] })))?.param).toBe("items[0][price]");
    const metered = added.items.data[1]!;
    const removed = await stripe.subscriptions.update(id, { items: [{ id: metered.id, deleted: true }] });
    expect(removed.items.data.map((i) => i.price.id)).toEqual([year.id]);
  });
});

describe("meter events", () => {
  it("are refused unless an active meter has their event_name, with its customer and value keys", async () => {
    const customer = await stripe.customers.create({});
    const none = await refusal(stripe.billing.meterEvents.create({ event_name: "nobody_meters_this", payload: { stripe_customer_id: customer.id, value: "1" } }));
    expect([none?.statusCode, none?.param]).toEqual([400, "event_name"]);
    const meter = await stripe.billing.meters.create({ ...meterParams("keys_c"), customer_mapping: { type: "by_id", event_payload_key: "cust" }, value_settings: { event_payload_key: "units" } });
    const wrongKeys = await refusal(stripe.billing.meterEvents.create({ event_name: "keys_c", payload: { stripe_customer_id: customer.id, value: "1" } }));
    expect(wrongKeys?.param).toBe("payload[cust]");
    const made = await stripe.billing.meterEvents.create({ event_name: "keys_c", payload: { cust: customer.id, units: "4" }, identifier: "keys-1" });
    expect(made.payload).toEqual({ cust: customer.id, units: "4" });
    await stripe.billing.meters.deactivate(meter.id);
    const after = await refusal(stripe.billing.meterEvents.create({ event_name: "keys_c", payload: { cust: customer.id, units: "1" } }));
    expect(after?.param).toBe("event_name");
  });
});

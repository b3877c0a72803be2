import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStripeForm } from "../support/stripe-standin-form";
import { signedWebhook, startStripeStandin, type StripeStandin } from "../support/stripe-standin";

/*
 * The Stripe stand-in driven by the real stripe-node client: request
 * encoding, idempotency keys, error classes and list envelopes are the
 * package's own, so a shape the stand-in gets wrong fails here first.
 */

let standin: StripeStandin;
let stripe: Stripe;
let clock = 1_800_000_000;

beforeAll(async () => {
  standin = await startStripeStandin({ now: () => clock });
  stripe = new Stripe("sk_test_standin", standin.clientConfig());
});
afterAll(() => standin?.close());

async function catalogue() {
  const product = await stripe.products.create({ name: "Pro", metadata: { plan: "pro" } });
  const year = await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 99000, recurring: { interval: "year" }, lookup_key: `pro_year_chf_${product.id}` });
  const month = await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 9900, recurring: { interval: "month" }, lookup_key: `pro_month_chf_${product.id}` });
  return { product, year, month };
}

describe("form encoding", () => {
  it("parses nested keys and indexed arrays as stripe-node writes them", () => {
    expect(parseStripeForm("line_items[0][price]=p1&line_items[0][quantity]=1&tax_id_collection[enabled]=true&metadata[a]=&expand[0]=x.y")).toEqual({
      line_items: [{ price: "p1", quantity: "1" }],
      tax_id_collection: { enabled: "true" },
      metadata: { a: "" },
      expand: ["x.y"],
    });
  });
});

describe("customers", () => {
  it("creates once per idempotency key and refuses the key with other parameters", async () => {
    const a = await stripe.customers.create({ name: "Cabinet", metadata: { tenant_id: "t1" } }, { idempotencyKey: "tenant-t1" });
    const b = await stripe.customers.create({ name: "Cabinet", metadata: { tenant_id: "t1" } }, { idempotencyKey: "tenant-t1" });
    expect(a.id).toMatch(/^cus_/);
    expect(b.id).toBe(a.id);
    expect([...standin.state.customers.values()].filter((c) => (c.metadata as Record<string, string>).tenant_id === "t1")).toHaveLength(1);
    const err = await stripe.customers.create({ name: "Other" }, { idempotencyKey: "tenant-t1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("retrieves and updates; an unknown id is Stripe's resource_missing 404", async () => {
    const c = await stripe.customers.create({ email: "owner@example.ch" });
    expect(c.created).toBe(clock);
    const updated = await stripe.customers.update(c.id, { name: "Boulangerie", metadata: { k: "v" } });
    expect(updated.name).toBe("Boulangerie");
    expect((await stripe.customers.retrieve(c.id)).id).toBe(c.id);
    const err = (await stripe.customers.retrieve("cus_nope").catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([err.statusCode, err.code, err.param]).toEqual([404, "resource_missing", "id"]);
  });

  it("refuses a wrong key with 401 and never echoes it", async () => {
    const other = new Stripe("sk_live_wrong_key_123", standin.clientConfig());
    const err = (await other.customers.create({}).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.message).not.toContain("wrong_key");
  });
});

describe("products and prices", () => {
  it("finds prices by lookup key, refuses a reused key unless transferred, and searches products", async () => {
    const { product, year } = await catalogue();
    const found = await stripe.prices.list({ lookup_keys: [`pro_year_chf_${product.id}`], expand: ["data.product"] });
    expect(found.object).toBe("list");
    expect(found.data.map((p) => p.id)).toEqual([year.id]);
    expect((found.data[0]!.product as Stripe.Product).name).toBe("Pro");
    expect(found.data[0]!.recurring?.interval).toBe("year");
    const reuse = (await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 1, recurring: { interval: "year" }, lookup_key: `pro_year_chf_${product.id}` }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([reuse.statusCode, reuse.param]).toEqual([400, "lookup_key"]);
    const moved = await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: 89000, recurring: { interval: "year" }, lookup_key: `pro_year_chf_${product.id}`, transfer_lookup_key: true });
    expect((await stripe.prices.retrieve(year.id)).lookup_key).toBeNull();
    expect((await stripe.prices.list({ lookup_keys: [`pro_year_chf_${product.id}`] })).data[0]!.id).toBe(moved.id);
    await stripe.prices.update(year.id, { active: false });
    expect((await stripe.prices.list({ product: product.id })).data.map((p) => p.id)).not.toContain(year.id);
    const amount = (await stripe.prices.update(moved.id, { unit_amount: 5 } as never).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([amount.statusCode, amount.code, amount.param]).toEqual([400, "parameter_unknown", "unit_amount"]);
    const search = await stripe.products.search({ query: "metadata['plan']:'pro' AND active:'true'" });
    expect(search.object).toBe("search_result");
    expect(search.data.map((p) => p.id)).toContain(product.id);
    const renamed = await stripe.products.update(product.id, { name: "Pro (2027)" });
    expect((await stripe.products.retrieve(product.id)).name).toBe(renamed.name);
  });

  it("creates a product with a chosen id once", async () => {
    await stripe.products.create({ id: "frontdesk_business", name: "Business" });
    const err = (await stripe.products.create({ id: "frontdesk_business", name: "Business" }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([err.statusCode, err.code]).toEqual([400, "resource_already_exists"]);
  });
});

describe("checkout, portal and subscriptions", () => {
  it("creates a subscription-mode session with a hosted url, then completes it into an active subscription", async () => {
    const { year, month } = await catalogue();
    const customer = await stripe.customers.create({ name: "Atelier" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      client_reference_id: "tenant-uuid",
      line_items: [{ price: year.id, quantity: 1 }],
      billing_address_collection: "required",
      tax_id_collection: { enabled: true },
      customer_update: { name: "auto", address: "auto" },
      success_url: "http://atelier.localhost:3131/billing/return?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://atelier.localhost:3131/billing",
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${standin.url}/c/pay/${session.id}`);
    expect([session.status, session.mode, session.amount_total, session.currency]).toEqual(["open", "subscription", 99000, "chf"]);
    expect((await fetch(session.url!)).status).toBe(200);

    const { subscription, events } = standin.completeCheckout(session.id);
    expect(events.map((e) => e.type)).toEqual(["checkout.session.completed", "customer.subscription.created", "invoice.paid"]);
    const sub = await stripe.subscriptions.retrieve(String(subscription.id));
    expect(sub.status).toBe("active");
    expect(sub.items.data[0]!.price.id).toBe(year.id);
    expect(sub.items.data[0]!.current_period_end).toBeGreaterThan(clock + 364 * 86400);
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "line_items"] });
    expect((done.subscription as Stripe.Subscription).id).toBe(sub.id);
    expect(done.line_items?.data[0]?.price?.id).toBe(year.id);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([sub.id]);

    // Plan change with proration, then cancel.
    const changed = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0]!.id, price: month.id }], proration_behavior: "create_prorations" });
    expect(changed.items.data[0]!.price.id).toBe(month.id);
    expect(standin.state.subscriptionUpdates.at(-1)?.params.proration_behavior).toBe("create_prorations");
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(1);

    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://atelier.localhost:3131/billing" });
    expect(portal.object).toBe("billing_portal.session");
    expect(portal.url).toBe(`${standin.url}/p/session/${portal.id}`);
  });

  it("refuses what Stripe refuses: no recurring price, tax ids for a customer Checkout may not rename, a missing success url", async () => {
    const customer = await stripe.customers.create({});
    const product = await stripe.products.create({ name: "One-off" });
    const once = await stripe.prices.create({ product: product.id, currency: "eur", unit_amount: 500 });
    const base = { mode: "subscription" as const, customer: customer.id, success_url: "http://x.localhost/ok" };
    const e1 = (await stripe.checkout.sessions.create({ ...base, line_items: [{ price: once.id, quantity: 1 }] }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([e1.statusCode, e1.param]).toEqual([400, "line_items"]);
    const { month } = await catalogue();
    const e2 = (await stripe.checkout.sessions.create({ ...base, line_items: [{ price: month.id, quantity: 1 }], tax_id_collection: { enabled: true } }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(e2.param).toBe("customer_update[name]");
    const e3 = (await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: month.id, quantity: 1 }] }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([e3.statusCode, e3.code, e3.param]).toEqual([400, "parameter_missing", "success_url"]);
  });

  it("moves a subscription's status and builds the matching signed webhook", async () => {
    const { month } = await catalogue();
    const customer = await stripe.customers.create({});
    const session = await stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, line_items: [{ price: month.id, quantity: 1 }], success_url: "http://x.localhost/ok" });
    const { subscription } = standin.completeCheckout(session.id);
    const { event } = standin.setSubscriptionStatus(String(subscription.id), "past_due");
    expect(event.type).toBe("customer.subscription.updated");
    expect((event.data as { previous_attributes: unknown }).previous_attributes).toEqual({ status: "active" });
    const failed = standin.invoiceEvent(String(subscription.id), "invoice.payment_failed");
    expect((failed.invoice.parent as { subscription_details: { subscription: string } }).subscription_details.subscription).toBe(subscription.id);

    const secret = "whsec_standin";
    const { payload, header } = signedWebhook(event, secret);
    const verified = stripe.webhooks.constructEvent(payload, header, secret);
    expect(verified.id).toBe(event.id);
    expect(() => stripe.webhooks.constructEvent(payload, header, "whsec_other")).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });
});

describe("meter events", () => {
  it("records an event once per identifier and refuses a repeat with Stripe's error", async () => {
    const customer = await stripe.customers.create({});
    await stripe.billing.meters.create({ display_name: "Conversations", event_name: "frontdesk_conversations", default_aggregation: { formula: "sum" } });
    const made = await stripe.billing.meterEvents.create({ event_name: "frontdesk_conversations", payload: { stripe_customer_id: customer.id, value: "1" }, identifier: "usage-1" });
    expect([made.object, made.identifier, made.timestamp]).toEqual(["billing.meter_event", "usage-1", clock]);
    const again = (await stripe.billing.meterEvents.create({ event_name: "frontdesk_conversations", payload: { stripe_customer_id: customer.id, value: "1" }, identifier: "usage-1" }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([again.statusCode, again.param]).toEqual([400, "identifier"]);
    expect(again.message).toContain("An event already exists with identifier usage-1");
    expect(standin.state.meterEvents.filter((e) => e.identifier === "usage-1")).toHaveLength(1);
    clock += 25 * 3600;
    const late = await stripe.billing.meterEvents.create({ event_name: "frontdesk_conversations", payload: { stripe_customer_id: customer.id, value: "1" }, identifier: "usage-2", timestamp: clock - 3600 });
    expect(late.timestamp).toBe(clock - 3600);
  });
});

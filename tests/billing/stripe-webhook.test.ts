import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { signedWebhook } from "../support/stripe-standin";
import { setUpBillingTest, subscribe, WEBHOOK_SECRET, type BillingTestEnv } from "./billing-test-env";

/*
 * POST /api/webhooks/stripe: signatures, the exactly-once ledger, ordering
 * per subscription, unknown prices and handler failures, against the real
 * route, real PostgreSQL and the real `stripe` package's signatures.
 */

let env: BillingTestEnv;
type Json = Record<string, unknown>;

beforeAll(async () => {
  env = await setUpBillingTest("stripewh");
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const tenant = (slug: "cabinet-dupont" | "salon-amel" | "maple-dental") => env.tenants[slug].id;

async function tenantRow(id: string) {
  return (await env.admin.query(`SELECT status, plan, past_due_since, config_locked_at, stripe_customer_id FROM tenants WHERE id = $1`, [id])).rows[0];
}

async function subscriptionRow(stripeId: string) {
  return (await env.admin.query(`SELECT * FROM subscriptions WHERE stripe_subscription_id = $1`, [stripeId])).rows[0];
}

describe("signature", () => {
  it("refuses a bad, missing, expired or foreign signature with 400 naming the problem, and writes nothing", async () => {
    const { POST } = await import("@/app/api/webhooks/stripe/route");
    const event = env.standin.event("invoice.paid", { id: "in_x", object: "invoice", customer: "cus_x", created: 1 });
    const post = (headers: Record<string, string>, body: string) =>
      POST(new Request("http://localhost:3000/api/webhooks/stripe", { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));
    const good = signedWebhook(event, WEBHOOK_SECRET, Math.floor(Date.now() / 1000));
    const before = await env.countRows();
    const cases: Array<[string, Response, RegExp]> = [
      ["missing", await post({}, good.payload), /missing/],
      ["garbage", await post({ "stripe-signature": "nonsense" }, good.payload), /not a Stripe signature/],
      ["tampered body", await post({ "stripe-signature": good.header }, good.payload.replace("in_x", "in_y")), /no signature matches/],
      ["wrong secret", await post({ "stripe-signature": signedWebhook(event, "whsec_other", Math.floor(Date.now() / 1000)).header }, good.payload), /no signature matches/],
      ["expired", await post({ "stripe-signature": signedWebhook(event, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301).header }, good.payload), /older than 300 seconds/],
    ];
    for (const [name, res, message] of cases) {
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
      expect(body.error.code, name).toBe("bad_request");
      expect(body.error.field, name).toBe("stripe-signature");
      expect(body.error.message, name).toMatch(message);
    }
    expect(await env.countRows()).toEqual(before);
  });

  it("accepts a signature just inside the 300 s tolerance", async () => {
    const res = await env.deliver(env.standin.event("invoice.paid", { id: "in_none", object: "invoice", customer: "cus_unknown", created: 1 }), {
      timestamp: Math.floor(env.clock.now() / 1000) - 299,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: "no tenant for this customer" });
  });
});

describe("checkout and subscription state", () => {
  it("activates the plan bought in checkout, once, whatever the order of its events", async () => {
    const id = tenant("salon-amel");
    await env.admin.query(`UPDATE tenants SET status = 'trial', plan = 'starter' WHERE id = $1`, [id]);
    const outcome = await subscribe(env, id, "business_month_eur");
    // Stripe's order is checkout, created, paid; deliver them backwards.
    for (const event of [...outcome.events].reverse()) expect((await env.deliver(event)).status).toBe(200);
    expect(await tenantRow(id)).toMatchObject({ status: "active", plan: "business" });
    const sub = await subscriptionRow(String(outcome.subscription.id));
    expect(sub).toMatchObject({ plan_code: "business", status: "active", interval: "month", currency: "eur", next_invoice_amount_cents: 39900 });
    expect(sub.next_invoice_at).toBeInstanceOf(Date);
    // Redelivered: nothing happens again.
    for (const event of outcome.events) expect(await (await env.deliver(event)).json()).toEqual({ received: true, duplicate: true });
  });

  it("an `updated` delivered before its `created` ends in the updated state", async () => {
    const id = tenant("cabinet-dupont");
    const outcome = await subscribe(env, id, "pro_month_eur");
    const created = outcome.events[1]!;
    env.clock.advance(2_000);
    const updated = env.standin.setSubscriptionStatus(String(outcome.subscription.id), "past_due").event;
    expect((await env.deliver(updated)).status).toBe(200);
    expect((await env.deliver(created)).status).toBe(200);
    expect(await subscriptionRow(String(outcome.subscription.id))).toMatchObject({ status: "past_due" });
    expect(await tenantRow(id)).toMatchObject({ status: "past_due" });
  });

  it("a stale `updated` after `deleted` leaves the subscription cancelled", async () => {
    const id = tenant("cabinet-dupont");
    const outcome = await subscribe(env, id, "pro_year_eur");
    for (const event of outcome.events) await env.deliver(event);
    const staleUpdate = env.standin.event("customer.subscription.updated", { ...outcome.subscription, status: "active" });
    env.clock.advance(1_000);
    const deleted = env.standin.setSubscriptionStatus(String(outcome.subscription.id), "canceled").event;
    expect((await env.deliver(deleted)).status).toBe(200);
    expect((await env.deliver(staleUpdate)).status).toBe(200);
    expect(await subscriptionRow(String(outcome.subscription.id))).toMatchObject({ status: "canceled" });
  });

  it("the same second: `created` never overrides `updated`, `updated` never overrides `deleted`", async () => {
    const id = tenant("cabinet-dupont");
    const outcome = await subscribe(env, id, "pro_month_eur");
    const sub = outcome.subscription as Json;
    const deleted = env.standin.event("customer.subscription.deleted", { ...sub, status: "canceled" });
    const updated = env.standin.event("customer.subscription.updated", { ...sub, status: "active" });
    await env.deliver(deleted);
    await env.deliver(updated);
    await env.deliver(outcome.events[1]!);
    expect(await subscriptionRow(String(sub.id))).toMatchObject({ status: "canceled" });
  });

  it("keeps the current plan on an unknown price and flags it for the platform", async () => {
    const id = tenant("maple-dental");
    const outcome = await subscribe(env, id, "pro_month_cad");
    for (const event of outcome.events) await env.deliver(event);
    // Pro's metered overage items ride along: the plan comes from the flat item, nothing is flagged.
    const sub = outcome.subscription as { id: string; items: { data: Json[] } };
    expect(sub.items.data).toHaveLength(3);
    expect(await subscriptionRow(sub.id)).toMatchObject({
      plan_code: "pro",
      stripe_price_id: await env.priceId("pro_month_cad"),
      interval: "month",
      next_invoice_amount_cents: 21900,
      unknown_price_id: null,
    });
    const product = await env.stripe.products.create({ name: "Mystery" });
    const mystery = await env.stripe.prices.create({ product: product.id, currency: "cad", unit_amount: 1234, recurring: { interval: "month" } });
    env.clock.advance(1_000);
    // As Stripe sends it (stripe-node's own object carries decimals JSON cannot write).
    const price = { id: mystery.id, object: "price", currency: "cad", unit_amount: 1234, lookup_key: null, product: product.id, recurring: { interval: "month" } };
    // The flat item changes to an unknown price; the known metered items stay.
    const changed = { ...sub, items: { ...sub.items, data: [{ ...sub.items.data[0], price }, ...sub.items.data.slice(1)] } };
    const res = await env.deliver(env.standin.event("customer.subscription.updated", changed));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, unknownPrice: mystery.id });
    expect(await tenantRow(id)).toMatchObject({ plan: "pro", status: "active" });
    expect(await subscriptionRow(sub.id)).toMatchObject({ plan_code: "pro", unknown_price_id: mystery.id });
  });
});

describe("exactly once", () => {
  it("the same payment failure delivered 5× at once changes state and sends the email once", async () => {
    const id = tenant("maple-dental");
    const sub = (await env.admin.query(`SELECT stripe_subscription_id AS s FROM subscriptions WHERE tenant_id = $1 LIMIT 1`, [id])).rows[0].s as string;
    const emailsBefore = Number((await env.admin.query(`SELECT count(*) FROM email_outbox WHERE tenant_id = $1`, [id])).rows[0].count);
    env.clock.advance(1_000);
    const failed = env.standin.invoiceEvent(sub, "invoice.payment_failed").event;
    const responses = await Promise.all(Array.from({ length: 5 }, () => env.deliver(failed)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const row = await tenantRow(id);
    expect(row.status).toBe("past_due");
    const ledger = (await env.admin.query(`SELECT state, attempts FROM stripe_events WHERE id = $1`, [failed.id])).rows;
    expect(ledger).toEqual([{ state: "completed", attempts: 1 }]);
    const notices = (await env.admin.query(`SELECT notice_key FROM billing_notices WHERE tenant_id = $1 AND kind = 'dunning'`, [id])).rows;
    expect(notices).toHaveLength(1);
    const emails = Number((await env.admin.query(`SELECT count(*) FROM email_outbox WHERE tenant_id = $1`, [id])).rows[0].count);
    const owners = Number((await env.admin.query(`SELECT count(*) FROM memberships WHERE tenant_id = $1 AND role = 'owner'`, [id])).rows[0].count);
    expect(emails - emailsBefore).toBe(Math.max(1, owners));
    // Paid afterwards: active again, and an older failure delivered late does not bring dunning back.
    env.clock.advance(1_000);
    expect((await env.deliver(env.standin.invoiceEvent(sub, "invoice.paid").event)).status).toBe(200);
    expect(await tenantRow(id)).toMatchObject({ status: "active", past_due_since: null });
    expect((await env.deliver({ ...failed, id: "evt_late_copy" })).status).toBe(200);
    expect(await tenantRow(id)).toMatchObject({ status: "active" });
  });

  it("a handler failure answers 500, is recorded as failed, and the retry applies it", async () => {
    const { handleStripeWebhook } = await import("@/lib/billing/stripe-webhook");
    const id = tenant("salon-amel");
    const customer = (await tenantRow(id)).stripe_customer_id as string;
    const session = await env.stripe.checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: id,
      line_items: [{ price: await env.priceId("pro_month_eur"), quantity: 1 }],
      success_url: "http://localhost:3000/billing",
    });
    const outcome = env.standin.completeCheckout(session.id);
    const checkout = outcome.events[0]!;
    const { payload, header } = signedWebhook(checkout, WEBHOOK_SECRET, Math.floor(env.clock.now() / 1000));
    const request = () => new Request("http://localhost:3000/api/webhooks/stripe", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload });
    const broken = { subscriptions: { retrieve: () => Promise.reject(new Stripe.errors.StripeConnectionError({ message: "down" })) } } as unknown as Stripe;
    const { errorResponse } = await import("@/lib/http");
    const failed = await handleStripeWebhook(request(), { now: env.clock.now, stripe: broken }).catch((e: unknown) => errorResponse(e, "t"));
    expect(failed.status).toBe(500);
    expect(JSON.stringify(await failed.json())).not.toMatch(/down|stack/);
    expect((await env.admin.query(`SELECT state, attempts, error FROM stripe_events WHERE id = $1`, [checkout.id])).rows[0]).toMatchObject({ state: "failed", attempts: 1 });
    expect((await env.deliver(checkout)).status).toBe(200);
    expect((await env.admin.query(`SELECT state, attempts FROM stripe_events WHERE id = $1`, [checkout.id])).rows[0]).toEqual({ state: "completed", attempts: 2 });
    expect(await tenantRow(id)).toMatchObject({ status: "active", plan: "pro" });
  });

  it("a delivery still processing is not run twice; one stale for over 5 minutes is taken over", async () => {
    const id = tenant("cabinet-dupont");
    const sub = (await env.admin.query(`SELECT stripe_subscription_id AS s FROM subscriptions WHERE tenant_id = $1 AND status <> 'canceled' LIMIT 1`, [id])).rows[0].s as string;
    const event = env.standin.invoiceEvent(sub, "invoice.payment_action_required").event;
    const insert = (claimedAgoMs: number) =>
      env.admin.query(
        `INSERT INTO stripe_events (tenant_id, id, type, state, event_created_at, claimed_at) VALUES ($1, $2, $3, 'processing', now(), $4)
         ON CONFLICT (tenant_id, id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, state = 'processing'`,
        [id, event.id, event.type, new Date(env.clock.now() - claimedAgoMs)],
      );
    await insert(60_000);
    expect((await env.deliver(event)).status).toBe(409);
    await insert(5 * 60_000 + 1_000);
    expect((await env.deliver(event)).status).toBe(200);
    expect((await env.admin.query(`SELECT state, attempts FROM stripe_events WHERE id = $1`, [event.id])).rows[0]).toEqual({ state: "completed", attempts: 2 });
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM billing_notices WHERE tenant_id = $1 AND kind = 'payment_action_required'`, [id])).rows[0].n).toBe(1);
  });
});

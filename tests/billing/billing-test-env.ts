import Stripe from "stripe";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";
import { signedWebhook, startStripeStandin, type StripeStandin } from "../support/stripe-standin";

/*
 * Billing suites: the channel test database (three demo tenants, real route
 * handlers), the Stripe stand-in at the network edge, the real `stripe`
 * package pointed at it, the catalogue synchronised into it, and a clock the
 * test drives (the stand-in's event times, the webhook's signature age and
 * the jobs all read it), so nothing sleeps.
 */

export const WEBHOOK_SECRET = "whsec_billing_test_secret";
export const DAY = 24 * 3600 * 1000;

export interface TestClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
  date(): Date;
}

export function testClock(start = Date.now()): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (ms) => void (t = ms), date: () => new Date(t) };
}

export interface BillingTestEnv extends ChannelTestEnv {
  standin: StripeStandin;
  stripe: Stripe;
  clock: TestClock;
  /** Signs `event` as Stripe would at the clock's time (or `timestamp`) and posts it to the real route. */
  deliver(event: Record<string, unknown>, options?: { secret?: string; timestamp?: number; header?: string | null }): Promise<Response>;
  priceId(lookupKey: string): Promise<string>;
  /** The metered overage price ids of a plan in a currency (none for Starter). */
  overagePriceIds(plan: string, currency: string): Promise<string[]>;
}

export async function setUpBillingTest(label: string): Promise<BillingTestEnv> {
  const clock = testClock();
  const env = await setUpChannelTest(label);
  const standin = await startStripeStandin({ now: () => Math.floor(clock.now() / 1000) });
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_billing",
    STRIPE_API_BASE: standin.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ROOT_DOMAIN: "localhost:3000",
  });
  const stripe = new Stripe("sk_test_billing", standin.clientConfig());
  const { syncStripeCatalogue } = await import("@/lib/billing/stripe-sync");
  await syncStripeCatalogue(stripe, env.admin);
  const { stripeWebhookRoute } = await import("@/lib/billing/stripe-webhook");
  // What app/api/webhooks/stripe/route.ts exports, with the test's clock.
  const POST = stripeWebhookRoute({ now: clock.now });

  return {
    ...env,
    standin,
    stripe,
    clock,
    async deliver(event, options = {}) {
      const { payload, header } = signedWebhook(event, options.secret ?? WEBHOOK_SECRET, options.timestamp ?? Math.floor(clock.now() / 1000));
      const headers: Record<string, string> = { "content-type": "application/json" };
      const signature = options.header === undefined ? header : options.header;
      if (signature !== null) headers["stripe-signature"] = signature;
      return POST(new Request("http://localhost:3000/api/webhooks/stripe", { method: "POST", headers, body: payload }));
    },
    async priceId(lookupKey) {
      const r = await env.admin.query<{ id: string }>(`SELECT stripe_price_id AS id FROM plan_prices WHERE lookup_key = $1`, [lookupKey]);
      return r.rows[0]!.id;
    },
    async overagePriceIds(plan, currency) {
      const r = await env.admin.query<{ id: string }>(
        `SELECT stripe_price_id AS id FROM plan_overage_prices WHERE plan_code = $1 AND currency = $2 ORDER BY lookup_key`,
        [plan, currency],
      );
      return r.rows.map((row) => row.id);
    },
    async close() {
      await standin.close();
      await env.close();
    },
  };
}

/** A customer for the tenant, stored as the checkout code does, and a completed subscription checkout with the plan's metered items, as Checkout makes it. */
export async function subscribe(env: BillingTestEnv, tenantId: string, lookupKey: string) {
  const existing = await env.admin.query<{ c: string | null }>(`SELECT stripe_customer_id AS c FROM tenants WHERE id = $1`, [tenantId]);
  let customer = existing.rows[0]?.c ?? null;
  if (!customer) {
    customer = (await env.stripe.customers.create({ metadata: { tenant_id: tenantId } })).id;
    await env.admin.query(`UPDATE tenants SET stripe_customer_id = $2 WHERE id = $1`, [tenantId, customer]);
  }
  const [plan, , currency] = lookupKey.split("_");
  const session = await env.stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: tenantId,
    line_items: [{ price: await env.priceId(lookupKey), quantity: 1 }, ...(await env.overagePriceIds(plan!, currency!)).map((price) => ({ price }))],
    subscription_data: { metadata: { tenant_id: tenantId } },
    success_url: "http://localhost:3000/billing?checkout=done",
  });
  return env.standin.completeCheckout(session.id);
}

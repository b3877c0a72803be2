import Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";
import { startStripeStandin, type StripeStandin } from "../support/stripe-standin";

/*
 * The return page's sync, attacked: a completed Checkout session that names
 * this tenant in client_reference_id but was paid by another tenant's
 * customer must not be applied here (404, nothing written).
 */

const KEY = "sk_test_attack_sync";
let standin: StripeStandin;
let stripe: Stripe;
let r: ConsoleRolesEnv;
let sync: Handler;

beforeAll(async () => {
  standin = await startStripeStandin({ apiKey: KEY });
  stripe = new Stripe(KEY, standin.clientConfig());
  process.env.STRIPE_SECRET_KEY = KEY;
  process.env.STRIPE_API_BASE = standin.url;
  r = await setUpConsoleRoles("billattacksync", { members: [] });
  const { syncStripeCatalogue } = await import("@/lib/billing/stripe-sync");
  await syncStripeCatalogue(stripe, r.env.admin);
  sync = (await import("@/app/api/billing/sync/route")).POST as unknown as Handler;
}, 120_000);

afterAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_API_BASE;
  await r?.env.close();
  await standin?.close();
});

it("refuses a session naming this tenant but paid by another tenant's customer", async () => {
  const maple = r.env.tenants["maple-dental"].id;
  const dupont = r.env.tenants["cabinet-dupont"].id;
  const theirs = (await stripe.customers.create({ metadata: { tenant_id: maple } })).id;
  const mine = (await stripe.customers.create({ metadata: { tenant_id: dupont } })).id;
  await r.env.admin.query(`UPDATE tenants SET stripe_customer_id = $2 WHERE id = $1`, [maple, theirs]);
  await r.env.admin.query(`UPDATE tenants SET stripe_customer_id = $2, status = 'trial', plan = 'starter' WHERE id = $1`, [dupont, mine]);
  const price = (await r.env.admin.query<{ id: string }>(`SELECT stripe_price_id AS id FROM plan_prices WHERE lookup_key = 'business_month_eur'`)).rows[0]!.id;
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: theirs,
    client_reference_id: dupont,
    line_items: [{ price, quantity: 1 }],
    success_url: "http://localhost:3000/billing",
  });
  standin.completeCheckout(session.id);
  const before = await r.env.admin.query(`SELECT status, plan, stripe_customer_id FROM tenants ORDER BY id`);
  const res = await r.send("dupont", sync, "POST", { body: { sessionId: session.id } });
  expect(res.status, res.text).toBe(404);
  expect(res.json.error?.field).toBe("sessionId");
  expect((await r.env.admin.query(`SELECT status, plan, stripe_customer_id FROM tenants ORDER BY id`)).rows).toEqual(before.rows);
  expect((await r.env.admin.query(`SELECT count(*)::int AS n FROM subscriptions`)).rows[0].n).toBe(0);
});

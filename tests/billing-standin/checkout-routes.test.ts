import Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";
import { startStripeStandin, type StripeStandin } from "../support/stripe-standin";

/*
 * The Billing routes through their real handlers and the real stripe
 * package, against the Stripe stand-in: a Swiss tenant's owner subscribes to
 * Pro yearly in CHF through Checkout (customer created once, tenant id as the
 * client reference, address and tax id collected, back to its own
 * subdomain), changes plan in place with proration, opens the portal; admins
 * read, others are refused; bad input writes nothing; without a key the
 * routes say billing is not configured.
 */

const KEY = "sk_test_checkoutroutes";
let standin: StripeStandin;
let stripe: Stripe;
let r: ConsoleRolesEnv;
const routes: Record<string, Record<string, Handler>> = {};
let dupont = "";

beforeAll(async () => {
  standin = await startStripeStandin({ apiKey: KEY });
  stripe = new Stripe(KEY, standin.clientConfig());
  for (const [plan, monthly] of [["pro", 14900], ["business", 38900]] as const) {
    const product = await stripe.products.create({ name: plan, metadata: { plan } });
    for (const interval of ["month", "year"] as const) {
      await stripe.prices.create({ product: product.id, currency: "chf", unit_amount: interval === "year" ? monthly * 10 : monthly, recurring: { interval }, lookup_key: `${plan}_${interval}_chf` });
    }
  }
  process.env.STRIPE_SECRET_KEY = KEY;
  process.env.STRIPE_API_BASE = standin.url;
  r = await setUpConsoleRoles("billing-checkout", { members: ["admin", "staff"] });
  dupont = r.env.tenants["cabinet-dupont"].id;
  routes.checkout = (await import("@/app/api/billing/checkout/route")) as never;
  routes.portal = (await import("@/app/api/billing/portal/route")) as never;
  routes.sync = (await import("@/app/api/billing/sync/route")) as never;
  routes.status = (await import("@/app/api/billing/status/route")) as never;
}, 120_000);

afterAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_API_BASE;
  await r?.env.close();
  await standin?.close();
});

const checkout = (body: unknown, who: "dupont" | "owner" | "admin" | "staff" = "dupont") => r.send(who, routes.checkout!.POST!, "POST", { body });

it("sends a Swiss owner to Checkout for Pro yearly in CHF, creating the Stripe customer once", async () => {
  const first = await checkout({ plan: "pro", interval: "year" });
  expect(first.status, first.text).toBe(200);
  expect(first.json).toEqual({ kind: "redirect", url: expect.stringMatching(new RegExp(`^${standin.url}/c/pay/cs_test_`)) });
  const session = [...standin.state.checkoutSessions.values()].at(-1)!;
  expect(session).toMatchObject({
    mode: "subscription",
    client_reference_id: dupont,
    currency: "chf",
    amount_total: 149000,
    billing_address_collection: "required",
    tax_id_collection: { enabled: true, required: "never" },
  });
  expect(String(session.success_url)).toMatch(/^http:\/\/cabinet-dupont\.localhost(:\d+)?\/billing\/return\?session_id=\{CHECKOUT_SESSION_ID\}$/);
  const items = standin.state.checkoutLineItems.get(String(session.id))!;
  expect(standin.state.prices.get(items[0]!.price)?.lookup_key).toBe("pro_year_chf");

  const again = await checkout({ plan: "pro", interval: "year" });
  expect(again.status).toBe(200);
  expect(standin.state.customers.size).toBe(1);
  const [customer] = standin.state.customers.values();
  expect(customer!.metadata).toEqual({ tenant_id: dupont, tenant_slug: "cabinet-dupont" });
  const row = await r.env.admin.query("SELECT stripe_customer_id FROM tenants WHERE id = $1", [dupont]);
  expect(row.rows[0].stripe_customer_id).toBe(customer!.id);
});

it("refuses bad input naming the field, and other roles, writing nothing", async () => {
  const before = standin.state.checkoutSessions.size;
  const bad = await checkout({ plan: "custom", interval: "year" });
  expect(bad.status).toBe(400);
  expect(bad.json.error?.field).toBe("plan");
  expect((await checkout({ plan: "pro", interval: "week" })).json.error?.field).toBe("interval");
  expect((await checkout({ plan: "pro", interval: "year" }, "admin")).status).toBe(403);
  expect((await checkout({ plan: "pro", interval: "year" }, "staff")).status).toBe(403);
  expect(standin.state.checkoutSessions.size).toBe(before);
  expect((await r.send("admin", routes.status!.GET!, "GET")).status).toBe(200);
  expect((await r.send("staff", routes.status!.GET!, "GET")).status).toBe(403);
});

it("opens the Customer Portal returning to the tenant's Billing page", async () => {
  const res = await r.send("dupont", routes.portal!.POST!, "POST");
  expect(res.status, res.text).toBe(200);
  const portal = [...standin.state.portalSessions.values()].at(-1)!;
  expect(res.json.url).toBe(portal.url);
  expect(String(portal.return_url)).toMatch(/^http:\/\/cabinet-dupont\.localhost(:\d+)?\/billing$/);
  // maple-dental never subscribed: nothing to manage yet.
  expect((await r.send("owner", routes.portal!.POST!, "POST")).status).toBe(409);
});

it("syncs its own completed session and refuses another tenant's", async () => {
  const session = [...standin.state.checkoutSessions.values()].at(-1)!;
  const mine = await r.send("dupont", routes.sync!.POST!, "POST", { body: { sessionId: session.id } });
  expect(mine.status, mine.text).toBe(200);
  expect(mine.json).toEqual({ state: "pending" });
  standin.completeCheckout(String(session.id));
  const done = await r.send("dupont", routes.sync!.POST!, "POST", { body: { sessionId: session.id } });
  expect(done.json.state).toBe("applied");
  const tenant = await r.env.admin.query("SELECT status, plan FROM tenants WHERE id = $1", [dupont]);
  expect(tenant.rows[0]).toEqual({ status: "active", plan: "pro" });
  // The same read again changes nothing a newer event wrote; a repeat is harmless.
  expect((await r.send("dupont", routes.sync!.POST!, "POST", { body: { sessionId: session.id } })).json.state).toMatch(/applied|unchanged/);
  const theirs = await r.send("owner", routes.sync!.POST!, "POST", { body: { sessionId: session.id } });
  expect(theirs.status).toBe(404);
  expect((await r.send("dupont", routes.sync!.POST!, "POST", { body: { sessionId: "nope" } })).json.error?.field).toBe("sessionId");
});

it("changes an active subscription's plan in place, with proration", async () => {
  const subscription = [...standin.state.subscriptions.values()].at(-1)!;
  await r.env.admin.query(
    `INSERT INTO subscriptions (tenant_id, plan_code, status, stripe_customer_id, stripe_subscription_id, updated_at)
     VALUES ($1, 'pro', 'active', $2, $3, now()) ON CONFLICT (tenant_id, stripe_subscription_id) DO NOTHING`,
    [dupont, subscription.customer, subscription.id],
  );
  const sessions = standin.state.checkoutSessions.size;
  const res = await checkout({ plan: "business", interval: "year" });
  expect(res.status, res.text).toBe(200);
  expect(res.json).toEqual({ kind: "changed", plan: "business", interval: "year" });
  expect(standin.state.checkoutSessions.size).toBe(sessions);
  const update = standin.state.subscriptionUpdates.at(-1)!;
  expect(update.params.proration_behavior).toBe("create_prorations");
  const price = (subscription.items as { data: Array<{ price: { lookup_key: string } }> }).data[0]!.price;
  expect(price.lookup_key).toBe("business_year_chf");
  const tenant = await r.env.admin.query("SELECT plan FROM tenants WHERE id = $1", [dupont]);
  expect(tenant.rows[0].plan).toBe("business");
  expect((await checkout({ plan: "business", interval: "year" })).status).toBe(409);
});

it("says billing is not configured without STRIPE_SECRET_KEY", async () => {
  delete process.env.STRIPE_SECRET_KEY;
  try {
    const res = await checkout({ plan: "pro", interval: "month" });
    expect(res.status).toBe(503);
    expect(res.json.error?.code).toBe("billing_not_configured");
    expect((await r.send("dupont", routes.portal!.POST!, "POST")).json.error?.code).toBe("billing_not_configured");
  } finally {
    process.env.STRIPE_SECRET_KEY = KEY;
  }
});

import Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";
import { startStripeStandin, type StripeStandin } from "../support/stripe-standin";

/*
 * The Billing routes through their real handlers and the real stripe
 * package, against the Stripe stand-in: a Swiss tenant's owner subscribes to
 * Pro yearly in CHF through Checkout (customer created once, tenant id as the
 * client reference, address and tax id collected, back to its own
 * subdomain, Pro's metered overage prices alongside the flat one), changes
 * plan in place with proration (metered items follow the plan; Starter has
 * none), opens the portal; admins
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
  process.env.STRIPE_SECRET_KEY = KEY;
  process.env.STRIPE_API_BASE = standin.url;
  r = await setUpConsoleRoles("billing-checkout", { members: ["admin", "staff"] });
  dupont = r.env.tenants["cabinet-dupont"].id;
  // The catalogue as `npm run stripe:sync` makes it: products, flat prices, meters, metered prices.
  const { syncStripeCatalogue } = await import("@/lib/billing/stripe-sync");
  await syncStripeCatalogue(stripe, r.env.admin);
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

type Item = { price: { lookup_key: string; recurring: { usage_type: string } } };
const itemsOf = (subscription: Record<string, unknown>) => (subscription.items as { data: Item[] }).data;
const itemKeys = (subscription: Record<string, unknown>) => itemsOf(subscription).map((i) => i.price.lookup_key).sort();
const flatItem = (subscription: Record<string, unknown>) => itemsOf(subscription).find((i) => i.price.recurring.usage_type !== "metered")!.price;

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
  const lineItems = items.map((i) => ({ key: standin.state.prices.get(i.price)?.lookup_key, quantity: i.quantity }));
  // The flat yearly price once, and both metered monthly overage prices without a quantity (Stripe refuses one).
  expect(lineItems).toEqual([
    { key: "pro_year_chf", quantity: 1 },
    { key: "pro_overage_call_minute_chf", quantity: null },
    { key: "pro_overage_conversation_chf", quantity: null },
  ]);
  const meters = [...standin.state.meters.values()];
  for (const item of items.slice(1)) {
    const recurring = standin.state.prices.get(item.price)!.recurring as { interval: string; usage_type: string; meter: string };
    expect(recurring).toMatchObject({ interval: "month", usage_type: "metered" });
    expect(meters.find((m) => m.id === recurring.meter)?.status).toBe("active");
  }
  expect(standin.state.checkoutSubscriptionData.get(String(session.id))).toMatchObject({ billing_mode: { type: "flexible" } });

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
  // The flat item changed price in place, and so did each metered item (same meter, Business's price): nothing removed.
  expect(itemKeys(subscription)).toEqual(["business_overage_call_minute_chf", "business_overage_conversation_chf", "business_year_chf"]);
  const changes = update.params.items as Array<Record<string, string>>;
  expect(changes).toHaveLength(3);
  expect(changes.every((c) => c.id && c.price && !c.deleted)).toBe(true);
  expect(flatItem(subscription).lookup_key).toBe("business_year_chf");
  const tenant = await r.env.admin.query("SELECT plan FROM tenants WHERE id = $1", [dupont]);
  expect(tenant.rows[0].plan).toBe("business");
  const row = await r.env.admin.query("SELECT plan_code, stripe_price_id, unknown_price_id FROM subscriptions WHERE stripe_subscription_id = $1", [subscription.id]);
  expect(row.rows[0]).toMatchObject({ plan_code: "business", unknown_price_id: null });
  expect((await checkout({ plan: "business", interval: "year" })).status).toBe(409);
});

it("a change down to Starter removes the metered items: Starter has no overage", async () => {
  const subscription = [...standin.state.subscriptions.values()].at(-1)!;
  const res = await checkout({ plan: "starter", interval: "year" });
  expect(res.status, res.text).toBe(200);
  expect(res.json).toEqual({ kind: "changed", plan: "starter", interval: "year" });
  expect(itemKeys(subscription)).toEqual(["starter_year_chf"]);
  const update = standin.state.subscriptionUpdates.at(-1)!;
  expect((update.params.items as Array<Record<string, string>>).filter((i) => i.deleted === "true")).toHaveLength(2);
  const tenant = await r.env.admin.query("SELECT plan FROM tenants WHERE id = $1", [dupont]);
  expect(tenant.rows[0].plan).toBe("starter");
  // And back up to Pro monthly: the flat item moves, Pro's metered items come back.
  expect((await checkout({ plan: "pro", interval: "month" })).status).toBe(200);
  expect(itemKeys(subscription)).toEqual(["pro_month_chf", "pro_overage_call_minute_chf", "pro_overage_conversation_chf"]);
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

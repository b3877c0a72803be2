import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import Stripe from "stripe";
import { setUpBillingTest, subscribe, WEBHOOK_SECRET, type BillingTestEnv } from "./billing-test-env";

/*
 * Attacks on billing from outside: valid, signed Stripe events that name one
 * tenant while their customer belongs to another. The stored customer is
 * authoritative; such an event is acknowledged (200, so Stripe does not retry
 * it forever) and writes nothing anywhere.
 */

let env: BillingTestEnv;
type Json = Record<string, unknown>;

beforeAll(async () => {
  env = await setUpBillingTest("billattack");
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const tenant = (slug: "cabinet-dupont" | "salon-amel" | "maple-dental") => env.tenants[slug].id;

async function billingState() {
  const tenants = await env.admin.query(`SELECT id, status, plan, stripe_customer_id, past_due_since FROM tenants ORDER BY id`);
  const subs = await env.admin.query(`SELECT tenant_id, stripe_subscription_id, status, plan_code FROM subscriptions ORDER BY tenant_id, stripe_subscription_id`);
  const events = await env.admin.query(`SELECT tenant_id, id, state FROM stripe_events ORDER BY tenant_id, id`);
  return { tenants: tenants.rows, subs: subs.rows, events: events.rows };
}

const tenantRow = async (id: string) =>
  (await env.admin.query(`SELECT status, plan, stripe_customer_id, past_due_since FROM tenants WHERE id = $1`, [id])).rows[0];
const subscriptionsOf = async (id: string) =>
  (await env.admin.query(`SELECT stripe_subscription_id, status FROM subscriptions WHERE tenant_id = $1 ORDER BY 1`, [id])).rows;

describe("cross-tenant Stripe events", () => {
  it("routes a checkout whose client_reference_id names another tenant to its customer's tenant: no 500, nothing on the named one", async () => {
    const a = tenant("cabinet-dupont");
    const b = tenant("salon-amel");
    await env.admin.query(`UPDATE tenants SET status = 'trial', plan = 'starter', stripe_customer_id = NULL WHERE id = ANY($1)`, [[a, b]]);
    const outcome = await subscribe(env, a, "business_month_eur");
    const bBefore = [await tenantRow(b), await subscriptionsOf(b)];
    // B not yet billed: before the fix, A's subscription was written onto B and storing A's customer on B failed (500, retried forever).
    const forged = env.standin.event("checkout.session.completed", { ...(outcome.session as Json), client_reference_id: b, metadata: { tenant_id: b } });
    const res = await env.deliver(forged);
    expect(res.status).toBe(200);
    expect([await tenantRow(b), await subscriptionsOf(b)]).toEqual(bBefore);
    expect(await tenantRow(a)).toMatchObject({ status: "active", plan: "business" });
  });

  it("ignores checkout, subscription and invoice events naming a tenant that is billed under a different customer", async () => {
    const b = tenant("maple-dental");
    await env.admin.query(`UPDATE tenants SET status = 'active', plan = 'starter', stripe_customer_id = 'cus_maple_own' WHERE id = $1`, [b]);
    const fresh = (await env.stripe.customers.create({})).id;
    const session = await env.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: fresh,
      client_reference_id: b,
      line_items: [{ price: await env.priceId("business_month_cad"), quantity: 1 }],
      subscription_data: { metadata: { tenant_id: b } },
      success_url: "http://localhost:3000/billing",
    });
    const outcome = env.standin.completeCheckout(session.id);
    const sub = outcome.subscription as Json;
    const before = await billingState();
    const events = [
      ...outcome.events,
      env.standin.event("customer.subscription.updated", { ...sub, status: "past_due" }),
      env.standin.event("customer.subscription.deleted", { ...sub, status: "canceled" }),
      env.standin.event("invoice.payment_failed", { id: "in_forged", object: "invoice", customer: fresh, created: 1, metadata: { tenant_id: b } }),
    ];
    for (const event of events) {
      const res = await env.deliver(event);
      expect(res.status, String(event.type)).toBe(200);
      expect(await res.json(), String(event.type)).toMatchObject({ received: true, ignored: expect.any(String) });
    }
    expect(await billingState()).toEqual(before);
  });

  it("applies an event to its customer's tenant even when its metadata names another", async () => {
    const a = tenant("cabinet-dupont");
    const b = tenant("salon-amel");
    await env.admin.query(`UPDATE tenants SET status = 'active', plan = 'starter', past_due_since = NULL WHERE id = ANY($1)`, [[a, b]]);
    const customer = (await tenantRow(a)).stripe_customer_id as string;
    const bBefore = await tenantRow(b);
    const res = await env.deliver(
      env.standin.event("invoice.payment_failed", { id: "in_cross", object: "invoice", customer, created: 1, parent: { subscription_details: { subscription: null, metadata: { tenant_id: b } } } }),
    );
    expect(res.status).toBe(200);
    expect(await tenantRow(b)).toEqual(bBefore);
    expect(await tenantRow(a)).toMatchObject({ status: "past_due" });
  });
});

describe("creation limits through every path", () => {
  it("20 concurrent acceptances of invitations sent on a larger plan admit exactly the seats left", async () => {
    const { hashInvitationToken } = await import("@/lib/auth/team");
    const { POST } = await import("@/app/api/auth/invitations/accept/route");
    const t = env.tenants["salon-amel"];
    // Sent during a trial on Pro; the workspace has since moved to Starter (5 seats).
    await env.admin.query(`UPDATE tenants SET plan = 'starter', status = 'active' WHERE id = $1`, [t.id]);
    const members = async () => (await env.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1`, [t.id])).rows[0]!.n;
    const before = await members();
    const owner = (await env.admin.query<{ id: string }>(`SELECT user_id AS id FROM memberships WHERE tenant_id = $1 LIMIT 1`, [t.id])).rows[0]!.id;
    const tokens = Array.from({ length: 20 }, (_, i) => `attack-seat-token-${String(i).padStart(4, "0")}-xxxxxxxx`);
    for (const [i, token] of tokens.entries()) {
      await env.admin.query(
        `INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by_id, expires_at, created_at)
         VALUES ($1, gen_random_uuid(), $2, 'staff', $3, $4, now() + interval '7 days', now())`,
        [t.id, `seat${i}@attack.test`, hashInvitationToken(token), owner],
      );
    }
    const accept = (token: string, i: number) =>
      POST(
        new NextRequest("http://localhost:3000/api/auth/invitations/accept", {
          method: "POST",
          headers: { "content-type": "application/json", host: "localhost:3000", origin: "http://localhost:3000" },
          body: JSON.stringify({ slug: t.slug, token, name: `Seat ${i}`, password: "correct horse battery staple 42" }),
        }),
      );
    const results = await Promise.all(tokens.map(accept));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(Math.max(0, 5 - before));
    expect(statuses.filter((s) => s !== 200).every((s) => s === 403)).toBe(true);
    const refused = (await results.find((r) => r.status === 403)!.json()) as { error: { code: string; limit: string } };
    expect(refused.error).toMatchObject({ code: "plan_limit_exceeded", limit: "seats" });
    expect(await members()).toBe(Math.max(before, 5));
  }, 120_000);
});

describe("hostile webhook bodies", () => {
  const post = async (body: string, headers: Record<string, string>) => {
    const { POST } = await import("@/app/api/webhooks/stripe/route");
    return POST(new Request("http://localhost:3000/api/webhooks/stripe", { method: "POST", headers, body }));
  };
  const signed = (payload: string) => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) });
    return { "content-type": "application/json", "stripe-signature": header };
  };

  it("answers 4xx JSON, writes nothing and never 5xx for huge, deep, NUL-laden, non-JSON or wrongly typed bodies, signed or not", async () => {
    const before = await billingState();
    const customer = (await tenantRow(tenant("cabinet-dupont"))).stripe_customer_id as string;
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const nul = JSON.stringify(env.standin.event("invoice.payment_failed", { id: "in_nul\u0000", object: "invoice", customer, created: 1 }));
    const nulCustomer = JSON.stringify(env.standin.event("invoice.paid", { id: "in_nul2", object: "invoice", customer: "cus_\u0000x", created: 1 }));
    const nulId = JSON.stringify({ ...env.standin.event("invoice.paid", { id: "in_nul3", object: "invoice", customer, created: 1 }), id: "evt_\u0000" });
    const huge = JSON.stringify({ ...env.standin.event("invoice.paid", { id: "in_big", object: "invoice", customer, created: 1 }), pad: "x".repeat(3_000_000) });
    const cases: Array<[string, string, Record<string, string>]> = [
      ["huge", huge, signed(huge)],
      ["deep", deep, signed(deep)],
      ["NUL in an object", nul, signed(nul)],
      ["NUL in the customer", nulCustomer, signed(nulCustomer)],
      ["NUL in the event id", nulId, signed(nulId)],
      ["not JSON", "{not json", signed("{not json")],
      ["text/plain", nul, { ...signed(nul), "content-type": "text/plain" }],
      ["form", "a=b", { ...signed("a=b"), "content-type": "application/x-www-form-urlencoded" }],
      ["an array", "[]", signed("[]")],
    ];
    for (const [name, body, headers] of cases) {
      const res = await post(body, headers);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      const json = (await res.json()) as { error?: { code: string; message: string } };
      expect(json.error?.message, name).toBeTruthy();
      expect(JSON.stringify(json), name).not.toContain(WEBHOOK_SECRET);
    }
    expect(await billingState()).toEqual(before);
  });
});

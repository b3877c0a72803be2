import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAccess, type PlatformAccess } from "@/lib/db/platform-db";
import { loadOverview } from "@/lib/platform/queries";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { addConversation, addCounter, addSubscription, addTenant, addUsageEvent } from "./platform-fixtures";

/*
 * The overview's figures, each checked against hand-counted expectations and
 * against SQL written differently from the query under test (local dates
 * compared as text rather than instant ranges). Also the durable webhook
 * failure count, written by the real webhook routes.
 */

let db: TestDatabase;
let admin: pg.Client;
let platform: PlatformAccess;
const actor = { userId: "00000000-0000-4000-8000-0000000000cc" };
// 00:30 on the 16th in Paris, 18:30 on the 15th in Toronto.
const NOW = new Date("2026-12-15T23:30:00Z");
const at = (iso: string) => new Date(iso);
let P: string;
let TOR: string;

beforeAll(async () => {
  db = await createTestDatabase("platover");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  process.env.DATABASE_URL = db.adminUrl;
  platform = createPlatformAccess({ url: db.platformUrl, max: 2 });
  P = await addTenant(admin, { slug: "paris", plan: "pro", region: "FR" });
  TOR = await addTenant(admin, { slug: "toronto", plan: "business", region: "CA", timezone: "America/Toronto" });
  for (const iso of ["2026-12-15T23:10:00Z", "2026-12-15T22:50:00Z", "2026-11-30T23:30:00Z", "2026-11-30T22:30:00Z"]) await addConversation(admin, P, "web", at(iso));
  for (const iso of ["2026-12-15T06:00:00Z", "2026-12-15T04:00:00Z", "2026-12-01T03:00:00Z", "2026-12-01T06:00:00Z"]) await addConversation(admin, TOR, "voice", at(iso));
  await addUsageEvent(admin, P, "call_second", 61, at("2026-12-15T23:20:00Z")); // today in Paris: 2 min
  await addUsageEvent(admin, P, "call_second", 600, at("2026-12-15T20:00:00Z")); // this month: 10
  await addUsageEvent(admin, TOR, "call_second", 1, at("2026-12-15T18:00:00Z")); // today in Toronto: 1
  await addUsageEvent(admin, TOR, "call_second", 3600, at("2026-12-01T04:00:00Z")); // November 30th in Toronto: none
  await addUsageEvent(admin, TOR, "inbound_message", 1, at("2026-12-15T18:00:00Z")); // not minutes

  const t = async (slug: string, spec: Parameters<typeof addTenant>[1] = { slug }) => addTenant(admin, { ...spec, slug });
  const subs: Array<[string, Parameters<typeof addSubscription>[2], Partial<Parameters<typeof addTenant>[1]>]> = [
    ["s-pro-eur-m", { plan: "pro", status: "active", interval: "month", currency: "eur" }, { status: "active" }],
    ["s-bus-eur-y", { plan: "business", status: "active", interval: "year", currency: "eur" }, { status: "active", plan: "business" }],
    ["s-sta-eur-pd", { plan: "starter", status: "past_due", interval: "month", currency: "eur" }, { status: "past_due" }],
    ["s-pro-chf-y", { plan: "pro", status: "active", interval: "year", currency: "chf" }, { region: "CH", status: "active" }],
    ["s-bus-chf-m", { plan: "business", status: "active", interval: "month", currency: "chf" }, { region: "CH", status: "active", plan: "business" }],
    ["s-pro-cad-m", { plan: "pro", status: "active", interval: "month", currency: "cad" }, { region: "CA", status: "active" }],
    ["s-trial", { plan: "pro", status: "trialing", interval: "month", currency: "eur" }, { status: "trial" }],
    ["s-cancel", { plan: "pro", status: "canceled", interval: "month", currency: "eur" }, { status: "cancelled" }],
    ["s-custom", { plan: "custom", status: "active", interval: "month", currency: "eur" }, { status: "active", plan: "custom" }],
    ["s-nointerval", { plan: "pro", status: "active", interval: null, currency: "eur" }, { status: "active" }],
  ];
  for (const [slug, sub, spec] of subs) await addSubscription(admin, await t(slug, { slug, plan: "pro", ...spec }), sub);

  // Near the limit: pro allows 1500 conversations and 1500 call minutes; starter 300 conversations.
  const near = async (slug: string, plan: string, metric: "conversations" | "call_minutes", used: number, period = "2026-12", timezone?: string) =>
    addCounter(admin, await addTenant(admin, { slug, plan, timezone }), period, metric, used, plan);
  await near("n-below", "pro", "conversations", 1199); // 79.9 %
  await near("n-at", "pro", "call_minutes", 1200); // 80 %
  await near("n-over", "starter", "conversations", 330); // 110 %
  await near("n-last-month", "starter", "conversations", 300, "2026-11");
  await near("n-toronto", "starter", "conversations", 270, "2026-12", "America/Toronto"); // 90 %
}, 60_000);

afterAll(async () => {
  await platform?.close();
  const { closeAppDatabases } = await import("@/lib/db");
  await closeAppDatabases();
  await admin?.end();
  await db?.drop();
});

const overview = (now = NOW) => platform.withPlatformAccess(actor, { action: "overview.view" }, (p) => loadOverview(p, now));

describe("tenants", () => {
  it("counts tenants by status, plan and region as GROUP BY does", async () => {
    const o = await overview();
    const grouped = async (col: string) =>
      Object.fromEntries((await admin.query(`SELECT ${col}::text AS k, count(*)::int AS n FROM tenants GROUP BY 1`)).rows.map((r) => [r.k, r.n]));
    expect(o.tenantsByStatus).toEqual(await grouped("status"));
    expect(o.tenantsByPlan).toEqual(await grouped("plan"));
    expect(o.tenantsByRegion).toEqual(await grouped("region"));
    expect(o.totalTenants).toBe(Number((await admin.query(`SELECT count(*) FROM tenants`)).rows[0].count));
    expect(o.tenantsByRegion.CH).toBe(2);
  });
});

describe("MRR", () => {
  it("sums billing subscriptions per currency, a yearly price counting a twelfth, never adding currencies together", async () => {
    const { mrr } = await overview();
    expect(mrr.byCurrency).toEqual([
      { currency: "cad", mrrCents: 21900, subscriptions: 1 },
      // 149000 / 12 + 38900 = 51316.67
      { currency: "chf", mrrCents: 51317, subscriptions: 2 },
      // 14900 + 399000 / 12 + 4900
      { currency: "eur", mrrCents: 53050, subscriptions: 3 },
    ]);
    expect(mrr.unpriced).toBe(2);
  });
});

describe("activity", () => {
  it("counts conversations and call minutes today and this month in each tenant's own day and month", async () => {
    const { activity } = await overview();
    expect(activity).toEqual({ conversationsToday: 2, conversationsMonth: 6, callMinutesToday: 3, callMinutesMonth: 13 });
    const independent = await admin.query(
      `SELECT
         (SELECT count(*)::int FROM conversations c JOIN tenants t ON t.id = c.tenant_id
           WHERE to_char(c.started_at AT TIME ZONE t.timezone, 'YYYY-MM-DD') = to_char($1::timestamptz AT TIME ZONE t.timezone, 'YYYY-MM-DD')) AS conv_today,
         (SELECT count(*)::int FROM conversations c JOIN tenants t ON t.id = c.tenant_id
           WHERE to_char(c.started_at AT TIME ZONE t.timezone, 'YYYY-MM') = to_char($1::timestamptz AT TIME ZONE t.timezone, 'YYYY-MM')) AS conv_month,
         (SELECT COALESCE(sum((e.quantity + 59) / 60), 0)::int FROM usage_events e JOIN tenants t ON t.id = e.tenant_id
           WHERE e.metric = 'call_second' AND to_char(e.occurred_at AT TIME ZONE t.timezone, 'YYYY-MM-DD') = to_char($1::timestamptz AT TIME ZONE t.timezone, 'YYYY-MM-DD')) AS min_today,
         (SELECT COALESCE(sum((e.quantity + 59) / 60), 0)::int FROM usage_events e JOIN tenants t ON t.id = e.tenant_id
           WHERE e.metric = 'call_second' AND to_char(e.occurred_at AT TIME ZONE t.timezone, 'YYYY-MM') = to_char($1::timestamptz AT TIME ZONE t.timezone, 'YYYY-MM')) AS min_month`,
      [NOW],
    );
    const r = independent.rows[0];
    expect(activity).toEqual({ conversationsToday: r.conv_today, conversationsMonth: r.conv_month, callMinutesToday: r.min_today, callMinutesMonth: r.min_month });
  });
});

describe("near the limit", () => {
  it("lists tenants at 80 % or more of a monthly quota in their current month, highest first", async () => {
    const { nearLimit } = await overview();
    expect(nearLimit.top.map((t) => [t.slug, t.percent])).toEqual([
      ["n-over", 110],
      ["n-toronto", 90],
      ["n-at", 80],
    ]);
    expect(nearLimit.count).toBe(3);
    // On January 1st at 03:00 UTC, Toronto is still in December; the others have a fresh month.
    const ny = await overview(new Date("2027-01-01T03:00:00Z"));
    expect(ny.nearLimit.top.map((t) => t.slug)).toEqual(["n-toronto"]);
  });
});

describe("webhook failures", () => {
  it("counts the error answers of the real webhook routes per provider, durably, and leaves successes out", async () => {
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_overview_test";
    const { POST: stripe } = await import("@/app/api/webhooks/stripe/route");
    const { POST: vapi } = await import("@/app/api/webhooks/vapi/route");
    const { webhookFailuresWritten } = await import("@/lib/channels/webhook-failures");
    const post = (url: string, body: string, headers: Record<string, string> = {}) =>
      new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const unsigned = await stripe(post("http://localhost:3000/api/webhooks/stripe", JSON.stringify({ id: "evt_1" })));
    const forged = await stripe(post("http://localhost:3000/api/webhooks/stripe", JSON.stringify({ id: "evt_2" }), { "stripe-signature": "t=1,v1=00" }));
    expect([unsigned.status, forged.status]).toEqual([400, 400]);
    const message = { message: { type: "assistant-request", phoneNumber: { number: "+33 1 99 99 99 99" } } };
    const unrouted = await vapi(post("http://localhost:3000/api/webhooks/vapi", JSON.stringify(message)) as never);
    expect(unrouted.status).toBe(404);
    await webhookFailuresWritten();
    const stored = await admin.query(`SELECT provider, outcome, count FROM webhook_failures ORDER BY provider, outcome`);
    expect(stored.rows).toEqual([
      { provider: "stripe", outcome: "rejected", count: 2 },
      { provider: "vapi", outcome: "unrouted", count: 1 },
    ]);
    const { webhookFailures } = await overview(new Date());
    expect(webhookFailures.byProvider.map((p) => [p.provider, p.total])).toEqual([
      ["stripe", 2],
      ["vapi", 1],
      ["twilio", 0],
    ]);
    expect(webhookFailures.byProvider[0]!.byOutcome).toEqual({ rejected: 2 });
  });

  it("adds failures up per hour and keeps only the last 24 hours in the overview", async () => {
    const { recordWebhookAnswer, webhookFailuresWritten } = await import("@/lib/channels/webhook-failures");
    const base = at("2026-10-01T10:15:00Z");
    for (let i = 0; i < 25; i++) recordWebhookAnswer("twilio", 403, new Date(base.getTime() + i * 1000));
    recordWebhookAnswer("twilio", 500, at("2026-10-01T11:00:00Z"));
    recordWebhookAnswer("twilio", 500, at("2026-09-30T10:59:00Z"));
    recordWebhookAnswer("twilio", 200, at("2026-10-01T11:00:00Z"));
    recordWebhookAnswer("twilio", 204, at("2026-10-01T11:00:00Z"));
    await webhookFailuresWritten();
    const rows = await admin.query(`SELECT outcome, hour, count FROM webhook_failures WHERE provider = 'twilio' ORDER BY hour, outcome`);
    expect(rows.rows.map((r) => [r.outcome, (r.hour as Date).toISOString(), r.count])).toEqual([
      ["failed", "2026-09-30T10:00:00.000Z", 1],
      ["unauthenticated", "2026-10-01T10:00:00.000Z", 25],
      ["failed", "2026-10-01T11:00:00.000Z", 1],
    ]);
    const twilio = (await overview(at("2026-10-02T10:20:00Z"))).webhookFailures.byProvider.find((p) => p.provider === "twilio")!;
    expect(twilio.total).toBe(26);
    expect(twilio.byOutcome).toEqual({ unauthenticated: 25, failed: 1 });
    expect(twilio.lastAt?.toISOString()).toBe("2026-10-01T11:00:00.000Z");
  });

  it("is out of the app role's reach except through the recording function, and append-only for the platform role", async () => {
    const app = new pg.Client({ connectionString: db.appUrl });
    const plat = new pg.Client({ connectionString: db.platformUrl });
    await app.connect();
    await plat.connect();
    try {
      const code = async (c: pg.Client, sql: string) => ((await c.query(sql).catch((e: unknown) => e)) as { code?: string }).code;
      expect(await code(app, `SELECT * FROM webhook_failures`)).toBe("42501");
      expect(await code(app, `INSERT INTO webhook_failures (provider, outcome, hour, count, last_at) VALUES ('vapi', 'failed', date_trunc('hour', now()), 1, now())`)).toBe("42501");
      expect(await code(app, `SELECT record_webhook_failure('vapi', 'failed', 1, now())`)).toBeUndefined();
      expect(await code(app, `SELECT record_webhook_failure('mailgun', 'failed', 1, now())`)).toBe("23514");
      expect(await code(plat, `DELETE FROM webhook_failures`)).toBe("42501");
      expect(await code(plat, `UPDATE webhook_failures SET count = 0`)).toBe("42501");
    } finally {
      await app.end();
      await plat.end();
    }
  });
});

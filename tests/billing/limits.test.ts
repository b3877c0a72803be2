import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv } from "../support/console-roles-env";

/*
 * The plan's limits, through the real routes: the monthly conversation quota
 * counted atomically (concurrent new conversations cannot overshoot, open
 * ones finish), Pro's hard ceiling at 200%, and creation refused with 403
 * plan_limit_exceeded naming the limit and the plan that allows more.
 */

let roles: ConsoleRolesEnv;
const env = () => roles.env;
const maple = () => env().tenants["maple-dental"];
const amel = () => env().tenants["salon-amel"];
// The month in each tenant's own time zone, as the counter reads it.
const periods = new Map<string, string>();
const periodOf = (tenantId: string) => periods.get(tenantId)!;

beforeAll(async () => {
  // Every request of the race is let in at once, so the counter alone decides.
  process.env.CHANNEL_TENANT_CONCURRENCY = "40";
  roles = await setUpConsoleRoles("limits", { members: [] });
  const { monthBounds } = await import("@/lib/usage");
  const zones = await roles.env.admin.query<{ id: string; timezone: string }>(`SELECT id, timezone FROM tenants`);
  for (const t of zones.rows) periods.set(t.id, monthBounds(new Date(), t.timezone).month);
}, 120_000);

afterAll(async () => {
  await roles?.env.close();
});

async function chat(key: string, body: Record<string, unknown>) {
  const { POST } = await import("@/app/api/v1/chat/route");
  const res = await POST(new Request("http://localhost:3000/api/v1/chat", { method: "POST", headers: { "content-type": "application/json", "x-tenant-key": key }, body: JSON.stringify(body) }));
  return { status: res.status, body: (await res.json()) as { conversationId: string | null; reply: string } };
}

async function counter(tenantId: string, used: number, included: number, ceiling: number, plan: string) {
  await env().admin.query(
    `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code) VALUES ($1, $2, 'conversations', $3, $4, $5, $6)
     ON CONFLICT (tenant_id, period, metric) DO UPDATE SET used = $3, included = $4, ceiling = $5, plan_code = $6`,
    [tenantId, periodOf(tenantId), used, included, ceiling, plan],
  );
}

const usedOf = async (tenantId: string) =>
  (await env().admin.query(`SELECT used FROM usage_counters WHERE tenant_id = $1 AND period = $2 AND metric = 'conversations'`, [tenantId, periodOf(tenantId)])).rows[0].used as number;
const conversationsOf = async (tenantId: string) =>
  (await env().admin.query(`SELECT count(*)::int AS n FROM conversations WHERE tenant_id = $1`, [tenantId])).rows[0].n as number;

describe("monthly conversations", () => {
  it("20 concurrent new conversations against the last 5 of a Starter quota: exactly 5 admitted, the rest answered politely", async () => {
    await env().admin.query(`UPDATE tenants SET plan = 'starter' WHERE id = $1`, [amel().id]);
    const open = await chat(amel().widgetKey, { message: "Bonjour, je voudrais un rendez-vous" });
    expect(open.body.conversationId).not.toBeNull();
    await counter(amel().id, 295, 300, 300, "starter");
    const before = await conversationsOf(amel().id);

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => chat(amel().widgetKey, { message: `Bonjour, question ${i}`, locale: "fr" })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const admitted = results.filter((r) => r.body.conversationId !== null);
    const refused = results.filter((r) => r.body.conversationId === null);
    expect(admitted).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(r.body.reply).toMatch(/Salon Amel ne peut pas répondre en ligne.*Appelez-nous au \+213/);
    expect(await usedOf(amel().id)).toBe(300);
    expect(await conversationsOf(amel().id)).toBe(before + 5);

    // A conversation already open may finish.
    const more = await chat(amel().widgetKey, { conversationId: open.body.conversationId, message: "Demain matin si possible" });
    expect(more.body.conversationId).toBe(open.body.conversationId);
    expect(await usedOf(amel().id)).toBe(300);
    // Starting at 295 (98%), only the 100% alert was crossed, once.
    const notices = await env().admin.query(`SELECT level FROM billing_notices WHERE tenant_id = $1 AND kind = 'usage_alert' ORDER BY level`, [amel().id]);
    expect(notices.rows).toEqual([{ level: 100 }]);
  });

  it("Pro goes over its allowance, metered, up to the hard ceiling at 200%", async () => {
    await counter(maple().id, 2998, 1500, 3000, "pro");
    const ok = [await chat(maple().widgetKey, { message: "Hello", locale: "en" }), await chat(maple().widgetKey, { message: "Hello", locale: "en" })];
    expect(ok.every((r) => r.body.conversationId !== null)).toBe(true);
    const over = await chat(maple().widgetKey, { message: "Hello", locale: "en" });
    expect(over.body.conversationId).toBeNull();
    expect(over.body.reply).toMatch(/Maple Dental cannot answer online right now\. Please call us on \+1/);
    const meter = await env().admin.query(`SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1 AND meter_event_name = 'frontdesk_overage_conversations'`, [maple().id]);
    expect(meter.rows[0].n).toBe(2);
  });

  it("a call over the month's minutes goes to the business's number; a repeated assistant-request counts the call once", async () => {
    const { POST } = await import("@/app/api/webhooks/vapi/route");
    const ask = async (callId: string) => {
      const body = { message: { type: "assistant-request", call: { id: callId }, phoneNumber: { number: maple().voiceNumber }, customer: { number: "+14165550999" } } };
      const res = await POST(new Request("http://127.0.0.1:3000/api/webhooks/vapi", { method: "POST", headers: { "content-type": "application/json", "x-vapi-secret": maple().vapiSecret }, body: JSON.stringify(body) }));
      return (await res.json()) as Record<string, unknown>;
    };
    await counter(maple().id, 10, 1500, 3000, "pro");
    const before = await usedOf(maple().id);
    expect(await ask("call-once")).toHaveProperty("assistant");
    expect(await ask("call-once")).toHaveProperty("assistant");
    expect(await usedOf(maple().id)).toBe(before + 1);
    await env().admin.query(
      `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code) VALUES ($1, $2, 'call_minutes', 3000, 1500, 3000, 'pro')`,
      [maple().id, periodOf(maple().id)],
    );
    const transferred = await ask("call-over");
    expect(transferred).toEqual({ destination: { type: "number", number: "+14165550100", message: expect.stringMatching(/Maple Dental/) } });
    expect(await usedOf(maple().id)).toBe(before + 1);
  });

  it("counts under real concurrency in the database: 50 transactions for 7 places admit 7", async () => {
    const { countUsage } = await import("@/lib/billing/usage-counter");
    const { inTenantTransaction } = await import("@/lib/db/tenant-transaction");
    const { tenantDb } = await import("@/lib/db");
    const { runAsTenant } = await import("@/lib/tenancy");
    const id = env().tenants["cabinet-dupont"].id;
    await counter(id, 93, 100, 100, "starter");
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        runAsTenant(id, () =>
          inTenantTransaction(tenantDb().pool, [], async (tx) => ({
            closing: [],
            value: await countUsage(tx, { tenantId: id, period: periodOf(id), metric: "conversations", quantity: 1, included: 100, ceiling: 100, planCode: "starter", overageKey: `race-${i}`, meterEventName: null, enforce: true }),
          })),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.admitted)).toHaveLength(7);
    expect(await usedOf(id)).toBe(100);
  });
});

describe("creation limits", () => {
  const routes = {
    "settings/channels/widget-keys": () => import("@/app/api/settings/channels/widget-keys/route"),
    "settings/channels/numbers": () => import("@/app/api/settings/channels/numbers/route"),
    "team/invitations": () => import("@/app/api/team/invitations/route"),
  };
  const post = async (path: keyof typeof routes, body: unknown) => {
    const { POST } = (await routes[path]()) as unknown as { POST: Parameters<ConsoleRolesEnv["send"]>[1] };
    return roles.send("owner", POST, "POST", { body });
  };

  beforeAll(async () => {
    await env().admin.query(`UPDATE tenants SET plan = 'starter' WHERE id = $1`, [maple().id]);
  });

  it("a widget key over the limit: 403 naming the limit and the plan that allows more", async () => {
    expect((await post("settings/channels/widget-keys", { label: "second", allowedOrigins: [] })).status).toBe(201);
    const refused = await post("settings/channels/widget-keys", { label: "third", allowedOrigins: [] });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "plan_limit_exceeded", limit: "widgetKeys", plan: "starter", upgradeTo: "pro" });
    expect(refused.json.error?.message).toMatch(/Starter plan allows 2 widget keys\. The Pro plan allows more/);
  });

  it("a routed number over the limit, and a channel the plan lacks: 403, nothing stored", async () => {
    const before = (await env().admin.query(`SELECT count(*)::int AS n FROM channel_routes WHERE tenant_id = $1`, [maple().id])).rows[0].n;
    const number = await post("settings/channels/numbers", { channel: "whatsapp", number: "+14165550177", label: "second" });
    expect(number.status).toBe(403);
    expect(number.json.error).toMatchObject({ code: "plan_limit_exceeded", limit: "routedNumbers", upgradeTo: "pro" });
    const voice = await post("settings/channels/numbers", { channel: "voice", number: "+14165550178", label: "line" });
    expect(voice.status).toBe(403);
    expect(voice.json.error).toMatchObject({ code: "plan_limit_exceeded", limit: "channels", upgradeTo: "pro" });
    expect(voice.json.error?.message).toMatch(/not phone calls/);
    expect((await env().admin.query(`SELECT count(*)::int AS n FROM channel_routes WHERE tenant_id = $1`, [maple().id])).rows[0].n).toBe(before);
  });

  it("seats count members and pending invitations; re-inviting the same address takes no new seat", async () => {
    const invite = (email: string) => post("team/invitations", { email, role: "staff" });
    // The owner holds one of Starter's 5 seats.
    for (const n of [1, 2, 3, 4]) expect((await invite(`person${n}@limits.test`)).status).toBe(201);
    expect((await invite("person4@limits.test")).status).toBe(201);
    const refused = await invite("person5@limits.test");
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "plan_limit_exceeded", limit: "seats", plan: "starter", upgradeTo: "pro" });
    await env().admin.query(`UPDATE tenants SET plan = 'pro' WHERE id = $1`, [maple().id]);
    expect((await invite("person5@limits.test")).status).toBe(201);
  });
});

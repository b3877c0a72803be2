import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { JobRunner } from "@/lib/jobs";
import { PUBLIC_URL } from "../channels/channel-test-env";
import { DAY, setUpBillingTest, subscribe, type BillingTestEnv } from "./billing-test-env";

/*
 * One workspace's billing life, the clock driven by the test: sign-up (trial)
 * → checkout completed → Pro active → 80% of the month's conversations (one
 * alert) → 100% → overage reported to the Stripe meter (unique identifiers)
 * → payment failed (banner, day-0 email) → day 3 → day 7 (configuration
 * locked, the receptionist still answers) → day 14 suspended (web chat and
 * WhatsApp answer politely with the business's number, the phone transfers
 * to it) → invoice paid → active again. Real routes, real PostgreSQL, the
 * real job runner (pg-boss), Stripe's HTTP API stood in at the edge.
 */

let env: BillingTestEnv;
let runner: JobRunner;
let tenantId: string;
let slug: string;
let cookie: string;
let subscriptionId: string;
const widget = { key: "", hash: "", prefix: "" };
const WHATSAPP = "+41215550101";
const VOICE = "+41215550102";
const BUSINESS_PHONE = "+41215550199";
const VAPI_SECRET = `vapi-${randomBytes(8).toString("hex")}`;
const TWILIO_TOKEN = randomBytes(16).toString("hex");
const OWNER = { email: "owner@lifecycle.test", password: "a long enough passphrase" };

beforeAll(async () => {
  env = await setUpBillingTest("lifecycle");
  const jobs = await import("@/lib/jobs");
  await import("@/lib/jobs/all-jobs");
  runner = jobs.createJobRunner({ clock: { now: () => env.clock.date() }, queueUrl: env.db.adminUrl });
}, 120_000);

afterAll(async () => {
  await runner?.stop(2_000);
  await env?.close();
});

async function tenant() {
  return (await env.admin.query(`SELECT status, plan, trial_ends_at, past_due_since, config_locked_at, suspended_at FROM tenants WHERE id = $1`, [tenantId])).rows[0];
}
const emails = async () =>
  (await env.admin.query<{ subject: string }>(`SELECT subject FROM email_outbox WHERE tenant_id = $1 AND kind = 'billing' ORDER BY created_at`, [tenantId])).rows.map((r) => r.subject);

async function chat(message: string) {
  const { POST } = await import("@/app/api/v1/chat/route");
  const res = await POST(
    new Request("http://localhost:3000/api/v1/chat", { method: "POST", headers: { "content-type": "application/json", "x-tenant-key": widget.key }, body: JSON.stringify({ message, locale: "en" }) }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { conversationId: string | null; reply: string };
}

async function whatsapp(body: string) {
  const { POST } = await import("@/app/api/webhooks/whatsapp/route");
  const sid = "SM" + randomBytes(16).toString("hex");
  const params = { MessageSid: sid, SmsMessageSid: sid, AccountSid: "AC" + randomBytes(16).toString("hex"), From: `whatsapp:+41795550000`, To: `whatsapp:${WHATSAPP}`, Body: body, NumMedia: "0" };
  const signature = getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}/api/webhooks/whatsapp`, params);
  const res = await POST(
    new Request("http://127.0.0.1:3000/api/webhooks/whatsapp", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() }),
  );
  expect(res.status).toBe(200);
  return res.text();
}

async function assistantRequest() {
  const { POST } = await import("@/app/api/webhooks/vapi/route");
  const body = { message: { type: "assistant-request", timestamp: Date.now(), call: { id: randomUUID() }, phoneNumber: { number: VOICE }, customer: { number: "+41795550001" } } };
  const res = await POST(new Request("http://127.0.0.1:3000/api/webhooks/vapi", { method: "POST", headers: { "content-type": "application/json", "x-vapi-secret": VAPI_SECRET }, body: JSON.stringify(body) }));
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function newWidgetKey() {
  const { POST } = await import("@/app/api/settings/channels/widget-keys/route");
  const request = new NextRequest(`http://${slug}.localhost:3000/api/settings/channels/widget-keys`, {
    method: "POST",
    headers: { host: `${slug}.localhost:3000`, cookie, "content-type": "application/json" },
    body: JSON.stringify({ label: "Second site", allowedOrigins: [] }),
  });
  const res = await POST(request, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

async function setCounter(used: number) {
  const { monthBounds } = await import("@/lib/usage");
  const period = monthBounds(new Date(), "Europe/Zurich").month;
  await env.admin.query(
    `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code) VALUES ($1, $2, 'conversations', $3, 1500, 3000, 'pro')
     ON CONFLICT (tenant_id, period, metric) DO UPDATE SET used = $3`,
    [tenantId, period, used],
  );
}

it("1. sign-up starts a 14-day trial without a card", async () => {
  const { signUp } = await import("@/lib/auth/sign-up");
  slug = `life-${randomBytes(3).toString("hex")}`;
  const created = await signUp(
    { businessName: "Cabinet Lifecycle", slug, region: "CH", timezone: "Europe/Zurich", language: "en", name: "Olivia Owner", ...OWNER },
    { ip: "203.0.113.7", requestId: "req-life", userAgent: "vitest" },
    env.clock.date(),
  );
  tenantId = created.tenantId;
  const row = await tenant();
  expect(row).toMatchObject({ status: "trial", plan: "pro" });
  expect(row.trial_ends_at.getTime() - env.clock.now()).toBe(14 * DAY);

  // Its channels, as the console would have connected them, and the number callers are given.
  const { generateWidgetKey } = await import("@/lib/channels/widget-key");
  Object.assign(widget, generateWidgetKey());
  await env.admin.query(
    `INSERT INTO channel_routes (tenant_id, channel, key, key_prefix, label) VALUES ($1, 'web', $2, $3, 'site'), ($1, 'whatsapp', $4, NULL, 'wa'), ($1, 'voice', $5, NULL, 'line')`,
    [tenantId, widget.hash, widget.prefix, WHATSAPP, VOICE],
  );
  await env.admin.query(`UPDATE business_profiles SET transfer_phone = $2 WHERE tenant_id = $1`, [tenantId, BUSINESS_PHONE]);
  const { tenantSecrets } = await import("@/lib/secrets");
  const { runAsTenant } = await import("@/lib/tenancy");
  await runAsTenant(tenantId, async () => {
    await tenantSecrets().save("vapi", "webhook_secret", VAPI_SECRET);
    await tenantSecrets().save("twilio", "auth_token", TWILIO_TOKEN);
  });

  const { signInWithPassword } = await import("@/lib/auth/sign-in");
  const { handoffUrl, redeemHandoff } = await import("@/lib/auth/session-handoff");
  const { encodeSessionToken, sessionCookieName } = await import("@/lib/auth/session-token");
  const apex = await signInWithPassword(OWNER, { ip: "203.0.113.7", requestId: "req-life", userAgent: "vitest" });
  const url = await handoffUrl({ sessionId: apex.sid, tenantId, slug, headers: new Headers({ host: "localhost:3000" }) });
  const claims = (await redeemHandoff(new URL(url!).searchParams.get("ticket")!, tenantId))!.claims;
  cookie = `${sessionCookieName()}=${await encodeSessionToken(claims)}`;

  const { billingBanners } = await import("@/lib/billing/banner");
  const { tenantDb } = await import("@/lib/db");
  expect(await runAsTenant(tenantId, () => billingBanners(tenantDb(), env.clock.date()))).toEqual([
    { kind: "trial", endsAt: row.trial_ends_at.toISOString(), daysLeft: 14 },
  ]);
  // A Pro trial: the phone receptionist answers (Starter has no voice channel).
  expect(await assistantRequest()).toHaveProperty("assistant");
});

it("2. checkout completed → Pro, active", async () => {
  env.clock.advance(2 * DAY);
  const outcome = await subscribe(env, tenantId, "pro_month_chf");
  subscriptionId = String(outcome.subscription.id);
  for (const event of outcome.events) expect((await env.deliver(event)).status).toBe(200);
  expect(await tenant()).toMatchObject({ status: "active", plan: "pro" });
  expect((await chat("Hello, what are your opening hours?")).conversationId).not.toBeNull();
});

it("3. 80% of the month's conversations: one alert email and one banner", async () => {
  await setCounter(1198);
  await chat("Hello, I would like an appointment");
  await chat("Hello, do you take new patients?");
  await chat("Hello again");
  await runner.runDue();
  const alerts = (await emails()).filter((s) => s.includes("80%"));
  expect(alerts).toEqual(["Cabinet Lifecycle: 80% of this month's conversations used"]);
  const notices = await env.admin.query(`SELECT level FROM billing_notices WHERE tenant_id = $1 AND kind = 'usage_alert'`, [tenantId]);
  expect(notices.rows).toEqual([{ level: 80 }]);
});

it("4. 100%, then overage on Pro: answered, each unit reported to the meter once with a unique identifier", async () => {
  await setCounter(1499);
  await chat("Hello, last one included");
  // The alert email leaves after the response; the hourly sweep delivers whatever is pending.
  env.clock.advance(3600_000);
  await runner.runDue();
  expect((await emails()).filter((s) => s.includes("100%"))).toHaveLength(1);
  for (let i = 0; i < 3; i++) expect((await chat(`Hello, over the plan ${i}`)).conversationId).not.toBeNull();
  const over = await env.admin.query<{ idempotency_key: string }>(
    `SELECT idempotency_key FROM usage_events WHERE tenant_id = $1 AND meter_event_name = 'frontdesk_overage_conversations' ORDER BY occurred_at`,
    [tenantId],
  );
  expect(over.rows).toHaveLength(3);
  env.clock.advance(3600_000);
  await runner.runDue();
  env.clock.advance(3600_000);
  await runner.runDue();
  const customer = (await env.admin.query(`SELECT stripe_customer_id AS c FROM tenants WHERE id = $1`, [tenantId])).rows[0].c as string;
  const meter = env.standin.state.meterEvents.filter((e) => (e.payload as { stripe_customer_id: string }).stripe_customer_id === customer);
  expect(meter.map((e) => e.identifier).sort()).toEqual(over.rows.map((r) => r.idempotency_key).sort());
  expect(new Set(meter.map((e) => e.identifier)).size).toBe(3);
  expect((await env.admin.query(`SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1 AND meter_event_name IS NOT NULL AND meter_reported_at IS NULL`, [tenantId])).rows[0].n).toBe(0);
  // Each event reached the active meter of its name, with that meter's customer and value keys: it becomes a charge.
  const meters = [...env.standin.state.meters.values()].filter((m) => m.status === "active");
  for (const event of meter) {
    const target = meters.find((m) => m.event_name === event.event_name)!;
    expect(target, String(event.event_name)).toBeDefined();
    expect(event.payload).toEqual({ stripe_customer_id: customer, value: "1" });
    expect(target).toMatchObject({ customer_mapping: { event_payload_key: "stripe_customer_id" }, value_settings: { event_payload_key: "value" } });
  }
  // The subscription carries Pro's metered overage price on that meter, so the units are invoiced.
  const items = (env.standin.state.subscriptions.get(subscriptionId)!.items as { data: Array<{ price: { recurring: { usage_type: string; meter: string | null } } }> }).data;
  const conversationsMeter = meters.find((m) => m.event_name === "frontdesk_overage_conversations")!;
  expect(items.some((i) => i.price.recurring.usage_type === "metered" && i.price.recurring.meter === conversationsMeter.id)).toBe(true);

  // A report repeated after a crash (sent, not marked): Stripe refuses the identifier, the row is only marked again.
  const first = over.rows[0]!.idempotency_key;
  await env.admin.query(`UPDATE usage_events SET meter_reported_at = NULL WHERE tenant_id = $1 AND idempotency_key = $2`, [tenantId, first]);
  const { reportMeterUsage } = await import("@/lib/billing/meter-report");
  const { runAsTenant } = await import("@/lib/tenancy");
  expect(await runAsTenant(tenantId, () => reportMeterUsage(env.stripe, env.clock.date()))).toBe(1);
  expect(env.standin.state.meterEvents.filter((e) => e.identifier === first)).toHaveLength(1);
  expect((await env.admin.query(`SELECT count(*)::int AS n FROM usage_events WHERE tenant_id = $1 AND meter_event_name IS NOT NULL AND meter_reported_at IS NULL`, [tenantId])).rows[0].n).toBe(0);
});

it("5. payment failed → past_due, day-0 email, banner", async () => {
  env.clock.advance(DAY);
  const failed = env.standin.invoiceEvent(subscriptionId, "invoice.payment_failed").event;
  expect((await env.deliver(failed)).status).toBe(200);
  expect(await tenant()).toMatchObject({ status: "past_due", config_locked_at: null });
  expect((await emails()).filter((s) => s.includes("did not go through"))).toHaveLength(1);
  const { billingBanners } = await import("@/lib/billing/banner");
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  const banners = await runAsTenant(tenantId, () => billingBanners(tenantDb(), env.clock.date()));
  expect(banners[0]).toMatchObject({ kind: "past_due", day: 0, configLocked: false });
});

it("6. day 3: a reminder; day 7: configuration locked, the receptionist keeps answering", async () => {
  env.clock.advance(3 * DAY);
  await runner.runDue();
  expect((await emails()).filter((s) => s.includes("did not go through"))).toHaveLength(2);
  expect((await newWidgetKey()).status).toBe(201);

  env.clock.advance(4 * DAY);
  await runner.runDue();
  await runner.runDue();
  expect((await emails()).filter((s) => s.includes("did not go through"))).toHaveLength(3);
  expect((await tenant()).config_locked_at).not.toBeNull();
  const refused = await newWidgetKey();
  expect(refused.status).toBe(403);
  expect(refused.body.error?.code).toBe("configuration_locked");
  expect((await chat("Hello, are you open tomorrow?")).conversationId).not.toBeNull();
});

it("7. day 14: suspended; callers are never dropped", async () => {
  env.clock.advance(7 * DAY);
  await runner.runDue();
  expect(await tenant()).toMatchObject({ status: "suspended" });
  expect((await emails()).filter((s) => s.includes("suspended"))).toHaveLength(1);

  const web = await chat("Hello, I need an appointment");
  expect(web.conversationId).toBeNull();
  expect(web.reply).toContain(BUSINESS_PHONE);
  expect(await whatsapp("Bonjour, je voudrais un rendez-vous")).toContain(BUSINESS_PHONE);
  const voice = await assistantRequest();
  expect(voice).toEqual({ destination: { type: "number", number: BUSINESS_PHONE, message: expect.stringContaining("Cabinet Lifecycle") } });
  expect((await newWidgetKey()).body.error?.code).toBe("workspace_suspended");
});

it("8. invoice paid → active again, everything back", async () => {
  env.clock.advance(DAY);
  expect((await env.deliver(env.standin.invoiceEvent(subscriptionId, "invoice.paid").event)).status).toBe(200);
  expect(await tenant()).toMatchObject({ status: "active", past_due_since: null, config_locked_at: null, suspended_at: null });
  expect((await chat("Hello, back again")).conversationId).not.toBeNull();
  expect(await assistantRequest()).toHaveProperty("assistant");
  // Nothing is sent twice when the jobs run again.
  const before = await emails();
  env.clock.advance(3600_000);
  await runner.runDue();
  expect(await emails()).toEqual(before);
});

import { randomBytes } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { JobRunner } from "@/lib/jobs";
import { PUBLIC_URL } from "../channels/channel-test-env";
import { DAY, subscribe } from "../billing/billing-test-env";
import { setUpPlatformActions, type PlatformActionsEnv } from "./platform-actions-env";

/*
 * A suspension by Frontdesk support, as the owner and the callers live it:
 * the reason on the console banner, in Activity and in the read-only refusal;
 * WhatsApp answered politely with the business's number at once (the channel
 * caches follow the tenant's config version); Stripe's webhooks and the
 * lifecycle jobs cannot lift it, and what they decide meanwhile applies when
 * support reactivates. A billing suspension stays billing's to lift.
 */

let env: PlatformActionsEnv;
let runner: JobRunner;
let tenantId: string;
let subscriptionId: string;
const REASON = "Chargeback fraud reported by the bank, ticket 8812";
// The polite reply's words (lib/billing/polite-reply.ts, French: the sender writes in French).
const POLITE = "ne peut pas répondre en ligne pour le moment";

beforeAll(async () => {
  env = await setUpPlatformActions("psuspend");
  const jobs = await import("@/lib/jobs");
  await import("@/lib/jobs/all-jobs");
  runner = jobs.createJobRunner({ clock: { now: () => env.clock.date() }, queueUrl: env.db.adminUrl });
  tenantId = env.tenants["salon-amel"].id;
}, 120_000);

afterAll(async () => {
  await runner?.stop(2_000);
  await env?.close();
});

const amel = () => env.tenants["salon-amel"];
const row = async () =>
  (await env.admin.query(`SELECT status::text, support_resume_status::text AS resume, suspended_at, past_due_since FROM tenants WHERE id = $1`, [tenantId])).rows[0];

async function whatsapp(body: string): Promise<string> {
  const { POST } = await import("@/app/api/webhooks/whatsapp/route");
  const sid = "SM" + randomBytes(16).toString("hex");
  const params = { MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, AccountSid: amel().twilioAccountSid, From: "whatsapp:+41795550000", To: `whatsapp:${amel().whatsappNumber}`, Body: body, NumMedia: "0" };
  const signature = getExpectedTwilioSignature(amel().twilioToken, `${PUBLIC_URL}/api/webhooks/whatsapp`, params);
  const res = await POST(
    new Request("http://127.0.0.1:3000/api/webhooks/whatsapp", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() }),
  );
  expect(res.status).toBe(200);
  return res.text();
}

const inTenant = async <T>(fn: (db: import("@/lib/db").TenantDb) => Promise<T>) => {
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  return runAsTenant(tenantId, () => fn(tenantDb()));
};

it("a paying tenant answers on WhatsApp before anything happens", async () => {
  const outcome = await subscribe(env, tenantId, "pro_month_chf");
  subscriptionId = String(outcome.subscription.id);
  for (const event of outcome.events) expect((await env.deliver(event)).status).toBe(200);
  expect(await row()).toMatchObject({ status: "active" });
  expect(await whatsapp("Bonjour, quels sont vos horaires ?")).not.toContain(POLITE);
});

it("suspended by support: callers get the polite reply at once; the owner sees the reason everywhere", async () => {
  await env.act(tenantId, "suspend", { reason: `  ${REASON} ` }, env.clock.date());
  expect(await row()).toMatchObject({ status: "suspended", resume: "active" });

  expect(await whatsapp("Bonjour, je voudrais un rendez-vous")).toContain(POLITE);

  const { billingBannerView } = await import("@/lib/billing/banner");
  const view = await inTenant((db) => billingBannerView(db, env.clock.date()));
  expect(view.banners[0]).toEqual({ kind: "support_suspended", since: expect.any(String), reason: REASON });

  const { assertConsoleWritable } = await import("@/lib/billing/console-guard");
  const refusal = await inTenant((db) => assertConsoleWritable(db, "settings.manage").then(() => null, (e: unknown) => e));
  expect(refusal).toMatchObject({ code: "workspace_suspended", message: expect.stringContaining(REASON) });

  const { listTenantActivity } = await import("@/lib/audit");
  const page = await inTenant((db) => listTenantActivity(db, { action: "tenant" }, { locale: "en", timeZone: "Europe/Zurich" }));
  expect(page.items[0]).toMatchObject({ summary: `Frontdesk support suspended this workspace: ${REASON}`, actor: { kind: "platform_admin" } });
});

it("Stripe's webhooks and the lifecycle jobs cannot lift it; what they decide waits for the reactivation", async () => {
  env.clock.advance(DAY);
  expect((await env.deliver(env.standin.invoiceEvent(subscriptionId, "invoice.payment_failed").event)).status).toBe(200);
  expect(await row()).toMatchObject({ status: "suspended", resume: "past_due", past_due_since: expect.any(Date) });
  env.clock.advance(DAY);
  expect((await env.deliver(env.standin.invoiceEvent(subscriptionId, "invoice.paid").event)).status).toBe(200);
  expect(await row()).toMatchObject({ status: "suspended", resume: "active", past_due_since: null });
  env.clock.advance(20 * DAY);
  await runner.runDue();
  expect(await row()).toMatchObject({ status: "suspended", resume: "active" });
  expect(await whatsapp("Toujours fermé ?")).toContain(POLITE);
});

it("the app role cannot lift it, even on its own tenant row", async () => {
  const error = await inTenant((db) => db.$executeRaw`UPDATE tenants SET status = 'active', support_suspended_at = NULL, support_suspension_reason = NULL, support_resume_status = NULL`.then(() => null, (e: unknown) => e));
  expect(String((error as { message?: string })?.message ?? error)).toMatch(/platform only|42501/);
  expect(await row()).toMatchObject({ status: "suspended" });
});

it("reactivated by support: back to what billing says, callers served again", async () => {
  await env.act(tenantId, "reactivate", { reason: "Bank confirmed the payment is genuine" }, env.clock.date());
  expect(await row()).toMatchObject({ status: "active", resume: null, suspended_at: null });
  expect(await whatsapp("Bonjour, encore moi")).not.toContain(POLITE);
  const { billingBannerView } = await import("@/lib/billing/banner");
  expect((await inTenant((db) => billingBannerView(db, env.clock.date()))).banners.filter((b) => b.kind.includes("suspended"))).toEqual([]);
});

it("over a billing suspension: support's reactivation leaves the billing suspension in place", async () => {
  const t = await env.makeTenant("billsusp", { status: "suspended", trialEndsAt: new Date(Date.now() - 3 * DAY) });
  const suspendedAt = new Date(Date.now() - 3 * DAY);
  await env.admin.query(`UPDATE tenants SET suspended_at = $2 WHERE id = $1`, [t.id, suspendedAt]);
  await env.act(t.id, "suspend", { reason: "Abusive messages to callers" });
  await env.act(t.id, "reactivate", { reason: "Owner apologised, warned" });
  const r = (await env.admin.query(`SELECT status::text, suspended_at FROM tenants WHERE id = $1`, [t.id])).rows[0];
  expect(r).toEqual({ status: "suspended", suspended_at: suspendedAt });
});

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * A trial runs with Pro's limits (the phone receptionist included) and is
 * shown as a "14-day Pro trial"; with no subscription to bill overage to, it
 * refuses new conversations at 100% instead of metering up to 200%.
 */

let env: ChannelTestEnv;
let tenantId: string;

beforeAll(async () => {
  env = await setUpChannelTest("trial");
  const { signUp } = await import("@/lib/auth/sign-up");
  const created = await signUp(
    {
      businessName: "Cabinet Essai",
      slug: `essai-${randomBytes(3).toString("hex")}`,
      region: "FR",
      timezone: "Europe/Paris",
      language: "fr",
      name: "Odile Owner",
      email: `odile-${randomBytes(3).toString("hex")}@example.test`,
      password: "a long enough passphrase 42",
    },
    { ip: "203.0.113.9", requestId: "req-trial", userAgent: "vitest" },
  );
  tenantId = created.tenantId;
});

afterAll(async () => {
  await env?.close();
});

async function inTenant<T>(fn: () => Promise<T>): Promise<T> {
  const { runAsTenant } = await import("@/lib/tenancy");
  return runAsTenant(tenantId, fn);
}

it("sign-up starts a trial on Pro, and Billing says so with Pro's limits, call minutes included", async () => {
  const row = (await env.admin.query(`SELECT status, plan FROM tenants WHERE id = $1`, [tenantId])).rows[0];
  expect(row).toEqual({ status: "trial", plan: "pro" });
  const { billingOverview } = await import("@/lib/billing/billing-overview");
  const { tenantDb } = await import("@/lib/db");
  const overview = await inTenant(() => billingOverview(tenantDb()));
  expect(overview).toMatchObject({ plan: { code: "pro", name: "Pro" }, status: "trial", trialDays: 14, trialDaysLeft: 14, overLimit: "refuse" });
  expect(overview.usage.map((u) => [u.metric, u.limit])).toEqual([
    ["conversations", 1500],
    ["call_minutes", 1500],
    ["model_tokens", 3000000],
    ["seats", 15],
    ["routed_numbers", 10],
    ["widget_keys", 10],
  ]);
  const { loadMonthlyUsage } = await import("@/lib/usage");
  const usage = await inTenant(() => loadMonthlyUsage(tenantDb()));
  expect(usage.plan.code).toBe("pro");
  expect(usage.lines.find((l) => l.key === "conversations")?.limit).toBe(1500);
});

it("enforcement reads Pro's allowance during the trial but refuses at 100% (no metering before a subscription)", async () => {
  const { channelBilling, tenantBillingOf } = await import("@/lib/billing/channel-billing");
  const { rows } = await env.admin.query(
    `SELECT t.status, t.trial_ends_at AS "trialEndsAt", t.config_locked_at AS "configLockedAt", t.plan, t.timezone, json_build_object('limits', p.limits) AS "planRef"
     FROM tenants t JOIN plans p ON p.code = t.plan WHERE t.id = $1`,
    [tenantId],
  );
  const row = rows[0];
  const billing = tenantBillingOf(row);
  expect(billing.limits).toMatchObject({ conversationsPerMonth: 1500, channels: ["web", "whatsapp", "voice"], overLimit: "refuse" });
  const { quotaOf } = await import("@/lib/billing/plan-catalogue");
  expect(quotaOf(billing.limits, "conversations")).toEqual({ included: 1500, ceiling: 1500 });
  expect(channelBilling({ id: tenantId, timezone: row.timezone }, billing, Date.now()).serving).toBe(true);
  // Once subscribed to Pro, the same plan meters up to its ceiling.
  expect(quotaOf(tenantBillingOf({ ...row, status: "active" }).limits, "conversations")).toEqual({ included: 1500, ceiling: 3000 });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import type { JobRunner } from "@/lib/jobs";
import { DAY, subscribe } from "../billing/billing-test-env";
import { setUpPlatformActions, type PlatformActionsEnv, type TestTenant } from "./platform-actions-env";

/*
 * A plan set by support until a date, on the job runner's clock: in force
 * at once for the limits, kept while Stripe changes the tenant's own plan
 * underneath (which then applies), and ended by the runner's per-minute job
 * when the date passes, not a minute before.
 */

let env: PlatformActionsEnv;
let runner: JobRunner;
let tenant: TestTenant;
let until: Date;

beforeAll(async () => {
  env = await setUpPlatformActions("poverride");
  const jobs = await import("@/lib/jobs");
  await import("@/lib/jobs/all-jobs");
  runner = jobs.createJobRunner({ clock: { now: () => env.clock.date() }, queueUrl: env.db.adminUrl });
  tenant = await env.makeTenant("ovr", { status: "active", trialEndsAt: null });
  await env.admin.query(`UPDATE tenants SET plan = 'starter' WHERE id = $1`, [tenant.id]);
}, 120_000);

afterAll(async () => {
  await runner?.stop(2_000);
  await env?.close();
});

const plan = async () => (await env.admin.query(`SELECT plan, plan_override_base AS base, plan_override_until AS until FROM tenants WHERE id = $1`, [tenant.id])).rows[0];

/** What the limits say about phone calls (Starter has none): the plan-limit resolution itself. */
async function voiceAllowed(): Promise<boolean | string> {
  const { assertChannelInPlan } = await import("@/lib/billing/plan-limits");
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  return runAsTenant(tenant.id, () => assertChannelInPlan(tenantDb(), "voice")).then(
    () => true,
    (e: { code?: string }) => e.code ?? "error",
  );
}

it("Starter refuses phone calls; the override to Business allows them at once", async () => {
  expect(await voiceAllowed()).toBe("plan_limit_exceeded");
  until = new Date(env.clock.now() + 3 * DAY);
  await env.act(tenant.id, "override-plan", { plan: "business", until: until.toISOString(), reason: "Pilot for the hospital group" }, env.clock.date());
  expect(await plan()).toEqual({ plan: "business", base: "starter", until });
  expect(await voiceAllowed()).toBe(true);
});

it("a subscription bought meanwhile changes the tenant's own plan, not the override", async () => {
  env.clock.advance(DAY);
  const outcome = await subscribe(env, tenant.id, "pro_month_eur");
  for (const event of outcome.events) expect((await env.deliver(event)).status).toBe(200);
  expect(await plan()).toEqual({ plan: "business", base: "pro", until });
});

it("a second override replaces the date and plan, keeping the tenant's own plan", async () => {
  until = new Date(env.clock.now() + 2 * DAY);
  await env.act(tenant.id, "override-plan", { plan: "custom", until: until.toISOString(), reason: "Custom limits while negotiating" }, env.clock.date());
  expect(await plan()).toEqual({ plan: "custom", base: "pro", until });
});

it("the runner ends it when its date has passed, not before; the tenant's own plan applies again", async () => {
  env.clock.set(until.getTime() - 60_000);
  await runner.runDue();
  expect((await plan()).plan).toBe("custom");
  env.clock.set(until.getTime() + 1);
  await runner.runDue();
  expect(await plan()).toEqual({ plan: "pro", base: null, until: null });
  expect(await voiceAllowed()).toBe(true);
  env.clock.advance(5 * 60_000);
  await runner.runDue();
  expect(await plan()).toEqual({ plan: "pro", base: null, until: null });
});

it("the app role may end a due override but never start or extend one", async () => {
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  const error = await runAsTenant(tenant.id, () =>
    tenantDb().$executeRaw`UPDATE tenants SET plan = 'business', plan_override_base = 'pro', plan_override_until = now() + interval '1 year'`.then(
      () => null,
      (e: unknown) => e,
    ),
  );
  expect(String((error as Error | null)?.message)).toMatch(/platform only/);
  expect((await plan()).plan).toBe("pro");
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpChannelTest, type ChannelTestEnv } from "../channels/channel-test-env";

/*
 * The lifecycle's timed steps one by one, each run twice to show it is
 * idempotent: a trial's reminder and end, a cancellation's warnings and the
 * deletion after 30 days (every tenant-owned row gone, the platform trail
 * keeping the record), and the usage sweep after a plan got smaller.
 */

let env: ChannelTestEnv;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  env = await setUpChannelTest("lifesteps");
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function inTenant<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const { runAsTenant } = await import("@/lib/tenancy");
  return runAsTenant(id, fn);
}

const notices = async (id: string) =>
  (await env.admin.query<{ notice_key: string; emailed_to: string | null }>(`SELECT notice_key, emailed_to FROM billing_notices WHERE tenant_id = $1 ORDER BY created_at`, [id])).rows;
const billingEmails = async (id: string) =>
  Number((await env.admin.query(`SELECT count(*) FROM email_outbox WHERE tenant_id = $1 AND kind = 'billing'`, [id])).rows[0].count);

describe("trial", () => {
  it("reminds 3 days before the end, once, then suspends at the end with one email", async () => {
    const { runTrialStep } = await import("@/lib/billing/lifecycle");
    const id = env.tenants["salon-amel"].id;
    const end = new Date("2031-05-20T10:00:00Z");
    await env.admin.query(`UPDATE tenants SET status = 'trial', trial_ends_at = $2 WHERE id = $1`, [id, end]);
    expect(await inTenant(id, () => runTrialStep(new Date(end.getTime() - 5 * DAY)))).toBe("none");
    expect(await inTenant(id, () => runTrialStep(new Date(end.getTime() - 2 * DAY)))).toBe("notified");
    expect(await inTenant(id, () => runTrialStep(new Date(end.getTime() - DAY)))).toBe("notified");
    expect(await billingEmails(id)).toBe(1);
    expect(await inTenant(id, () => runTrialStep(new Date(end.getTime() + 1000)))).toBe("suspended");
    expect(await inTenant(id, () => runTrialStep(new Date(end.getTime() + 2000)))).toBe("none");
    expect((await env.admin.query(`SELECT status FROM tenants WHERE id = $1`, [id])).rows[0].status).toBe("suspended");
    expect((await notices(id)).map((n) => n.notice_key.split(":")[0])).toEqual(["trial_will_end", "trial_ended"]);
    expect((await notices(id)).every((n) => n.emailed_to !== null)).toBe(true);
    expect(await billingEmails(id)).toBe(2);
  });

  it("an unpaid trial that ended is refused on the channels even before the job ran", async () => {
    const { standingOf } = await import("@/lib/billing/standing");
    const now = Date.parse("2031-01-01T00:00:00Z");
    expect(standingOf({ status: "trial", trialEndsAt: new Date(now - 1), configLockedAt: null }, now)).toEqual({ serving: false, reason: "trial_ended", configLocked: true });
    expect(standingOf({ status: "trial", trialEndsAt: new Date(now + 1), configLockedAt: null }, now)).toEqual({ serving: true, reason: null, configLocked: false });
    expect(standingOf({ status: "past_due", trialEndsAt: null, configLockedAt: new Date(now) }, now)).toEqual({ serving: true, reason: null, configLocked: true });
  });
});

describe("dunning steps", () => {
  it("counts whole days from the first failure", async () => {
    const { dunningStep } = await import("@/lib/billing/lifecycle");
    const since = new Date("2031-02-01T12:00:00Z");
    const at = (days: number, hours = 0) => new Date(since.getTime() + days * DAY + hours * 3600_000);
    expect([at(0), at(2, 23), at(3), at(6, 23), at(7), at(13, 23), at(14), at(40)].map((d) => dunningStep(since, d))).toEqual([0, 0, 3, 3, 7, 7, 14, 14]);
  });
});

describe("cancellation", () => {
  it("warns 7 days and 1 day before, then deletes the workspace through the deletion path, once", async () => {
    const { runCancellationStep } = await import("@/lib/billing/lifecycle");
    const id = env.tenants["cabinet-dupont"].id;
    const cancelled = new Date("2031-03-01T09:00:00Z");
    const due = new Date(cancelled.getTime() + 30 * DAY);
    await env.admin.query(`UPDATE tenants SET status = 'cancelled', cancelled_at = $2, data_deletion_due_at = $3 WHERE id = $1`, [id, cancelled, due]);
    expect(await inTenant(id, () => runCancellationStep(new Date(cancelled.getTime() + 10 * DAY)))).toBe("none");
    expect(await inTenant(id, () => runCancellationStep(new Date(due.getTime() - 6 * DAY)))).toBe("notified");
    expect(await inTenant(id, () => runCancellationStep(new Date(due.getTime() - 5 * DAY)))).toBe("notified");
    expect(await inTenant(id, () => runCancellationStep(new Date(due.getTime() - 12 * 3600_000)))).toBe("notified");
    expect((await notices(id)).map((n) => n.notice_key)).toEqual([
      `cancellation_warning:${due.getTime() / 1000}:7`,
      `cancellation_warning:${due.getTime() / 1000}:1`,
    ]);
    const subjects = (await env.admin.query<{ subject: string }>(`SELECT subject FROM email_outbox WHERE tenant_id = $1 AND kind = 'billing'`, [id])).rows.map((r) => r.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects.every((s) => /supprimées dans|deleted in/.test(s))).toBe(true);

    // Another tenant's context cannot delete this one.
    const other = env.tenants["maple-dental"].id;
    const { tenantDb } = await import("@/lib/db");
    await expect(inTenant(other, () => tenantDb().$queryRaw`SELECT tenant_delete_expired(${id}::uuid, ${new Date(due.getTime() + DAY)}::timestamptz)`)).rejects.toThrow();

    expect(await inTenant(id, () => runCancellationStep(new Date(due.getTime() + 1000)))).toBe("deleted");
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM tenants WHERE id = $1`, [id])).rows[0].n).toBe(0);
    for (const table of ["conversations", "channel_routes", "billing_notices", "email_outbox", "memberships"]) {
      expect((await env.admin.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [id])).rows[0].n, table).toBe(0);
    }
    const trail = await env.admin.query(`SELECT action, metadata FROM platform_audit_events WHERE target = $1`, [`tenant:${id}`]);
    expect(trail.rows).toHaveLength(1);
    expect(trail.rows[0]).toMatchObject({ action: "tenant.deleted", metadata: { reason: "cancelled_retention_elapsed", slug: "cabinet-dupont" } });
  });

  it("is not deleted before its date, nor when it was reactivated", async () => {
    const { tenantDb } = await import("@/lib/db");
    const id = env.tenants["maple-dental"].id;
    const due = new Date("2031-04-01T00:00:00Z");
    await env.admin.query(`UPDATE tenants SET status = 'cancelled', data_deletion_due_at = $2 WHERE id = $1`, [id, due]);
    const early = await inTenant(id, () => tenantDb().$queryRaw<Array<{ d: boolean }>>`SELECT tenant_delete_expired(${id}::uuid, ${new Date(due.getTime() - 1000)}::timestamptz) AS d`);
    expect(early[0]!.d).toBe(false);
    await env.admin.query(`UPDATE tenants SET status = 'active' WHERE id = $1`, [id]);
    const reactivated = await inTenant(id, () => tenantDb().$queryRaw<Array<{ d: boolean }>>`SELECT tenant_delete_expired(${id}::uuid, ${new Date(due.getTime() + DAY)}::timestamptz) AS d`);
    expect(reactivated[0]!.d).toBe(false);
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM tenants WHERE id = $1`, [id])).rows[0].n).toBe(1);
  });
});

describe("usage sweep", () => {
  it("opens the alerts a smaller plan crossed without a count, and emails them once", async () => {
    const { runUsageAlerts } = await import("@/lib/billing/lifecycle");
    const { monthBounds } = await import("@/lib/usage");
    const id = env.tenants["maple-dental"].id;
    const now = new Date();
    const period = monthBounds(now, "America/Toronto").month;
    await env.admin.query(
      `INSERT INTO usage_counters (tenant_id, period, metric, used, included, ceiling, plan_code) VALUES ($1, $2, 'conversations', 290, 300, 300, 'starter')`,
      [id, period],
    );
    expect(await inTenant(id, () => runUsageAlerts(now))).toBe(1);
    expect(await inTenant(id, () => runUsageAlerts(now))).toBe(0);
    const rows = await env.admin.query(`SELECT level FROM billing_notices WHERE tenant_id = $1 AND kind = 'usage_alert'`, [id]);
    expect(rows.rows).toEqual([{ level: 80 }]);
  });
});

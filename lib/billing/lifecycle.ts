import "server-only";
import { tenantDb } from "@/lib/db";
import { cellIsControlPlane, cellOf, cellsConfig, deleteExpiredTenant } from "@/lib/cells";
import { inTenantTransaction, type Statement } from "@/lib/db/tenant-transaction";
import { requireTenantId } from "@/lib/tenancy";
import { monthBounds } from "@/lib/usage";
import { deliverBillingNotices, openNoticeStatement, type NoticeInput } from "./notices";

/*
 * The lifecycle's time-driven steps, as plain functions of the current
 * tenant (call inside runAsTenant) and a clock reading, registered with the
 * job runner in jobs.ts. Each step is idempotent: it writes state that only
 * moves forward and notices whose keys make them once-only, then delivers
 * the notices' emails by claiming them, so a rerun or a second worker sends
 * nothing twice.
 *   trial:        3 days before the end, a reminder; at the end, suspended.
 *   past_due:     emails on days 0, 3 and 7; configuration locked on day 7;
 *                 suspended on day 14.
 *   cancelled:    warnings 7 days and 1 day before deletion; deleted after 30 days.
 */

export const DAY_MS = 24 * 3600 * 1000;
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

async function tenantNow() {
  return tenantDb().tenant.findFirst({
    select: { id: true, status: true, trialEndsAt: true, pastDueSince: true, dataDeletionDueAt: true, timezone: true },
  });
}

async function apply(statements: Statement[]): Promise<void> {
  if (statements.length) await inTenantTransaction(tenantDb().pool, statements, async () => ({ closing: [], value: undefined }));
}

const notice = (tenantId: string, n: NoticeInput) => openNoticeStatement(tenantId, n);

export type StepOutcome = "none" | "notified" | "locked" | "suspended" | "deleted";

export async function runTrialStep(now: Date): Promise<StepOutcome> {
  const t = await tenantNow();
  if (!t || t.status !== "trial" || !t.trialEndsAt) return "none";
  const end = epoch(t.trialEndsAt);
  if (t.trialEndsAt.getTime() <= now.getTime()) {
    // A trial over without a subscription behaves like a suspension until a plan is paid.
    await apply([
      { text: `UPDATE tenants SET status = 'suspended', suspended_at = $2 WHERE id = $1 AND status = 'trial' AND trial_ends_at <= $2`, values: [t.id, now] },
      notice(t.id, { key: `trial_ended:${end}`, kind: "trial_ended" }),
    ]);
    await deliverBillingNotices();
    return "suspended";
  }
  if (t.trialEndsAt.getTime() - now.getTime() > 3 * DAY_MS) return "none";
  await apply([notice(t.id, { key: `trial_will_end:trial:${end}`, kind: "trial_will_end" })]);
  await deliverBillingNotices();
  return "notified";
}

/** Which dunning step `now` is at, counted in whole days from the first failed payment. */
export function dunningStep(since: Date, now: Date): 0 | 3 | 7 | 14 {
  const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  return days >= 14 ? 14 : days >= 7 ? 7 : days >= 3 ? 3 : 0;
}

export async function runDunningStep(now: Date): Promise<StepOutcome> {
  const t = await tenantNow();
  if (!t || t.status !== "past_due" || !t.pastDueSince) return "none";
  const since = epoch(t.pastDueSince);
  const step = dunningStep(t.pastDueSince, now);
  const statements: Statement[] = [];
  if (step >= 7) {
    statements.push({ text: `UPDATE tenants SET config_locked_at = COALESCE(config_locked_at, $2) WHERE id = $1 AND status = 'past_due'`, values: [t.id, now] });
  }
  if (step === 14) {
    statements.push(
      { text: `UPDATE tenants SET status = 'suspended', suspended_at = $2 WHERE id = $1 AND status = 'past_due'`, values: [t.id, now] },
      notice(t.id, { key: `suspended:${since}`, kind: "suspended" }),
    );
  } else {
    statements.push(notice(t.id, { key: `dunning:${since}:${step}`, kind: "dunning", level: step }));
  }
  await apply(statements);
  await deliverBillingNotices();
  return step === 14 ? "suspended" : step === 7 ? "locked" : "notified";
}

export async function runCancellationStep(now: Date): Promise<StepOutcome> {
  const t = await tenantNow();
  if (!t || t.status !== "cancelled" || !t.dataDeletionDueAt) return "none";
  if (t.dataDeletionDueAt.getTime() <= now.getTime()) {
    // A tenant in a cell of its own is deleted in its cell and in the directory (lib/cells/tenant-removal).
    const cell = cellsConfig().routed ? await cellOf(t.id) : null;
    if (cell && !cellIsControlPlane(cell)) return (await deleteExpiredTenant(t.id, cell, now)) ? "deleted" : "none";
    // The existing workspace deletion, as the system: every tenant-owned row cascades, the platform trail keeps the record.
    const rows = await tenantDb().$queryRaw<Array<{ deleted: boolean }>>`SELECT tenant_delete_expired(${t.id}::uuid, ${now}::timestamptz) AS deleted`;
    return rows[0]?.deleted ? "deleted" : "none";
  }
  const daysLeft = Math.ceil((t.dataDeletionDueAt.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft > 7) return "none";
  const warn = daysLeft <= 1 ? 1 : 7;
  await apply([notice(t.id, { key: `cancellation_warning:${epoch(t.dataDeletionDueAt)}:${warn}`, kind: "cancellation_warning", level: warn })]);
  await deliverBillingNotices();
  return "notified";
}

/*
 * Usage alerts are opened by the count itself (usage-counter.ts); this sweep
 * catches what a count cannot: a plan changed to a smaller one mid-month, or
 * an email left undelivered by a crash after the count committed.
 */
export async function runUsageAlerts(now: Date): Promise<number> {
  const t = await tenantNow();
  if (!t) return 0;
  const period = monthBounds(now, t.timezone).month;
  await apply([
    {
      text: `INSERT INTO billing_notices (tenant_id, id, notice_key, kind, metric, period, level)
        SELECT c.tenant_id, gen_random_uuid(), 'usage:' || c.metric || ':' || c.period || ':' || l.level, 'usage_alert', c.metric, c.period, l.level
        FROM usage_counters c, (VALUES (80), (100)) AS l(level)
        WHERE c.tenant_id = $1 AND c.period = $2 AND c.included > 0 AND c.used >= ceil(c.included * l.level / 100.0)
        ON CONFLICT (tenant_id, notice_key) DO NOTHING`,
      values: [requireTenantId("runUsageAlerts"), period],
    },
  ]);
  return deliverBillingNotices();
}

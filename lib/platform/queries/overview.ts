import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";
import { acrossCells } from "./cell-fan-out";
import { loadMrr, type MrrSummary } from "./mrr";
import { currentUsageLateral, loadPlanQuotas } from "./plan-quotas";
import { SqlText, localPeriodSql } from "./sql-text";
import { loadWebhookFailures, type WebhookFailureSummary } from "./webhook-failures";

/*
 * The platform at a glance. "Today" and "this month" are each tenant's own
 * day and month in its time zone (what its owner and its bill see), summed.
 * Call minutes round each finished call up to the minute, as billing does.
 */

export const NEAR_LIMIT_PERCENT = 80;

export interface Overview {
  tenantsByStatus: Record<string, number>;
  tenantsByPlan: Record<string, number>;
  tenantsByRegion: Record<string, number>;
  totalTenants: number;
  mrr: MrrSummary;
  activity: { conversationsToday: number; conversationsMonth: number; callMinutesToday: number; callMinutesMonth: number };
  nearLimit: { count: number; top: Array<{ id: string; slug: string; name: string; percent: number }> };
  webhookFailures: WebhookFailureSummary;
}

const grouped = (rows: Array<{ _count: { _all: number } } & Record<string, unknown>>, key: string) =>
  Object.fromEntries(rows.map((r) => [String(r[key]), r._count._all]));

export async function loadOverview(db: PlatformDb, now: Date): Promise<Overview> {
  const [byStatus, byPlan, byRegion, mrr, activity, nearLimit, webhookFailures] = await Promise.all([
    db.tenant.groupBy({ by: ["status"], _count: { _all: true } }),
    db.tenant.groupBy({ by: ["plan"], _count: { _all: true } }),
    db.tenant.groupBy({ by: ["region"], _count: { _all: true } }),
    loadMrr(db),
    acrossCells(db, (cellDb) => loadActivity(cellDb, now)).then(sumActivity),
    acrossCells(db, (cellDb) => loadNearLimit(cellDb, now)).then(mergeNearLimit),
    loadWebhookFailures(db, now),
  ]);
  return {
    tenantsByStatus: grouped(byStatus, "status"),
    tenantsByPlan: grouped(byPlan, "plan"),
    tenantsByRegion: grouped(byRegion, "region"),
    totalTenants: byStatus.reduce((n, r) => n + r._count._all, 0),
    mrr,
    activity,
    nearLimit,
    webhookFailures,
  };
}

function sumActivity(parts: Array<Overview["activity"]>): Overview["activity"] {
  const sum = (k: keyof Overview["activity"]) => parts.reduce((n, p) => n + p[k], 0);
  return { conversationsToday: sum("conversationsToday"), conversationsMonth: sum("conversationsMonth"), callMinutesToday: sum("callMinutesToday"), callMinutesMonth: sum("callMinutesMonth") };
}

type NearLimitRow = { id: string; slug: string; name: string; percent: number };

function mergeNearLimit(parts: NearLimitRow[][]): Overview["nearLimit"] {
  // A tenant's usage is only in its own cell; elsewhere its copy (or directory row) shows none.
  const rows = parts.flat().sort((a, b) => b.percent - a.percent || a.slug.localeCompare(b.slug));
  return { count: rows.length, top: rows.slice(0, 10) };
}

async function loadActivity(db: PlatformDb, now: Date): Promise<Overview["activity"]> {
  const sql = new SqlText();
  const at = sql.param(now);
  const { start: day, end: nextDay } = localPeriodSql("day", at, "t.timezone");
  const { start: month, end: nextMonth } = localPeriodSql("month", at, "t.timezone");
  const [row] = await sql.run<{ conv_today: number; conv_month: number; min_today: number; min_month: number }>(
    db,
    `SELECT
       COALESCE(sum(c.today), 0)::int AS conv_today, COALESCE(sum(c.month), 0)::int AS conv_month,
       COALESCE(sum(m.today), 0)::int AS min_today, COALESCE(sum(m.month), 0)::int AS min_month
     FROM tenants t
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE x.started_at >= ${day} AND x.started_at < ${nextDay}) AS today, count(*) AS month
       FROM conversations x WHERE x.tenant_id = t.id AND x.started_at >= ${month} AND x.started_at < ${nextMonth}
     ) c
     CROSS JOIN LATERAL (
       SELECT sum(ceil(e.quantity / 60.0)) FILTER (WHERE e.occurred_at >= ${day} AND e.occurred_at < ${nextDay}) AS today,
              sum(ceil(e.quantity / 60.0)) AS month
       FROM usage_events e
       WHERE e.tenant_id = t.id AND e.metric = 'call_second' AND e.quantity > 0
         AND e.occurred_at >= ${month} AND e.occurred_at < ${nextMonth}
     ) m`,
  );
  return {
    conversationsToday: Number(row?.conv_today ?? 0),
    conversationsMonth: Number(row?.conv_month ?? 0),
    callMinutesToday: Number(row?.min_today ?? 0),
    callMinutesMonth: Number(row?.min_month ?? 0),
  };
}

async function loadNearLimit(db: PlatformDb, now: Date): Promise<NearLimitRow[]> {
  const quotas = await loadPlanQuotas(db);
  const sql = new SqlText();
  const at = sql.param(now);
  const q = sql.param(JSON.stringify(quotas));
  const share = (used: string, key: string) =>
    `CASE WHEN (q.value->>'${key}')::numeric > 0 THEN round(${used} * 100.0 / (q.value->>'${key}')::numeric, 1) END`;
  const rows = await sql.run<{ id: string; slug: string; name: string; percent: number }>(
    db,
    `SELECT id, slug, name, percent::float8 AS percent FROM (
       SELECT t.id, t.slug, t.name,
              GREATEST(${share("usage.conversations_used", "conversations")}, ${share("usage.call_minutes_used", "callMinutes")}) AS percent
       FROM tenants t
       JOIN jsonb_each(${q}::jsonb) q ON q.key = t.plan
       ${currentUsageLateral(at, "t")}
     ) x
     WHERE percent >= ${NEAR_LIMIT_PERCENT}
     ORDER BY percent DESC, slug`,
  );
  return rows.map((r) => ({ ...r, percent: Number(r.percent) }));
}

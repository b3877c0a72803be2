import "server-only";
import { addDays, daysBetween, wallClockAt } from "@/lib/booking/local-time";
import type { PlatformDb } from "@/lib/db/platform-db";
import { monthBounds } from "@/lib/usage/monthly-usage";
import { usagePercent, type PlanQuota } from "./plan-quotas";

/*
 * One tenant's month in its own time zone: the counters billing enforces
 * against the plan's quotas, and a day-by-day series for the chart. The
 * series counts conversation starts and finished calls' minutes (each call
 * rounded up to the minute, as billing counts them) from the records
 * themselves, so it also shows days before billing was enforced.
 */

export interface UsageDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  conversations: number;
  callMinutes: number;
}

export interface TenantMonthUsage {
  month: string;
  timeZone: string;
  conversations: { used: number; limit: number | null };
  callMinutes: { used: number; limit: number | null };
  percent: number | null;
  days: UsageDay[];
}

export async function loadTenantMonthUsage(
  db: PlatformDb,
  tenant: { id: string; timezone: string },
  quota: PlanQuota | undefined,
  now: Date,
): Promise<TenantMonthUsage> {
  const { month, from, to } = monthBounds(now, tenant.timezone);
  const [counters, conversations, minutes] = await Promise.all([
    db.usageCounter.findMany({ where: { tenantId: tenant.id, period: month }, select: { metric: true, used: true } }),
    db.$queryRaw<Array<{ day: string; n: number }>>`
      SELECT to_char(started_at AT TIME ZONE ${tenant.timezone}, 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM conversations WHERE tenant_id = ${tenant.id}::uuid AND started_at >= ${from} AND started_at < ${to}
      GROUP BY 1`,
    db.$queryRaw<Array<{ day: string; n: number }>>`
      SELECT to_char(occurred_at AT TIME ZONE ${tenant.timezone}, 'YYYY-MM-DD') AS day, sum(ceil(quantity / 60.0))::int AS n
      FROM usage_events WHERE tenant_id = ${tenant.id}::uuid AND metric = 'call_second' AND quantity > 0
        AND occurred_at >= ${from} AND occurred_at < ${to}
      GROUP BY 1`,
  ]);
  const counted = (metric: string) => counters.find((c) => c.metric === metric)?.used ?? 0;
  const used = { conversations: counted("conversations"), callMinutes: counted("call_minutes") };
  const first = `${month}-01`;
  const today = wallClockAt(now, tenant.timezone).date;
  const byDay = (rows: Array<{ day: string; n: number }>) => new Map(rows.map((r) => [r.day, Number(r.n)]));
  const c = byDay(conversations);
  const m = byDay(minutes);
  const days: UsageDay[] = [];
  for (let i = 0; i <= daysBetween(first, today); i++) {
    const date = addDays(first, i);
    days.push({ date, conversations: c.get(date) ?? 0, callMinutes: m.get(date) ?? 0 });
  }
  return {
    month,
    timeZone: tenant.timezone,
    conversations: { used: used.conversations, limit: quota?.conversations ?? null },
    callMinutes: { used: used.callMinutes, limit: quota?.callMinutes ?? null },
    percent: usagePercent(used, quota),
    days,
  };
}

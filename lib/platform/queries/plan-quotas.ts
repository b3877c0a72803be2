import "server-only";
import { parsePlanLimits } from "@/lib/billing/plan-catalogue";
import type { PlatformDb } from "@/lib/db/platform-db";

/*
 * The monthly quotas a tenant's usage is measured against, read through the
 * billing catalogue's own parser (a malformed limit means "no limit" there,
 * so it does here too). Usage comes from usage_counters, the figures billing
 * enforces, for the tenant's current month in its own time zone.
 */

export interface PlanQuota {
  conversations: number | null;
  callMinutes: number | null;
}

export type PlanQuotas = Record<string, PlanQuota>;

export async function loadPlanQuotas(db: PlatformDb): Promise<PlanQuotas> {
  const plans = await db.plan.findMany({ select: { code: true, limits: true } });
  return Object.fromEntries(
    plans.map((p) => {
      const limits = parsePlanLimits(p.limits);
      return [p.code, { conversations: limits.conversationsPerMonth, callMinutes: limits.callMinutesPerMonth }];
    }),
  );
}

export interface QuotaUse {
  conversations: number;
  callMinutes: number;
}

/** The highest share of a monthly quota used, in percent (one decimal); null when no quota limits this plan. */
export function usagePercent(used: QuotaUse, quota: PlanQuota | undefined): number | null {
  if (!quota) return null;
  const pairs: Array<[number, number | null]> = [
    [used.conversations, quota.conversations],
    [used.callMinutes, quota.callMinutes],
  ];
  const shares = pairs.flatMap(([u, limit]) => (limit !== null && limit > 0 ? [Math.round((u / limit) * 1000) / 10] : []));
  return shares.length ? Math.max(...shares) : null;
}

/** SQL of the current period's counters of the tenant aliased `t` at `$at`: columns conversations_used, call_minutes_used. */
export function currentUsageLateral(at: string, tenant = "t"): string {
  return `LEFT JOIN LATERAL (
    SELECT COALESCE(max(c.used) FILTER (WHERE c.metric = 'conversations'), 0)::int AS conversations_used,
           COALESCE(max(c.used) FILTER (WHERE c.metric = 'call_minutes'), 0)::int AS call_minutes_used
    FROM usage_counters c
    WHERE c.tenant_id = ${tenant}.id AND c.period = to_char((${at}::timestamptz AT TIME ZONE ${tenant}.timezone), 'YYYY-MM')
  ) usage ON true`;
}

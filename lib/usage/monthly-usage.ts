import "server-only";
import { instantAt, localDateOf, parseLocalDate, wallClockAt } from "@/lib/booking/local-time";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";

/*
 * This month's consumption against the plan. A "month" is the tenant's
 * calendar month in its own time zone: a Toronto practice's March starts at
 * local midnight on March 1st, not at UTC midnight, so a message at 21:00 on
 * the 28th of February local time counts for February even though it is
 * already March in UTC.
 */

/** Metered events written by the channels and the agent (usage_events.metric). */
export const USAGE_METRICS = ["inbound_message", "call_second", "model_token"] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** What the overview shows: conversations are counted from their rows, the rest summed from usage events. */
export type UsageLineKey = "conversations" | UsageMetric;

/*
 * Plan limits live in plans.limits (JSON). The seeded plans set
 * conversationsPerMonth and callSecondsPerMonth; the other keys are read if a
 * plan defines them and mean "no limit" otherwise.
 */
const LIMIT_KEYS: Record<UsageLineKey, string> = {
  conversations: "conversationsPerMonth",
  inbound_message: "inboundMessagesPerMonth",
  call_second: "callSecondsPerMonth",
  model_token: "modelTokensPerMonth",
};

export interface UsageLine {
  key: UsageLineKey;
  used: number;
  /** null: the plan sets no limit for this line. */
  limit: number | null;
  /** used / limit in percent, capped at 100 for the bar; null without a limit. */
  percent: number | null;
  over: boolean;
}

export interface MonthlyUsage {
  /** "YYYY-MM" in the tenant's time zone. */
  month: string;
  timeZone: string;
  from: Date;
  to: Date;
  plan: { code: string; name: string };
  lines: UsageLine[];
}

/** The calendar month containing `now` in `timeZone`, as [from, to) instants. */
export function monthBounds(now: Date, timeZone: string): { month: string; from: Date; to: Date } {
  const { year, month } = parseLocalDate(wallClockAt(now, timeZone).date);
  const first = localDateOf(year, month, 1);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    month: first.slice(0, 7),
    from: instantAt(first, 0, timeZone),
    to: instantAt(localDateOf(next.year, next.month, 1), 0, timeZone),
  };
}

function limitOf(limits: unknown, key: UsageLineKey): number | null {
  if (typeof limits !== "object" || limits === null || Array.isArray(limits)) return null;
  const value = (limits as Record<string, unknown>)[LIMIT_KEYS[key]];
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

function line(key: UsageLineKey, used: number, limit: number | null): UsageLine {
  if (limit === null) return { key, used, limit, percent: null, over: false };
  const percent = limit === 0 ? (used > 0 ? 100 : 0) : Math.min(100, Math.round((used / limit) * 1000) / 10);
  return { key, used, limit, percent, over: used > limit };
}

/** What of the tenant row the usage needs: its zone and its plan. */
export const usageTenantSelect = {
  timezone: true,
  plan: true,
  planRef: { select: { code: true, name: true, limits: true } },
} satisfies Prisma.TenantSelect;
export type UsageTenant = Prisma.TenantGetPayload<{ select: typeof usageTenantSelect }>;

/**
 * The current tenant's usage for the month containing `now`; call inside the
 * tenant context. A caller that already read the tenant row (the overview)
 * passes it, so the row is read once per request.
 */
export async function loadMonthlyUsage(db: TenantDb, now = new Date(), row?: UsageTenant): Promise<MonthlyUsage> {
  const tenant = row ?? (await db.tenant.findFirst({ select: usageTenantSelect }));
  if (!tenant) throw new ApiError("not_found", "This workspace no longer exists.");
  const { month, from, to } = monthBounds(now, tenant.timezone);
  const [sums, conversations] = await Promise.all([
    db.usageEvent.groupBy({
      by: ["metric"],
      where: { metric: { in: [...USAGE_METRICS] }, occurredAt: { gte: from, lt: to } },
      _sum: { quantity: true },
    }),
    db.conversation.count({ where: { startedAt: { gte: from, lt: to } } }),
  ]);
  const used = (metric: UsageMetric) => sums.find((s) => s.metric === metric)?._sum.quantity ?? 0;
  const limits = tenant.planRef?.limits ?? {};
  return {
    month,
    timeZone: tenant.timezone,
    from,
    to,
    plan: { code: tenant.plan, name: tenant.planRef?.name ?? tenant.plan },
    lines: [
      line("conversations", conversations, limitOf(limits, "conversations")),
      ...USAGE_METRICS.map((metric) => line(metric, used(metric), limitOf(limits, metric))),
    ],
  };
}

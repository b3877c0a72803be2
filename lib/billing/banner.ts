import "server-only";
import type { TenantDb } from "@/lib/db";
import { monthBounds } from "@/lib/usage";
import { dunningStep } from "./lifecycle";
import { standingOf } from "./standing";

/*
 * What the console's billing banner says, from the tenant row and this
 * period's usage notices: the most urgent state first. The shell renders it
 * with its own catalogue; this returns codes and numbers, never sentences.
 */

export type BillingBanner =
  | { kind: "suspended" | "trial_ended" | "cancelled"; deletionDueAt: string | null }
  | { kind: "past_due"; since: string; day: number; configLocked: boolean; suspendsAt: string }
  | { kind: "trial"; endsAt: string; daysLeft: number }
  | { kind: "usage"; metric: string; percent: number };

const DAY = 24 * 3600 * 1000;

export async function billingBanners(db: TenantDb, now: Date = new Date()): Promise<BillingBanner[]> {
  const t = await db.tenant.findFirst({
    select: { status: true, trialEndsAt: true, configLockedAt: true, pastDueSince: true, dataDeletionDueAt: true, timezone: true },
  });
  if (!t) return [];
  const banners: BillingBanner[] = [];
  const standing = standingOf(t, now.getTime());
  if (!standing.serving) {
    banners.push({ kind: standing.reason!, deletionDueAt: t.dataDeletionDueAt?.toISOString() ?? null });
  } else if (t.status === "past_due" && t.pastDueSince) {
    const day = Math.floor((now.getTime() - t.pastDueSince.getTime()) / DAY);
    banners.push({
      kind: "past_due",
      since: t.pastDueSince.toISOString(),
      day: Math.max(day, dunningStep(t.pastDueSince, now)),
      configLocked: t.configLockedAt !== null,
      suspendsAt: new Date(t.pastDueSince.getTime() + 14 * DAY).toISOString(),
    });
  } else if (t.status === "trial" && t.trialEndsAt) {
    banners.push({ kind: "trial", endsAt: t.trialEndsAt.toISOString(), daysLeft: Math.max(0, Math.ceil((t.trialEndsAt.getTime() - now.getTime()) / DAY)) });
  }
  const period = monthBounds(now, t.timezone).month;
  const alerts = await db.billingNotice.findMany({
    where: { kind: "usage_alert", period, dismissedAt: null },
    select: { metric: true, level: true },
    orderBy: { level: "desc" },
  });
  const seen = new Set<string>();
  for (const a of alerts) {
    if (!a.metric || seen.has(a.metric)) continue;
    seen.add(a.metric);
    banners.push({ kind: "usage", metric: a.metric, percent: a.level ?? 0 });
  }
  return banners;
}

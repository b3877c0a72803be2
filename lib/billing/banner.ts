import "server-only";
import { tenantDb, type TenantDb } from "@/lib/db";
import { logger } from "@/lib/observability/logger";
import { runAsTenant } from "@/lib/tenancy";
import { monthBounds } from "@/lib/usage";
import { dunningStep } from "./lifecycle";
import { limitsInForce, parsePlanLimits, type PlanLimits } from "./plan-catalogue";
import { standingOf } from "./standing";

/*
 * What the console's billing banner says, from the tenant row and this
 * period's usage notices: the most urgent state first. The shell renders it
 * with its own catalogue; this returns codes and numbers, never sentences.
 */

export type BillingBanner =
  | { kind: "support_suspended"; since: string; reason: string }
  | { kind: "suspended" | "trial_ended" | "cancelled"; deletionDueAt: string | null }
  | { kind: "past_due"; since: string; day: number; configLocked: boolean; suspendsAt: string }
  | { kind: "trial"; endsAt: string; daysLeft: number }
  | { kind: "usage"; metric: string; percent: number; overLimit: PlanLimits["overLimit"] };

/** The banners with the time zone their dates are read in (the tenant's). */
export interface BillingBannerView {
  timeZone: string;
  banners: BillingBanner[];
}

const DAY = 24 * 3600 * 1000;

export async function billingBanners(db: TenantDb, now: Date = new Date()): Promise<BillingBanner[]> {
  return (await billingBannerView(db, now)).banners;
}

export async function billingBannerView(db: TenantDb, now: Date = new Date()): Promise<BillingBannerView> {
  const t = await db.tenant.findFirst({
    select: {
      status: true,
      trialEndsAt: true,
      configLockedAt: true,
      pastDueSince: true,
      dataDeletionDueAt: true,
      supportSuspendedAt: true,
      supportSuspensionReason: true,
      timezone: true,
      planRef: { select: { limits: true } },
    },
  });
  if (!t) return { timeZone: "UTC", banners: [] };
  const overLimit = limitsInForce(parsePlanLimits(t.planRef?.limits), t.status).overLimit;
  const banners: BillingBanner[] = [];
  const standing = standingOf(t, now.getTime());
  // Support's suspension says why in support's own words; paying does not lift it.
  if (t.supportSuspendedAt) {
    banners.push({ kind: "support_suspended", since: t.supportSuspendedAt.toISOString(), reason: t.supportSuspensionReason ?? "" });
  } else if (!standing.serving) {
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
    banners.push({ kind: "usage", metric: a.metric, percent: a.level ?? 0, overLimit });
  }
  return { timeZone: t.timezone, banners };
}

/** For the console shell: the current tenant's banners; a failed read shows none rather than failing every page. */
export async function consoleBillingBanners(tenantId: string, now: Date = new Date()): Promise<BillingBannerView> {
  try {
    return await runAsTenant(tenantId, () => billingBannerView(tenantDb(), now));
  } catch (error: unknown) {
    logger().warn({ err: error }, "billing banners not read");
    return { timeZone: "UTC", banners: [] };
  }
}

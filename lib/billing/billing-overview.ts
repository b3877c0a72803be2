import "server-only";
import type { BillingCurrency, BillingInterval, SubscriptionStatus, TenantStatus } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db";
import { requireTenantId } from "@/lib/tenancy";
import { monthBounds } from "@/lib/usage";
import { currencyForRegion, limitsInForce, parsePlanLimits, TRIAL_DAYS, type PlanLimits } from "./plan-catalogue";
import { isBillingConfigured } from "./stripe-client";

/*
 * Everything the Billing page shows, read in the tenant's context: the plan
 * and lifecycle, the subscription's next invoice, this month's usage against
 * each limit, and the plans on sale in the tenant's currency.
 */

export interface UsageLine {
  /** Catalogue key of the label: conversations, call_minutes, seats, routed_numbers, widget_keys. */
  metric: "conversations" | "call_minutes" | "model_tokens" | "seats" | "routed_numbers" | "widget_keys";
  used: number;
  /** null: unlimited on this plan. */
  limit: number | null;
}

export interface PlanOffer {
  code: string;
  name: string;
  limits: PlanLimits;
  prices: Partial<Record<BillingInterval, number>>;
}

export interface BillingOverview {
  configured: boolean;
  currency: BillingCurrency;
  plan: { code: string; name: string };
  status: TenantStatus;
  trialEndsAt: string | null;
  trialDaysLeft: number | null;
  /** The trial's full length ("14-day Pro trial"); null when not on a trial. */
  trialDays: number | null;
  /** On a trial, beyond a limit new conversations are refused (nothing is billed). */
  overLimit: PlanLimits["overLimit"];
  pastDueSince: string | null;
  suspendedAt: string | null;
  subscription: {
    status: SubscriptionStatus;
    interval: BillingInterval | null;
    cancelAtPeriodEnd: boolean;
    nextInvoiceAt: string | null;
    nextInvoiceAmountCents: number | null;
  } | null;
  hasBillingAccount: boolean;
  usage: UsageLine[];
  offers: PlanOffer[];
  timeZone: string;
}

const DAY = 24 * 60 * 60 * 1000;

export async function billingOverview(db: TenantDb, now: Date = new Date()): Promise<BillingOverview> {
  const tenantId = requireTenantId("billingOverview");
  const tenant = await db.tenant.findFirst({ where: { id: tenantId }, include: { planRef: true } });
  if (!tenant) throw new Error("billingOverview: tenant row not visible");
  const currency = currencyForRegion(tenant.region);
  const period = monthBounds(now, tenant.timezone).month;
  const [subscriptions, counters, seats, routes, plans] = await Promise.all([
    db.subscription.findMany({ orderBy: { updatedAt: "desc" }, take: 1 }),
    db.usageCounter.findMany({ where: { period } }),
    db.membership.count(),
    db.channelRoute.groupBy({ by: ["channel"], where: { active: true, revokedAt: null }, _count: { _all: true } }),
    db.plan.findMany({ where: { active: true, selfServe: true }, include: { prices: { where: { currency } } }, orderBy: { rank: "asc" } }),
  ]);
  const limits = limitsInForce(parsePlanLimits(tenant.planRef?.limits), tenant.status);
  const counted = (metric: string) => counters.find((c) => c.metric === metric)?.used ?? 0;
  const routeCount = (channels: string[]) => routes.filter((r) => channels.includes(r.channel)).reduce((n, r) => n + r._count._all, 0);
  const usage: UsageLine[] = [
    { metric: "conversations", used: counted("conversations"), limit: limits.conversationsPerMonth },
    ...(limits.channels.includes("voice") ? [{ metric: "call_minutes" as const, used: counted("call_minutes"), limit: limits.callMinutesPerMonth }] : []),
    { metric: "model_tokens", used: counted("model_tokens"), limit: limits.modelTokensPerMonth },
    { metric: "seats", used: seats, limit: limits.seats },
    { metric: "routed_numbers", used: routeCount(["voice", "whatsapp"]), limit: limits.routedNumbers },
    { metric: "widget_keys", used: routeCount(["web"]), limit: limits.widgetKeys },
  ];
  const sub = subscriptions[0] ?? null;
  const trialEnd = tenant.status === "trial" ? tenant.trialEndsAt : null;
  return {
    configured: isBillingConfigured(),
    currency,
    plan: { code: tenant.plan, name: tenant.planRef?.name ?? tenant.plan },
    status: tenant.status,
    trialEndsAt: trialEnd?.toISOString() ?? null,
    trialDays: tenant.status === "trial" ? TRIAL_DAYS : null,
    overLimit: limits.overLimit,
    trialDaysLeft: trialEnd ? Math.max(0, Math.ceil((trialEnd.getTime() - now.getTime()) / DAY)) : null,
    pastDueSince: tenant.pastDueSince?.toISOString() ?? null,
    suspendedAt: tenant.suspendedAt?.toISOString() ?? null,
    subscription: sub
      ? {
          status: sub.status,
          interval: sub.interval,
          cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
          nextInvoiceAt: (sub.nextInvoiceAt ?? (sub.status === "canceled" ? null : sub.currentPeriodEnd))?.toISOString() ?? null,
          nextInvoiceAmountCents: sub.nextInvoiceAmountCents,
        }
      : null,
    hasBillingAccount: tenant.stripeCustomerId !== null,
    usage,
    offers: plans.map((p) => ({
      code: p.code,
      name: p.name,
      limits: parsePlanLimits(p.limits),
      prices: Object.fromEntries(p.prices.map((price) => [price.interval, price.amountCents])),
    })),
    timeZone: tenant.timezone,
  };
}

/** What the return page polls: whether the subscription the owner just paid for has landed. */
export async function billingActivation(db: TenantDb): Promise<{ status: TenantStatus; plan: string; active: boolean }> {
  const tenantId = requireTenantId("billingActivation");
  const tenant = await db.tenant.findFirst({ where: { id: tenantId }, select: { status: true, plan: true } });
  const sub = await db.subscription.findFirst({ where: { stripeSubscriptionId: { not: null } }, orderBy: { updatedAt: "desc" }, select: { status: true } });
  const status = tenant?.status ?? "trial";
  return { status, plan: tenant?.plan ?? "starter", active: status === "active" && (sub?.status === "active" || sub?.status === "trialing") };
}

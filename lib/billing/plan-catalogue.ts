import "server-only";
import { z } from "zod";
import type { BillingCurrency, BillingInterval, Region, TenantStatus } from "@/lib/db/generated/client";

/*
 * The plans and what each allows. Limits live in plans.limits (JSON, seeded by
 * the billing migration and editable by the platform for "custom"); this is
 * the one place that reads them, so a missing or malformed key means "no
 * limit" here and nowhere else.
 */

export const PLAN_CODES = ["starter", "pro", "business", "custom"] as const;
export type PlanCode = (typeof PLAN_CODES)[number];

const count = z.number().int().min(0).nullable().optional().transform((v) => v ?? null);

export const planLimitsSchema = z.object({
  conversationsPerMonth: count,
  callMinutesPerMonth: count,
  seats: count,
  routedNumbers: count,
  widgetKeys: count,
  channels: z.array(z.enum(["voice", "whatsapp", "web"])).optional().transform((v) => v ?? ["voice", "whatsapp", "web"]),
  modelTokensPerMonth: count,
  dataRetentionDays: count,
  // "refuse": new conversations get the polite reply at 100%; "meter": they
  // continue and each unit over is reported to Stripe, up to the ceiling.
  overLimit: z.enum(["refuse", "meter"]).optional().transform((v) => v ?? "refuse"),
});
export type PlanLimits = z.output<typeof planLimitsSchema>;

/** The limits a creation path checks, named as the 403 names them. */
export type CountedLimit = "seats" | "routedNumbers" | "widgetKeys";

/** Metered monthly quantities, as counted in usage_counters.metric. */
export const QUOTA_METRICS = ["conversations", "call_minutes"] as const;
export type QuotaMetric = (typeof QUOTA_METRICS)[number];

export const QUOTA_LIMIT_KEY: Record<QuotaMetric, "conversationsPerMonth" | "callMinutesPerMonth"> = {
  conversations: "conversationsPerMonth",
  call_minutes: "callMinutesPerMonth",
};

/** Metered plans may go this far over their allowance before new conversations are refused too. */
export const HARD_CEILING_PERCENT = 200;

const NO_LIMITS: PlanLimits = planLimitsSchema.parse({});

export function parsePlanLimits(raw: unknown): PlanLimits {
  const parsed = planLimitsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : NO_LIMITS;
}

/**
 * Trials run on this plan ("14-day Pro trial"), so a new business can try the
 * phone receptionist; sign-up (auth_sign_up) stores it as the tenant's plan and
 * subscribing replaces it with the plan picked.
 */
export const TRIAL_PLAN = "pro";
export const TRIAL_DAYS = 14;

/**
 * The limits in force for a tenant in `status`: a trial has the plan's limits
 * but nothing to bill overage to, so it refuses at 100% like Starter.
 */
export function limitsInForce(limits: PlanLimits, status: TenantStatus): PlanLimits {
  return status === "trial" && limits.overLimit === "meter" ? { ...limits, overLimit: "refuse" } : limits;
}

/** EUR for FR, BE and DZ; CHF for CH; CAD for CA. */
export function currencyForRegion(region: Region): BillingCurrency {
  return region === "CH" ? "chf" : region === "CA" ? "cad" : "eur";
}

export function lookupKeyOf(plan: string, interval: BillingInterval, currency: BillingCurrency): string {
  return `${plan}_${interval}_${currency}`;
}

/** "pro_year_chf" → its parts, or null for a key this catalogue never makes. */
export function parseLookupKey(key: string): { plan: string; interval: BillingInterval; currency: BillingCurrency } | null {
  const m = /^([a-z]+)_(month|year)_(eur|chf|cad)$/.exec(key);
  return m ? { plan: m[1]!, interval: m[2] as BillingInterval, currency: m[3] as BillingCurrency } : null;
}

/** The allowance and hard ceiling of one quota on a plan; null = unlimited. */
export function quotaOf(limits: PlanLimits, metric: QuotaMetric): { included: number; ceiling: number } | null {
  const included = limits[QUOTA_LIMIT_KEY[metric]];
  if (included === null) return null;
  const ceiling = limits.overLimit === "meter" ? Math.floor((included * HARD_CEILING_PERCENT) / 100) : included;
  return { included, ceiling };
}

export interface CataloguePlan {
  code: string;
  name: string;
  rank: number;
  selfServe: boolean;
  limits: PlanLimits;
}

/** The cheapest self-serve plan ranked above `current` that allows more of `limit`, for the 403's hint. */
export function planAllowingMore(
  plans: readonly CataloguePlan[],
  current: CataloguePlan,
  more: (limits: PlanLimits) => boolean,
): CataloguePlan | null {
  return (
    [...plans]
      .filter((p) => p.code !== current.code && p.selfServe && p.rank > current.rank && more(p.limits))
      .sort((a, b) => a.rank - b.rank)[0] ?? null
  );
}

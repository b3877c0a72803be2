import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";

/*
 * Monthly recurring revenue from subscriptions that are billing (active or
 * past due), priced from the catalogue (plan_prices) by plan, interval and
 * currency: a yearly price counts a twelfth per month. Currencies are never
 * added together. A subscription the catalogue cannot price (custom plans,
 * no interval or currency recorded) is counted apart, not guessed.
 */

export interface CurrencyMrr {
  currency: string;
  /** Cents per month, rounded once after summing. */
  mrrCents: number;
  subscriptions: number;
}

export interface MrrSummary {
  byCurrency: CurrencyMrr[];
  /** Billing subscriptions with no catalogue price. */
  unpriced: number;
}

export const BILLING_SUBSCRIPTION_STATUSES = ["active", "past_due"] as const;

export async function loadMrr(db: PlatformDb): Promise<MrrSummary> {
  const rows = await db.$queryRaw<Array<{ currency: string | null; cents: number | null; subscriptions: number }>>`
    SELECT s.currency::text AS currency,
           round(sum(CASE s.interval WHEN 'year' THEN p.amount_cents / 12.0 ELSE p.amount_cents END))::float8 AS cents,
           count(*)::int AS subscriptions
    FROM subscriptions s
    LEFT JOIN plan_prices p ON p.plan_code = s.plan_code AND p.interval = s.interval AND p.currency = s.currency
    WHERE s.status IN ('active', 'past_due') AND p.amount_cents IS NOT NULL
    GROUP BY s.currency
    UNION ALL
    SELECT NULL, NULL, count(*)::int
    FROM subscriptions s
    LEFT JOIN plan_prices p ON p.plan_code = s.plan_code AND p.interval = s.interval AND p.currency = s.currency
    WHERE s.status IN ('active', 'past_due') AND p.amount_cents IS NULL`;
  return {
    byCurrency: rows
      .filter((r) => r.currency !== null)
      .map((r) => ({ currency: r.currency!, mrrCents: Number(r.cents ?? 0), subscriptions: Number(r.subscriptions) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    unpriced: Number(rows.find((r) => r.currency === null)?.subscriptions ?? 0),
  };
}

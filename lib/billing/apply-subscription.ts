import "server-only";
import type { TenantTransaction } from "@/lib/db/tenant-transaction";
import { subscriptionTerms, type StripeSubscription } from "./stripe-objects";

/*
 * A subscription as Stripe last described it, written as absolute state, but
 * only when the event is newer than the one that wrote the row: events are
 * compared per subscription by (event.created, rank), rank breaking ties
 * within Stripe's one-second precision (created < updated < deleted), so an
 * `updated` arriving before its `created`, or a stale `updated` after
 * `deleted`, cannot move the subscription back. The tenant's lifecycle then
 * follows the subscription that was written.
 */

export const EVENT_RANK: Record<string, number> = {
  "checkout.session.completed": 1,
  "customer.subscription.created": 1,
  "customer.subscription.updated": 2,
  "customer.subscription.trial_will_end": 2,
  "customer.subscription.deleted": 3,
};

const STATUS: Record<string, string> = {
  trialing: "trialing",
  active: "active",
  past_due: "past_due",
  unpaid: "unpaid",
  paused: "unpaid",
  canceled: "canceled",
  incomplete: "incomplete",
  incomplete_expired: "canceled",
};

const PRICE_SQL = `SELECT plan_code AS plan FROM plan_prices
WHERE stripe_price_id = $1 OR lookup_key = $2 ORDER BY (stripe_price_id = $1) IS TRUE DESC LIMIT 1`;

const UPSERT_SQL = `INSERT INTO subscriptions AS s (tenant_id, id, plan_code, status, stripe_customer_id, stripe_subscription_id,
  stripe_price_id, interval, currency, trial_end, current_period_start, current_period_end, cancel_at_period_end, canceled_at,
  next_invoice_amount_cents, next_invoice_at, last_event_created_at, last_event_rank, last_event_id, unknown_price_id, updated_at)
VALUES ($1, gen_random_uuid(), COALESCE($2, (SELECT plan FROM tenants WHERE id = $1)), $3::"SubscriptionStatus", $4, $5,
  $6, $7::"BillingInterval", $8::"BillingCurrency", to_timestamp($9), to_timestamp($10), to_timestamp($11), $12, to_timestamp($13),
  $14, to_timestamp($15), to_timestamp($16), $17, $18, $19, now())
ON CONFLICT (tenant_id, stripe_subscription_id) DO UPDATE SET
  plan_code = COALESCE($2, s.plan_code), status = EXCLUDED.status, stripe_customer_id = EXCLUDED.stripe_customer_id,
  stripe_price_id = EXCLUDED.stripe_price_id, interval = COALESCE(EXCLUDED.interval, s.interval), currency = COALESCE(EXCLUDED.currency, s.currency),
  trial_end = EXCLUDED.trial_end, current_period_start = EXCLUDED.current_period_start, current_period_end = EXCLUDED.current_period_end,
  cancel_at_period_end = EXCLUDED.cancel_at_period_end, canceled_at = EXCLUDED.canceled_at,
  next_invoice_amount_cents = EXCLUDED.next_invoice_amount_cents, next_invoice_at = EXCLUDED.next_invoice_at,
  last_event_created_at = EXCLUDED.last_event_created_at, last_event_rank = EXCLUDED.last_event_rank,
  last_event_id = EXCLUDED.last_event_id, unknown_price_id = EXCLUDED.unknown_price_id, updated_at = now()
WHERE s.last_event_created_at IS NULL
   OR (s.last_event_created_at, s.last_event_rank) < (EXCLUDED.last_event_created_at, EXCLUDED.last_event_rank)
RETURNING status`;

// Paying (or in a Stripe trial with a card): active, whatever dunning said before.
const ACTIVATE_SQL = `UPDATE tenants SET status = 'active', plan = COALESCE($2, plan), stripe_customer_id = COALESCE(stripe_customer_id, $3),
  past_due_since = NULL, config_locked_at = NULL, suspended_at = NULL, cancelled_at = NULL, data_deletion_due_at = NULL
WHERE id = $1`;

// Dunning starts at the event's time; an already suspended workspace stays suspended.
const PAST_DUE_SQL = `UPDATE tenants SET status = CASE WHEN status IN ('active', 'trial') THEN 'past_due'::"TenantStatus" ELSE status END,
  plan = COALESCE($2, plan), past_due_since = COALESCE(past_due_since, to_timestamp($3))
WHERE id = $1 AND status <> 'cancelled'`;

export const DUNNING_DAY0_SQL = `INSERT INTO billing_notices (tenant_id, id, notice_key, kind, level)
SELECT id, gen_random_uuid(), 'dunning:' || floor(extract(epoch FROM past_due_since))::bigint || ':0', 'dunning', 0
FROM tenants WHERE id = $1 AND status = 'past_due' AND past_due_since IS NOT NULL
ON CONFLICT (tenant_id, notice_key) DO NOTHING`;

// Cancelled only when no other subscription of the tenant still runs; data is kept 30 days.
const CANCEL_SQL = `UPDATE tenants SET status = 'cancelled', cancelled_at = COALESCE(cancelled_at, to_timestamp($3)),
  data_deletion_due_at = COALESCE(data_deletion_due_at, to_timestamp($3) + interval '30 days'), config_locked_at = NULL
WHERE id = $1 AND status <> 'cancelled' AND NOT EXISTS (
  SELECT 1 FROM subscriptions o WHERE o.tenant_id = $1 AND o.stripe_subscription_id IS DISTINCT FROM $2
    AND o.status IN ('active', 'trialing', 'past_due', 'unpaid'))
RETURNING floor(extract(epoch FROM cancelled_at))::bigint AS since`;

const CANCEL_NOTICE_SQL = `INSERT INTO billing_notices (tenant_id, id, notice_key, kind)
VALUES ($1, gen_random_uuid(), 'cancelled:' || $2, 'cancelled') ON CONFLICT (tenant_id, notice_key) DO NOTHING`;

export interface AppliedSubscription {
  applied: boolean;
  unknownPrice: string | null;
}

export async function applySubscription(
  tx: TenantTransaction,
  tenantId: string,
  sub: StripeSubscription,
  event: { id: string; type: string; created: number },
): Promise<AppliedSubscription> {
  const terms = subscriptionTerms(sub);
  const price = terms.price;
  const known = price ? (await tx.query<{ plan: string }>(PRICE_SQL, [price.id, price.lookup_key ?? null]))[0]?.plan ?? null : null;
  const unknownPrice = price && !known ? price.id : null;
  const status = STATUS[sub.status] ?? "incomplete";
  const interval = price?.recurring?.interval === "year" ? "year" : price?.recurring?.interval === "month" ? "month" : null;
  const currency = price && ["eur", "chf", "cad"].includes(price.currency) ? price.currency : null;
  const rows = await tx.query<{ status: string }>(UPSERT_SQL, [
    tenantId, known, status, sub.customer, sub.id,
    price?.id ?? null, interval, currency, sub.trial_end ?? null, terms.periodStart, terms.periodEnd, sub.cancel_at_period_end ?? false, sub.canceled_at ?? null,
    status === "canceled" ? null : terms.amount, status === "canceled" ? null : terms.periodEnd, event.created, EVENT_RANK[event.type] ?? 2, event.id, unknownPrice,
  ]);
  if (!rows[0]) return { applied: false, unknownPrice };

  if (status === "active" || status === "trialing") {
    await tx.query(ACTIVATE_SQL, [tenantId, known, sub.customer]);
  } else if (status === "past_due" || status === "unpaid") {
    await tx.run({ text: PAST_DUE_SQL, values: [tenantId, known, event.created] }, { text: DUNNING_DAY0_SQL, values: [tenantId] });
  } else if (status === "canceled") {
    const [cancelled] = await tx.query<{ since: string }>(CANCEL_SQL, [tenantId, sub.id, event.created]);
    if (cancelled) await tx.query(CANCEL_NOTICE_SQL, [tenantId, cancelled.since]);
  }
  return { applied: true, unknownPrice };
}

import "server-only";
import type Stripe from "stripe";
import type { BillingCurrency, BillingInterval } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { isMeteredPrice } from "./meters";
import { lookupKeyOf } from "./plan-catalogue";

/*
 * What a plan's subscription is made of: its flat price (one licensed item,
 * quantity 1, monthly or yearly) and, on a plan that meters overage, one
 * metered monthly item per overage metric in the same currency, so the units
 * meter-report.ts sends become invoice lines. All are found by lookup key.
 */

export interface PlanPrices {
  flat: Stripe.Price;
  metered: Stripe.Price[];
}

/** The lookup keys of a plan's metered overage prices in a currency; none for Starter. */
export async function overageLookupKeys(db: TenantDb, plan: string, currency: BillingCurrency): Promise<string[]> {
  const rows = await db.planOveragePrice.findMany({ where: { planCode: plan, currency }, select: { lookupKey: true }, orderBy: { lookupKey: "asc" } });
  return rows.map((r) => r.lookupKey);
}

export async function planPrices(
  stripe: Pick<Stripe, "prices">,
  plan: string,
  interval: BillingInterval,
  currency: BillingCurrency,
  overageKeys: readonly string[],
): Promise<PlanPrices> {
  const flatKey = lookupKeyOf(plan, interval, currency);
  const keys = [flatKey, ...overageKeys];
  const found = await stripe.prices.list({ lookup_keys: keys, active: true, limit: keys.length });
  const byKey = new Map(found.data.map((p) => [p.lookup_key, p]));
  const missing = keys.filter((k) => !byKey.has(k));
  if (missing.length > 0) {
    throw new ApiError("conflict", `No Stripe price has the lookup key ${missing.join(", ")}; run npm run stripe:sync.`, "plan");
  }
  return { flat: byKey.get(flatKey)!, metered: overageKeys.map((k) => byKey.get(k)!) };
}

/** Checkout's line items: Stripe refuses a quantity on a metered price. */
export function checkoutLineItems(prices: PlanPrices): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return [{ price: prices.flat.id, quantity: 1 }, ...prices.metered.map((p) => ({ price: p.id }))];
}

/**
 * The item changes that turn a live subscription into `target`: the flat
 * item changes price in place (proration applies to it); a metered item
 * changes price in place when the target meters the same meter (Pro →
 * Business keeps the item and the usage already on it), is removed when the
 * target does not (Starter), and the target's missing ones are added.
 * Empty when the subscription already is the target.
 */
export function planItemChanges(items: readonly Stripe.SubscriptionItem[], target: PlanPrices): Stripe.SubscriptionUpdateParams.Item[] {
  const flat = items.find((i) => !isMeteredPrice(i.price));
  if (!flat) throw new ApiError("conflict", "The subscription has no plan item to change; use Manage billing.");
  const changes: Stripe.SubscriptionUpdateParams.Item[] = flat.price.id === target.flat.id ? [] : [{ id: flat.id, price: target.flat.id }];
  const placed = new Set<string>();
  for (const item of items.filter((i) => isMeteredPrice(i.price))) {
    const next = target.metered.find((p) => !placed.has(p.id) && p.recurring?.meter === item.price.recurring?.meter);
    if (!next) {
      changes.push({ id: item.id, deleted: true });
      continue;
    }
    placed.add(next.id);
    if (next.id !== item.price.id) changes.push({ id: item.id, price: next.id });
  }
  for (const price of target.metered.filter((p) => !placed.has(p.id))) changes.push({ price: price.id });
  return changes;
}

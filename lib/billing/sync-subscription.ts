import "server-only";
import type Stripe from "stripe";
import { tenantDb } from "@/lib/db";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { requireTenantId } from "@/lib/tenancy";
import { applySubscription } from "./apply-subscription";
import { subscriptionSchema } from "./stripe-objects";

/*
 * A subscription re-read from Stripe (the return page's sync, a plan change)
 * written through the webhook's own apply function, as if an event had been
 * created at the moment of the read: a webhook event created before the read
 * is older and changes nothing; one created after it wins. The two paths
 * therefore never disagree. A read keeps its milliseconds (the column does),
 * so a plan change read in the same second as an earlier read still lands.
 */
export async function applyStripeSubscription(subscription: Stripe.Subscription, readAt: Date): Promise<"applied" | "unchanged"> {
  const tenantId = requireTenantId("applyStripeSubscription");
  const sub = subscriptionSchema.parse(subscription);
  const created = readAt.getTime() / 1000;
  const outcome = await inTenantTransaction(tenantDb().pool, [], async (tx) => ({
    closing: [],
    value: await applySubscription(tx, tenantId, sub, { id: `read:${sub.id}:${readAt.getTime()}`, type: "customer.subscription.updated", created }),
  }));
  return outcome.applied ? "applied" : "unchanged";
}

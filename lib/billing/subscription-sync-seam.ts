import "server-only";
import type Stripe from "stripe";

/*
 * SEAM (until the core webhook's apply function lands): syncFromStripe and a
 * plan change hand the subscription they re-read from Stripe to the same
 * function the webhook uses to write absolute state, so a late webhook and a
 * sync can never disagree. Until it is wired this reports "not_wired" and the
 * return page keeps waiting for the webhook.
 */

export type ApplyOutcome = "applied" | "not_wired";

export async function applyStripeSubscription(_subscription: Stripe.Subscription, _readAt: Date): Promise<ApplyOutcome> {
  return "not_wired";
}

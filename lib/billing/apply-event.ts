import "server-only";
import type { TenantTransaction } from "@/lib/db/tenant-transaction";
import { applySubscription, DUNNING_DAY0_SQL } from "./apply-subscription";
import { openNoticeStatement } from "./notices";
import {
  checkoutSessionSchema,
  invoiceSchema,
  invoiceSubscriptionId,
  subscriptionSchema,
  type HandledEventType,
  type StripeEventEnvelope,
  type StripeSubscription,
} from "./stripe-objects";

/*
 * One verified, claimed Stripe event applied inside the transaction that
 * also completes it in the ledger. Invoices do not carry the subscription's
 * state, so they are ordered by what they say: a payment failure starts
 * dunning unless a later payment already landed, and a payment only ends
 * dunning that started before it.
 */

export interface ApplyContext {
  tx: TenantTransaction;
  tenantId: string;
  event: StripeEventEnvelope & { type: HandledEventType };
  /** The subscription re-read from Stripe when the event only names it (checkout). */
  subscription: StripeSubscription | null;
}

export interface Applied {
  applied: boolean;
  unknownPrice?: string | null;
}

const STORE_CUSTOMER_SQL = `UPDATE tenants SET stripe_customer_id = $2 WHERE id = $1 AND stripe_customer_id IS NULL`;

// Under a support suspension the billing status is support_resume_status: the
// failure is recorded and dunning starts when support lifts its suspension.
const PAYMENT_FAILED_SQL = `UPDATE tenants SET status = CASE WHEN status = 'active' THEN 'past_due'::"TenantStatus" ELSE status END,
  past_due_since = COALESCE(past_due_since, to_timestamp($2))
WHERE id = $1 AND COALESCE(support_resume_status, status) IN ('active', 'past_due')
  AND NOT EXISTS (SELECT 1 FROM stripe_events e WHERE e.tenant_id = $1 AND e.type = 'invoice.paid'
    AND e.state = 'completed' AND e.event_created_at > to_timestamp($2))
RETURNING id`;

// A suspension that came from a trial ending (no past_due_since) is lifted by paying too.
const PAID_SQL = `UPDATE tenants SET status = CASE WHEN status IN ('past_due', 'suspended') THEN 'active'::"TenantStatus" ELSE status END,
  past_due_since = NULL, config_locked_at = NULL, suspended_at = NULL
WHERE id = $1 AND status IN ('active', 'past_due', 'suspended')
  AND (past_due_since IS NULL OR past_due_since <= to_timestamp($2))
RETURNING id`;

const NEXT_INVOICE_SQL = `UPDATE subscriptions SET next_invoice_at = COALESCE(current_period_end, next_invoice_at)
WHERE tenant_id = $1 AND stripe_subscription_id = $2`;

export async function applyStripeEvent(ctx: ApplyContext): Promise<Applied> {
  const { tx, tenantId, event } = ctx;
  const object = event.data.object;
  switch (event.type) {
    case "checkout.session.completed": {
      const session = checkoutSessionSchema.parse(object);
      if (session.customer) await tx.query(STORE_CUSTOMER_SQL, [tenantId, session.customer]);
      const sub = ctx.subscription ?? (typeof session.subscription === "object" ? session.subscription : null);
      return sub ? applySubscription(tx, tenantId, sub, event) : { applied: true };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return applySubscription(tx, tenantId, subscriptionSchema.parse(object), event);
    case "customer.subscription.trial_will_end": {
      const sub = subscriptionSchema.parse(object);
      await tx.run(openNoticeStatement(tenantId, { key: `trial_will_end:${sub.id}:${sub.trial_end ?? 0}`, kind: "trial_will_end" }));
      return { applied: true };
    }
    case "invoice.payment_failed": {
      invoiceSchema.parse(object);
      const moved = await tx.query(PAYMENT_FAILED_SQL, [tenantId, event.created]);
      if (moved.length) await tx.query(DUNNING_DAY0_SQL, [tenantId]);
      return { applied: moved.length > 0 };
    }
    case "invoice.paid": {
      const invoice = invoiceSchema.parse(object);
      await tx.query(PAID_SQL, [tenantId, event.created]);
      const subscription = invoiceSubscriptionId(invoice);
      if (subscription) await tx.query(NEXT_INVOICE_SQL, [tenantId, subscription]);
      return { applied: true };
    }
    case "invoice.payment_action_required": {
      const invoice = invoiceSchema.parse(object);
      await tx.run(openNoticeStatement(tenantId, { key: `payment_action_required:${invoice.id}`, kind: "payment_action_required" }));
      return { applied: true };
    }
  }
}

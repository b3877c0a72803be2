import { z } from "zod";

/*
 * The parts of Stripe's objects the webhook reads, parsed at the boundary.
 * Loose on purpose: Stripe adds fields with every API version, and an event
 * that verified is Stripe's word. Only what the handlers use is required.
 */

const id = z.string().min(1).max(255);
const unix = z.number().int().nonnegative();
const metadata = z.record(z.string(), z.string()).nullish().transform((m) => m ?? {});
const expandable = z.union([id, z.looseObject({ id })]).nullish().transform((v) => (v == null ? null : typeof v === "string" ? v : v.id));

export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.trial_will_end",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
] as const;
export type HandledEventType = (typeof HANDLED_EVENTS)[number];

export const eventSchema = z.looseObject({
  id,
  type: z.string().min(1).max(255),
  created: unix,
  data: z.looseObject({ object: z.looseObject({}) }),
});
export type StripeEventEnvelope = z.infer<typeof eventSchema>;

export const priceSchema = z.looseObject({
  id,
  lookup_key: z.string().nullish(),
  currency: z.string(),
  unit_amount: z.number().int().nullish(),
  recurring: z.looseObject({ interval: z.string(), usage_type: z.string().nullish(), meter: z.string().nullish() }).nullish(),
});

export const subscriptionSchema = z.looseObject({
  id,
  customer: expandable,
  status: z.string(),
  metadata,
  cancel_at_period_end: z.boolean().nullish(),
  canceled_at: unix.nullish(),
  trial_end: unix.nullish(),
  // Since API 2025-03-31 the periods live on the items; older versions had them here.
  current_period_start: unix.nullish(),
  current_period_end: unix.nullish(),
  items: z.looseObject({
    data: z.array(
      z.looseObject({
        price: priceSchema,
        quantity: z.number().int().nullish(),
        current_period_start: unix.nullish(),
        current_period_end: unix.nullish(),
      }),
    ),
  }),
});
export type StripeSubscription = z.infer<typeof subscriptionSchema>;

export const checkoutSessionSchema = z.looseObject({
  id,
  client_reference_id: z.string().nullish(),
  customer: expandable,
  subscription: z.union([id, subscriptionSchema]).nullish(),
  metadata,
});

export const invoiceSchema = z.looseObject({
  id,
  customer: expandable,
  created: unix,
  amount_due: z.number().int().nullish(),
  // Since API 2025-03-31 an invoice names its subscription under parent; older versions at the top.
  subscription: expandable.optional(),
  parent: z
    .looseObject({
      subscription_details: z.looseObject({ subscription: expandable, metadata }).nullish(),
    })
    .nullish(),
  next_payment_attempt: unix.nullish(),
});
export type StripeInvoice = z.infer<typeof invoiceSchema>;

export function invoiceSubscriptionId(invoice: StripeInvoice): string | null {
  return invoice.parent?.subscription_details?.subscription ?? invoice.subscription ?? null;
}

/** Where the event says which tenant it is about, before any lookup by customer. */
export function tenantHint(type: string, object: Record<string, unknown>): { tenantId: string | null; customer: string | null } {
  const meta = (o: unknown) => ((o as { metadata?: Record<string, unknown> } | null)?.metadata ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  const customer = str(object.customer) ?? str((object.customer as { id?: unknown } | null)?.id);
  if (type === "checkout.session.completed") {
    return { tenantId: str(object.client_reference_id) ?? str(meta(object).tenant_id), customer };
  }
  if (type.startsWith("invoice.")) {
    const details = (object.parent as { subscription_details?: unknown } | null)?.subscription_details;
    return { tenantId: str(meta(details).tenant_id) ?? str(meta(object).tenant_id), customer };
  }
  return { tenantId: str(meta(object).tenant_id), customer };
}

/**
 * The period, plan price and amount of a subscription, whichever API version
 * shaped it. The plan is its flat (licensed) item; metered overage items
 * say nothing about the plan and add nothing known in advance to the invoice.
 */
export function subscriptionTerms(sub: StripeSubscription) {
  const flat = sub.items.data.filter((i) => i.price.recurring?.usage_type !== "metered");
  const item = flat[0] ?? null;
  const price = item?.price ?? null;
  const amount = flat.reduce((sum, i) => sum + (i.price.unit_amount ?? 0) * (i.quantity ?? 1), 0);
  return {
    price,
    periodStart: item?.current_period_start ?? sub.current_period_start ?? null,
    periodEnd: item?.current_period_end ?? sub.current_period_end ?? null,
    amount,
  };
}

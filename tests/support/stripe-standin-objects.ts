import { randomBytes } from "node:crypto";
import Stripe from "stripe";

/*
 * Stripe objects as the API version stripe-node pins returns them
 * (2026-11-18): the billing period lives on subscription items, an invoice
 * names its subscription under parent.subscription_details, ids carry their
 * type prefix and every timestamp is unix seconds.
 */

export const STANDIN_API_VERSION = Stripe.API_VERSION;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export function stripeId(prefix: string, length = 14): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}

export type Json = Record<string, unknown>;
export type Interval = "day" | "week" | "month" | "year";

export function addInterval(seconds: number, interval: Interval, count = 1): number {
  const date = new Date(seconds * 1000);
  if (interval === "day") date.setUTCDate(date.getUTCDate() + count);
  if (interval === "week") date.setUTCDate(date.getUTCDate() + 7 * count);
  if (interval === "month") date.setUTCMonth(date.getUTCMonth() + count);
  if (interval === "year") date.setUTCFullYear(date.getUTCFullYear() + count);
  return Math.floor(date.getTime() / 1000);
}

export function listEnvelope(data: unknown[], url: string, hasMore = false): Json {
  return { object: "list", data, has_more: hasMore, url };
}

export function customerObject(id: string, created: number, fields: Json): Json {
  return {
    id,
    object: "customer",
    address: null,
    balance: 0,
    created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
    ...fields,
  };
}

export function productObject(id: string, created: number, fields: Json): Json {
  return {
    id,
    object: "product",
    active: true,
    created,
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name: "",
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: "service",
    unit_label: null,
    updated: created,
    url: null,
    ...fields,
  };
}

export function priceObject(id: string, created: number, fields: Json): Json {
  return {
    id,
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created,
    currency: "eur",
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: "",
    recurring: null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "one_time",
    unit_amount: 0,
    unit_amount_decimal: "0",
    ...fields,
  };
}

/** The legacy `plan` every subscription item still carries, mirrored from its price. */
function planFromPrice(price: Json): Json {
  const recurring = (price.recurring ?? {}) as Json;
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: recurring.interval ?? null,
    interval_count: recurring.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: recurring.meter ?? null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: recurring.usage_type ?? "licensed",
  };
}

/** quantity null: a metered item, which Stripe returns without a quantity. */
export function subscriptionItemObject(subscription: string, price: Json, quantity: number | null, start: number, end: number): Json {
  return {
    id: stripeId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: start,
    current_period_end: end,
    current_period_start: start,
    discounts: [],
    metadata: {},
    plan: planFromPrice(price),
    price,
    ...(quantity === null ? {} : { quantity }),
    subscription,
    tax_rates: [],
  };
}

export function subscriptionObject(id: string, created: number, fields: Json): Json {
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: created,
    billing_cycle_anchor_config: null,
    billing_mode: { type: "flexible", flexible: { proration_discounts: "included" } },
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created,
    currency: "eur",
    customer: "",
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: listEnvelope([], `/v1/subscription_items?subscription=${id}`),
    latest_invoice: null,
    livemode: false,
    metadata: {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: created,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: null,
    ...fields,
  };
}

export function checkoutSessionObject(id: string, created: number, baseUrl: string, fields: Json): Json {
  return {
    id,
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: 0,
    amount_total: 0,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: null,
    client_reference_id: null,
    client_secret: null,
    created,
    currency: null,
    custom_fields: [],
    customer: null,
    customer_creation: null,
    customer_details: null,
    customer_email: null,
    expires_at: created + 24 * 3600,
    invoice: null,
    livemode: false,
    locale: null,
    metadata: {},
    mode: "subscription",
    payment_intent: null,
    payment_method_collection: "always",
    payment_method_types: ["card"],
    payment_status: "unpaid",
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: null,
    tax_id_collection: { enabled: false, required: "never" },
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: `${baseUrl}/c/pay/${id}`,
    ...fields,
  };
}

export function portalSessionObject(id: string, created: number, baseUrl: string, fields: Json): Json {
  return {
    id,
    object: "billing_portal.session",
    configuration: "bpc_standinDefault",
    created,
    customer: "",
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: null,
    url: `${baseUrl}/p/session/${id}`,
    ...fields,
  };
}

export function eventObject(type: string, object: Json, created: number, previousAttributes?: Json): Json {
  return {
    id: stripeId("evt", 24),
    object: "event",
    api_version: STANDIN_API_VERSION,
    created,
    data: { object: structuredClone(object), ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

export function invoiceObject(subscription: Json, created: number, status: "draft" | "open" | "paid" | "void", billingReason: string): Json {
  const items = (subscription.items as { data: Json[] }).data;
  // Metered items carry no quantity: their usage is invoiced at period end, not here.
  const total = items.reduce((sum, item) => sum + Number((item.price as Json).unit_amount ?? 0) * Number(item.quantity ?? 0), 0);
  const first = items[0] ?? {};
  const id = stripeId("in");
  const paid = status === "paid";
  return {
    id,
    object: "invoice",
    account_country: "CH",
    amount_due: total,
    amount_paid: paid ? total : 0,
    amount_remaining: paid ? 0 : total,
    attempt_count: status === "draft" ? 0 : 1,
    attempted: status !== "draft",
    auto_advance: !paid,
    billing_reason: billingReason,
    collection_method: "charge_automatically",
    created,
    currency: subscription.currency,
    customer: subscription.customer,
    hosted_invoice_url: `https://invoice.stripe.com/i/standin/${id}`,
    lines: listEnvelope(
      items.map((item) => ({
        id: stripeId("il"),
        object: "line_item",
        amount: Number((item.price as Json).unit_amount ?? 0) * Number(item.quantity ?? 0),
        currency: subscription.currency,
        invoice: id,
        period: { start: item.current_period_start, end: item.current_period_end },
        pricing: { price_details: { price: (item.price as Json).id, product: (item.price as Json).product }, type: "price_details" },
        quantity: item.quantity ?? 0,
        subscription: subscription.id,
      })),
      `/v1/invoices/${id}/lines`,
    ),
    livemode: false,
    metadata: {},
    next_payment_attempt: paid ? null : created + 3 * 24 * 3600,
    number: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: subscription.metadata, subscription: subscription.id },
      type: "subscription_details",
    },
    period_end: first.current_period_end ?? created,
    period_start: first.current_period_start ?? created,
    status,
    status_transitions: { finalized_at: created, paid_at: paid ? created : null, voided_at: null, marked_uncollectible_at: null },
    subtotal: total,
    total,
  };
}

import {
  addInterval,
  checkoutSessionObject,
  customerObject,
  type Interval,
  type Json,
  listEnvelope,
  portalSessionObject,
  priceObject,
  productObject,
  stripeId,
  subscriptionItemObject,
  subscriptionObject,
} from "./stripe-standin-objects";
import { bool, type FormObject, int, list, mergeMetadata, obj, onlyParams, ParamError, str } from "./stripe-standin-form";

/*
 * The Stripe API endpoints Frontdesk uses, over in-memory state. Validation
 * follows Stripe's documented rules closely enough that a wrong call fails
 * here the way it would fail against Stripe (unknown parameters, missing
 * ones, unknown ids, reused lookup keys, duplicate meter identifiers).
 */

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; message: string; param?: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function missing(kind: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(404, { type: "invalid_request_error", code: "resource_missing", message: `No such ${kind}: '${id}'`, param });
}

export interface StandinState {
  customers: Map<string, Json>;
  products: Map<string, Json>;
  prices: Map<string, Json>;
  subscriptions: Map<string, Json>;
  checkoutSessions: Map<string, Json>;
  checkoutLineItems: Map<string, { price: string; quantity: number }[]>;
  /** `subscription_data` of each session, applied when the session completes. */
  checkoutSubscriptionData: Map<string, FormObject>;
  portalSessions: Map<string, Json>;
  invoices: Map<string, Json>;
  meterEvents: Json[];
  /** Every subscription update as received, so tests can check proration_behavior. */
  subscriptionUpdates: { id: string; params: FormObject }[];
}

export function emptyState(): StandinState {
  return {
    customers: new Map(),
    products: new Map(),
    prices: new Map(),
    subscriptions: new Map(),
    checkoutSessions: new Map(),
    checkoutLineItems: new Map(),
    checkoutSubscriptionData: new Map(),
    portalSessions: new Map(),
    invoices: new Map(),
    meterEvents: [],
    subscriptionUpdates: [],
  };
}

export interface ApiContext {
  state: StandinState;
  now: () => number;
  baseUrl: string;
}

function newestFirst(items: Iterable<Json>): Json[] {
  return [...items].sort((a, b) => Number(b.created) - Number(a.created));
}

/** Stripe's cursor pagination: newest first, `limit` (1–100, default 10), `starting_after`. */
export function paginate(items: Json[], params: FormObject, url: string): Json {
  const limit = int(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw new ParamError("limit", "Invalid limit: must be between 1 and 100");
  let start = 0;
  const after = str(params, "starting_after");
  if (after) {
    const index = items.findIndex((item) => item.id === after);
    if (index < 0) throw missing("object", after, "starting_after");
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  return listEnvelope(page, url, start + limit < items.length);
}

// Customers

export function createCustomer(ctx: ApiContext, params: FormObject): Json {
  onlyParams(params, ["name", "email", "metadata", "address", "preferred_locales", "phone", "description", "tax_exempt"]);
  const id = stripeId("cus");
  const customer = customerObject(id, ctx.now(), {
    name: str(params, "name") ?? null,
    email: str(params, "email") ?? null,
    description: str(params, "description") ?? null,
    phone: str(params, "phone") ?? null,
    address: obj(params, "address") ?? null,
    preferred_locales: list(params, "preferred_locales") ?? [],
    tax_exempt: str(params, "tax_exempt") ?? "none",
    metadata: mergeMetadata({}, obj(params, "metadata")),
  });
  ctx.state.customers.set(id, customer);
  return customer;
}

export function customer(ctx: ApiContext, id: string): Json {
  const found = ctx.state.customers.get(id);
  if (!found) throw missing("customer", id);
  return found;
}

export function updateCustomer(ctx: ApiContext, id: string, params: FormObject): Json {
  onlyParams(params, ["name", "email", "metadata", "address", "preferred_locales", "phone", "description", "tax_exempt"]);
  const current = customer(ctx, id);
  for (const field of ["name", "email", "description", "phone", "tax_exempt"]) {
    if (params[field] !== undefined) current[field] = str(params, field) ?? null;
  }
  if (params.address !== undefined) current.address = obj(params, "address") ?? null;
  if (params.preferred_locales !== undefined) current.preferred_locales = list(params, "preferred_locales") ?? [];
  current.metadata = mergeMetadata(current.metadata as Record<string, string>, obj(params, "metadata"));
  return current;
}

// Products

const PRODUCT_FIELDS = ["name", "description", "active", "metadata", "tax_code", "unit_label", "statement_descriptor"];

export function createProduct(ctx: ApiContext, params: FormObject): Json {
  onlyParams(params, ["id", ...PRODUCT_FIELDS]);
  const id = str(params, "id") ?? stripeId("prod");
  if (ctx.state.products.has(id)) {
    throw new StripeApiError(400, { type: "invalid_request_error", code: "resource_already_exists", message: "Product already exists.", param: "id" });
  }
  const product = productObject(id, ctx.now(), {
    name: str(params, "name", true),
    description: str(params, "description") ?? null,
    active: bool(params, "active") ?? true,
    metadata: mergeMetadata({}, obj(params, "metadata")),
    tax_code: str(params, "tax_code") ?? null,
    unit_label: str(params, "unit_label") ?? null,
  });
  ctx.state.products.set(id, product);
  return product;
}

export function product(ctx: ApiContext, id: string): Json {
  const found = ctx.state.products.get(id);
  if (!found) throw missing("product", id);
  return found;
}

export function updateProduct(ctx: ApiContext, id: string, params: FormObject): Json {
  onlyParams(params, [...PRODUCT_FIELDS, "default_price"]);
  const current = product(ctx, id);
  for (const field of ["name", "description", "tax_code", "unit_label", "statement_descriptor"]) {
    if (params[field] !== undefined) current[field] = str(params, field) ?? null;
  }
  if (params.active !== undefined) current.active = bool(params, "active");
  if (params.default_price !== undefined) {
    const priceId = str(params, "default_price");
    if (priceId && !ctx.state.prices.has(priceId)) throw missing("price", priceId, "default_price");
    current.default_price = priceId ?? null;
  }
  current.metadata = mergeMetadata(current.metadata as Record<string, string>, obj(params, "metadata"));
  current.updated = ctx.now();
  return current;
}

export function listProducts(ctx: ApiContext, params: FormObject): Json {
  const active = bool(params, "active");
  const items = newestFirst(ctx.state.products.values()).filter((p) => active === undefined || p.active === active);
  return paginate(items, params, "/v1/products");
}

/** Stripe's search syntax for the clauses used here: `field:'v'`, `metadata['k']:'v'`, joined by AND. */
export function searchProducts(ctx: ApiContext, params: FormObject): Json {
  const query = str(params, "query", true)!;
  const clauses = query.split(/\s+AND\s+/).map((clause) => {
    const match = /^(?:metadata\[['"]([^'"]+)['"]\]|(\w+)):['"]([^'"]*)['"]$/.exec(clause.trim());
    if (!match) throw new ParamError("query", `Unsupported query clause: ${clause}`, "parameter_invalid");
    return { metadataKey: match[1], field: match[2], value: match[3] };
  });
  const data = newestFirst(ctx.state.products.values()).filter((p) =>
    clauses.every((c) => (c.metadataKey ? (p.metadata as Json)[c.metadataKey] === c.value : String(p[c.field!]) === c.value)),
  );
  const limit = int(params, "limit") ?? 10;
  return { object: "search_result", data: data.slice(0, limit), has_more: data.length > limit, next_page: null, url: "/v1/products/search" };
}

// Prices

function takeLookupKey(ctx: ApiContext, key: string, transfer: boolean): void {
  const holder = [...ctx.state.prices.values()].find((p) => p.lookup_key === key);
  if (!holder) return;
  if (!transfer) {
    throw new StripeApiError(400, {
      type: "invalid_request_error",
      message: `A price (\`${String(holder.id)}\`) already uses that lookup key.`,
      param: "lookup_key",
    });
  }
  holder.lookup_key = null;
}

export function createPrice(ctx: ApiContext, params: FormObject): Json {
  onlyParams(params, ["currency", "unit_amount", "product", "product_data", "recurring", "lookup_key", "transfer_lookup_key", "nickname", "metadata", "active", "tax_behavior"]);
  const currency = str(params, "currency", true)!.toLowerCase();
  const unitAmount = int(params, "unit_amount", true)!;
  let productId = str(params, "product");
  const productData = obj(params, "product_data");
  if (!productId && productData) productId = String(createProduct(ctx, { name: productData.name ?? "", metadata: productData.metadata ?? {} }).id);
  if (!productId) throw new ParamError("product", "Missing required param: product.", "parameter_missing");
  product(ctx, productId);
  const recurringParams = obj(params, "recurring");
  let recurring: Json | null = null;
  if (recurringParams) {
    const interval = str(recurringParams, "interval", true, "recurring[")!;
    if (!["day", "week", "month", "year"].includes(interval)) throw new ParamError("recurring[interval]", `Invalid recurring[interval]: ${interval}`);
    recurring = {
      interval,
      interval_count: int(recurringParams, "interval_count") ?? 1,
      meter: str(recurringParams, "meter") ?? null,
      trial_period_days: null,
      usage_type: str(recurringParams, "usage_type") ?? "licensed",
    };
  }
  const lookupKey = str(params, "lookup_key");
  if (lookupKey) takeLookupKey(ctx, lookupKey, bool(params, "transfer_lookup_key") ?? false);
  const id = stripeId("price", 24);
  const price = priceObject(id, ctx.now(), {
    active: bool(params, "active") ?? true,
    currency,
    lookup_key: lookupKey ?? null,
    metadata: mergeMetadata({}, obj(params, "metadata")),
    nickname: str(params, "nickname") ?? null,
    product: productId,
    recurring,
    tax_behavior: str(params, "tax_behavior") ?? "unspecified",
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount),
  });
  ctx.state.prices.set(id, price);
  return price;
}

export function price(ctx: ApiContext, id: string, param = "id"): Json {
  const found = ctx.state.prices.get(id);
  if (!found) throw missing("price", id, param);
  return found;
}

/** Amount, currency and interval of a price are immutable at Stripe: a new price is created instead. */
export function updatePrice(ctx: ApiContext, id: string, params: FormObject): Json {
  onlyParams(params, ["active", "lookup_key", "transfer_lookup_key", "nickname", "metadata", "tax_behavior"]);
  const current = price(ctx, id);
  if (params.active !== undefined) current.active = bool(params, "active");
  if (params.nickname !== undefined) current.nickname = str(params, "nickname") ?? null;
  if (params.tax_behavior !== undefined) current.tax_behavior = str(params, "tax_behavior");
  if (params.lookup_key !== undefined) {
    const key = str(params, "lookup_key");
    if (key && key !== current.lookup_key) takeLookupKey(ctx, key, bool(params, "transfer_lookup_key") ?? false);
    current.lookup_key = key ?? null;
  }
  current.metadata = mergeMetadata(current.metadata as Record<string, string>, obj(params, "metadata"));
  return current;
}

/** Without `active`, Stripe lists active prices only. */
export function listPrices(ctx: ApiContext, params: FormObject): Json {
  const active = bool(params, "active") ?? true;
  const keys = list(params, "lookup_keys")?.map(String);
  const productId = str(params, "product");
  const currency = str(params, "currency")?.toLowerCase();
  const type = str(params, "type");
  const interval = str(obj(params, "recurring") ?? {}, "interval");
  const items = newestFirst(ctx.state.prices.values()).filter(
    (p) =>
      p.active === active &&
      (!keys || keys.includes(String(p.lookup_key))) &&
      (!productId || p.product === productId) &&
      (!currency || p.currency === currency) &&
      (!type || p.type === type) &&
      (!interval || (p.recurring as Json | null)?.interval === interval),
  );
  return paginate(items, params, "/v1/prices");
}

// Checkout and portal

export function createCheckoutSession(ctx: ApiContext, params: FormObject): Json {
  onlyParams(params, [
    "mode", "customer", "customer_email", "client_reference_id", "line_items", "success_url", "cancel_url",
    "billing_address_collection", "tax_id_collection", "customer_update", "subscription_data", "metadata",
    "locale", "allow_promotion_codes", "automatic_tax", "payment_method_collection", "ui_mode",
  ]);
  const mode = str(params, "mode", true)!;
  if (!["payment", "setup", "subscription"].includes(mode)) throw new ParamError("mode", `Invalid mode: ${mode}`);
  const customerId = str(params, "customer");
  if (customerId) customer(ctx, customerId);
  if (customerId && str(params, "customer_email")) {
    throw new ParamError("customer_email", "You may only specify one of these parameters: customer, customer_email.", "parameters_exclusive");
  }
  const successUrl = str(params, "success_url", true)!;
  const items = (list(params, "line_items") ?? []).map((raw, index) => {
    const item = raw as FormObject;
    const priceId = str(item, "price", true, `line_items[${index}][`)!;
    return { price: price(ctx, priceId, `line_items[${index}][price]`), quantity: int(item, "quantity") ?? 1 };
  });
  if (mode === "subscription" && !items.some((i) => i.price.type === "recurring")) {
    throw new ParamError("line_items", "You must provide at least one recurring price in `subscription` mode when using prices.");
  }
  const taxIds = obj(params, "tax_id_collection");
  const taxIdsEnabled = taxIds ? bool(taxIds, "enabled") === true : false;
  const customerUpdate = obj(params, "customer_update") ?? {};
  // Stripe refuses to collect a tax id for an existing customer unless Checkout may write the customer's name.
  if (taxIdsEnabled && customerId && customerUpdate.name !== "auto") {
    throw new ParamError("customer_update[name]", "customer_update[name] must be set to `auto` when tax ID collection is enabled and a customer is provided.");
  }
  const billingAddress = str(params, "billing_address_collection");
  if (billingAddress && !["auto", "required"].includes(billingAddress)) throw new ParamError("billing_address_collection", `Invalid billing_address_collection: ${billingAddress}`);
  const total = items.reduce((sum, i) => sum + Number(i.price.unit_amount) * i.quantity, 0);
  const id = stripeId("cs_test", 58);
  const session = checkoutSessionObject(id, ctx.now(), ctx.baseUrl, {
    amount_subtotal: total,
    amount_total: total,
    billing_address_collection: billingAddress ?? null,
    cancel_url: str(params, "cancel_url") ?? null,
    client_reference_id: str(params, "client_reference_id") ?? null,
    currency: items[0]?.price.currency ?? null,
    customer: customerId ?? null,
    customer_email: str(params, "customer_email") ?? null,
    locale: str(params, "locale") ?? null,
    metadata: mergeMetadata({}, obj(params, "metadata")),
    mode,
    success_url: successUrl,
    tax_id_collection: { enabled: taxIdsEnabled, required: "never" },
  });
  ctx.state.checkoutSessions.set(id, session);
  ctx.state.checkoutLineItems.set(id, items.map((i) => ({ price: String(i.price.id), quantity: i.quantity })));
  const subscriptionData = obj(params, "subscription_data");
  if (subscriptionData) ctx.state.checkoutSubscriptionData.set(id, subscriptionData);
  return session;
}

export function checkoutSession(ctx: ApiContext, id: string): Json {
  const found = ctx.state.checkoutSessions.get(id);
  if (!found) throw missing("checkout.session", id);
  return found;
}

export function createPortalSession(ctx: ApiContext, params: FormObject): Json {
  onlyParams(params, ["customer", "return_url", "flow_data", "locale", "configuration"]);
  const customerId = str(params, "customer", true)!;
  customer(ctx, customerId);
  const id = stripeId("bps", 24);
  const session = portalSessionObject(id, ctx.now(), ctx.baseUrl, {
    customer: customerId,
    locale: str(params, "locale") ?? null,
    return_url: str(params, "return_url") ?? null,
    flow: obj(params, "flow_data") ?? null,
  });
  ctx.state.portalSessions.set(id, session);
  return session;
}

// Subscriptions

export function subscription(ctx: ApiContext, id: string): Json {
  const found = ctx.state.subscriptions.get(id);
  if (!found) throw missing("subscription", id);
  return found;
}

export function newSubscription(ctx: ApiContext, customerId: string, items: { price: string; quantity: number }[], fields: Json = {}): Json {
  const id = stripeId("sub", 24);
  const now = ctx.now();
  const prices = items.map((i) => ({ price: price(ctx, i.price), quantity: i.quantity }));
  const interval = ((prices[0]?.price.recurring as Json | null)?.interval ?? "month") as Interval;
  const trialEnd = typeof fields.trial_end === "number" ? fields.trial_end : null;
  const periodEnd = trialEnd ?? addInterval(now, interval);
  const sub = subscriptionObject(id, now, {
    customer: customerId,
    currency: prices[0]?.price.currency ?? "eur",
    items: listEnvelope(prices.map((p) => subscriptionItemObject(id, p.price, p.quantity, now, periodEnd)), `/v1/subscription_items?subscription=${id}`),
    status: trialEnd ? "trialing" : "active",
    trial_start: trialEnd ? now : null,
    ...fields,
  });
  ctx.state.subscriptions.set(id, sub);
  return sub;
}

export function listSubscriptions(ctx: ApiContext, params: FormObject): Json {
  const customerId = str(params, "customer");
  const priceId = str(params, "price");
  // Stripe's default hides canceled subscriptions; `all` shows them.
  const status = str(params, "status");
  const items = newestFirst(ctx.state.subscriptions.values()).filter(
    (s) =>
      (!customerId || s.customer === customerId) &&
      (!priceId || (s.items as { data: Json[] }).data.some((i) => (i.price as Json).id === priceId)) &&
      (status === "all" || (status ? s.status === status : s.status !== "canceled")),
  );
  return paginate(items, params, "/v1/subscriptions");
}

const PRORATION = ["always_invoice", "create_prorations", "none"];

export function updateSubscription(ctx: ApiContext, id: string, params: FormObject): Json {
  onlyParams(params, ["items", "proration_behavior", "proration_date", "cancel_at_period_end", "metadata", "payment_behavior", "trial_end", "billing_cycle_anchor"]);
  const sub = subscription(ctx, id);
  if (sub.status === "canceled") {
    throw new StripeApiError(400, { type: "invalid_request_error", message: "A canceled subscription can only update its cancellation_details and metadata." });
  }
  const proration = str(params, "proration_behavior");
  if (proration && !PRORATION.includes(proration)) throw new ParamError("proration_behavior", `Invalid proration_behavior: ${proration}`);
  ctx.state.subscriptionUpdates.push({ id, params: structuredClone(params) });
  const items = sub.items as { data: Json[] };
  const now = ctx.now();
  for (const [index, raw] of (list(params, "items") ?? []).entries()) {
    const change = raw as FormObject;
    const itemId = str(change, "id");
    const existing = itemId ? items.data.find((i) => i.id === itemId) : undefined;
    if (itemId && !existing) throw missing("subscription_item", itemId, `items[${index}][id]`);
    if (existing && bool(change, "deleted")) {
      items.data = items.data.filter((i) => i !== existing);
      continue;
    }
    const priceId = str(change, "price");
    const newPrice = priceId ? price(ctx, priceId, `items[${index}][price]`) : undefined;
    const quantity = int(change, "quantity");
    if (existing) {
      if (newPrice) {
        const oldInterval = ((existing.price as Json).recurring as Json).interval;
        existing.price = newPrice;
        existing.plan = subscriptionItemObject(id, newPrice, 1, now, now).plan;
        // A change of interval restarts the billing cycle now, as at Stripe.
        const interval = (newPrice.recurring as Json).interval as Interval;
        if (interval !== oldInterval) {
          existing.current_period_start = now;
          existing.current_period_end = addInterval(now, interval);
          sub.billing_cycle_anchor = now;
        }
      }
      if (quantity !== undefined) existing.quantity = quantity;
    } else {
      if (!newPrice) throw new ParamError(`items[${index}][price]`, `Missing required param: items[${index}][price].`, "parameter_missing");
      const start = Number(items.data[0]?.current_period_start ?? now);
      const end = Number(items.data[0]?.current_period_end ?? addInterval(now, (newPrice.recurring as Json).interval as Interval));
      items.data.push(subscriptionItemObject(id, newPrice, quantity ?? 1, start, end));
    }
  }
  if (params.cancel_at_period_end !== undefined) {
    sub.cancel_at_period_end = bool(params, "cancel_at_period_end");
    sub.cancel_at = sub.cancel_at_period_end ? items.data[0]?.current_period_end ?? null : null;
  }
  sub.metadata = mergeMetadata(sub.metadata as Record<string, string>, obj(params, "metadata"));
  return sub;
}

export function cancelSubscription(ctx: ApiContext, id: string): Json {
  const sub = subscription(ctx, id);
  if (sub.status === "canceled") {
    throw new StripeApiError(400, { type: "invalid_request_error", message: `No such subscription: '${id}'; it has already been canceled.` });
  }
  const now = ctx.now();
  Object.assign(sub, { status: "canceled", canceled_at: now, ended_at: now, cancellation_details: { comment: null, feedback: null, reason: "cancellation_requested" } });
  return sub;
}

// Meter events

export function createMeterEvent(ctx: ApiContext, params: FormObject): Json {
  onlyParams(params, ["event_name", "payload", "identifier", "timestamp"]);
  const eventName = str(params, "event_name", true)!;
  const payload = obj(params, "payload");
  if (!payload) throw new ParamError("payload", "Missing required param: payload.", "parameter_missing");
  if (!str(payload, "stripe_customer_id")) throw new ParamError("payload[stripe_customer_id]", "Missing required param: payload[stripe_customer_id].", "parameter_missing");
  const now = ctx.now();
  const timestamp = int(params, "timestamp") ?? now;
  if (timestamp < now - 35 * 24 * 3600 || timestamp > now + 300) {
    throw new ParamError("timestamp", "Timestamp must be within the past 35 calendar days or up to 5 minutes in the future.");
  }
  const identifier = str(params, "identifier") ?? stripeId("mev", 20);
  // Stripe keeps identifiers unique over a rolling window of at least 24 hours and refuses a repeat.
  if (ctx.state.meterEvents.some((e) => e.identifier === identifier && Number(e.created) > now - 24 * 3600)) {
    throw new StripeApiError(
      400,
      { type: "invalid_request_error", message: `An event already exists with identifier ${identifier}.`, param: "identifier" },
      { "stripe-should-retry": "false" },
    );
  }
  const event = { object: "billing.meter_event", created: now, event_name: eventName, identifier, livemode: false, payload: { ...payload }, timestamp };
  ctx.state.meterEvents.push(event);
  return event;
}

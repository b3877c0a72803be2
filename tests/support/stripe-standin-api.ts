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
import { type ApiContext, missing, newestFirst, paginate, StripeApiError } from "./stripe-standin-state";
import { assertMeterAccepts, assertNoQuantity, isMetered, recurringOf } from "./stripe-standin-meters";
export { type ApiContext, emptyState, missing, paginate, type StandinState, StripeApiError } from "./stripe-standin-state";

/*
 * The Stripe API endpoints Frontdesk uses, over in-memory state. Validation
 * follows Stripe's documented rules closely enough that a wrong call fails
 * here the way it would fail against Stripe (unknown parameters, missing
 * ones, unknown ids, reused lookup keys, duplicate meter identifiers,
 * quantities on metered items). Billing Meters: stripe-standin-meters.ts.
 */


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
  const recurring: Json | null = recurringParams ? recurringOf(ctx, recurringParams) : null;
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
  const recurringFilter = obj(params, "recurring") ?? {};
  const interval = str(recurringFilter, "interval");
  const usageType = str(recurringFilter, "usage_type");
  const meterId = str(recurringFilter, "meter");
  const items = newestFirst(ctx.state.prices.values()).filter(
    (p) =>
      p.active === active &&
      (!keys || keys.includes(String(p.lookup_key))) &&
      (!productId || p.product === productId) &&
      (!currency || p.currency === currency) &&
      (!type || p.type === type) &&
      (!interval || (p.recurring as Json | null)?.interval === interval) &&
      (!usageType || (p.recurring as Json | null)?.usage_type === usageType) &&
      (!meterId || (p.recurring as Json | null)?.meter === meterId),
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
    const found = price(ctx, priceId, `line_items[${index}][price]`);
    assertNoQuantity(found, str(item, "quantity"), `line_items[${index}][quantity]`);
    return { price: found, quantity: isMetered(found) ? null : (int(item, "quantity") ?? 1) };
  });
  const currencies = new Set(items.map((i) => i.price.currency));
  if (currencies.size > 1) throw new ParamError("line_items", "All line items must have the same currency.");
  const subscriptionData = obj(params, "subscription_data");
  const billingMode = str(obj(subscriptionData ?? {}, "billing_mode") ?? {}, "type") ?? "flexible";
  const intervals = new Set(items.filter((i) => i.price.type === "recurring").map((i) => (i.price.recurring as Json).interval));
  // Items of different intervals (a yearly plan, monthly usage) need flexible billing mode, the default.
  if (intervals.size > 1 && billingMode !== "flexible") {
    throw new ParamError("subscription_data[billing_mode][type]", "Mixed-interval subscriptions require `billing_mode[type]=flexible`.");
  }
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
  // Usage is billed in arrears: metered items add nothing to the first payment.
  const total = items.reduce((sum, i) => sum + (i.quantity === null ? 0 : Number(i.price.unit_amount) * i.quantity), 0);
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

export function newSubscription(ctx: ApiContext, customerId: string, items: { price: string; quantity: number | null }[], fields: Json = {}): Json {
  const id = stripeId("sub", 24);
  const now = ctx.now();
  const prices = items.map((i) => ({ price: price(ctx, i.price), quantity: i.quantity }));
  const interval = ((prices[0]?.price.recurring as Json | null)?.interval ?? "month") as Interval;
  const trialEnd = typeof fields.trial_end === "number" ? fields.trial_end : null;
  // Each item bills on its own interval (flexible billing mode): a yearly plan with monthly usage.
  const endOf = (p: Json) => trialEnd ?? addInterval(now, ((p.recurring as Json | null)?.interval ?? interval) as Interval);
  const sub = subscriptionObject(id, now, {
    customer: customerId,
    currency: prices[0]?.price.currency ?? "eur",
    items: listEnvelope(prices.map((p) => subscriptionItemObject(id, p.price, p.quantity, now, endOf(p.price))), `/v1/subscription_items?subscription=${id}`),
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
    assertNoQuantity(newPrice ?? (existing?.price as Json | undefined) ?? {}, str(change, "quantity"), `items[${index}][quantity]`);
    const quantity = int(change, "quantity");
    if (newPrice && items.data.some((i) => i !== existing && (i.price as Json).id === newPrice.id)) {
      throw new ParamError(`items[${index}][price]`, `Cannot add multiple subscription items with the same price: ${String(newPrice.id)}.`);
    }
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
      const interval = (newPrice.recurring as Json).interval as Interval;
      // An item of the subscription's own interval joins its period; another interval starts its own now.
      const same = items.data.find((i) => ((i.price as Json).recurring as Json).interval === interval);
      const start = Number(same?.current_period_start ?? now);
      const end = Number(same?.current_period_end ?? addInterval(now, interval));
      items.data.push(subscriptionItemObject(id, newPrice, isMetered(newPrice) ? null : (quantity ?? 1), start, end));
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
  assertMeterAccepts(ctx, eventName, payload);
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

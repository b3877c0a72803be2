import { type ApiContext, missing, paginate, StripeApiError } from "./stripe-standin-state";
import { type FormObject, obj, onlyParams, ParamError, str } from "./stripe-standin-form";
import { type Json, stripeId } from "./stripe-standin-objects";

/*
 * Billing Meters (/v1/billing/meters) as Stripe documents them: a meter
 * aggregates meter events by event_name, per customer found under
 * customer_mapping.event_payload_key, summing (or counting) the payload key
 * of value_settings. event_name is unique among active meters; once created
 * only display_name changes. Metered prices point at a meter
 * (recurring[meter]). A meter event whose event_name no active meter has,
 * or whose payload lacks the meter's keys or names an unknown customer, is
 * refused here at once; Stripe may report such events later instead
 * (v1.billing.meter.no_meter_found, error reports), never billing them.
 */

const FORMULAS = ["sum", "count", "last"];

export function meterObject(id: string, created: number, fields: Json): Json {
  return {
    id,
    object: "billing.meter",
    created,
    customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
    default_aggregation: { formula: "sum" },
    display_name: "",
    event_name: "",
    event_time_window: null,
    livemode: false,
    status: "active",
    status_transitions: { deactivated_at: null },
    updated: created,
    value_settings: { event_payload_key: "value" },
    ...fields,
  };
}

export function activeMeterFor(ctx: ApiContext, eventName: string): Json | undefined {
  return [...ctx.state.meters.values()].find((m) => m.status === "active" && m.event_name === eventName);
}

function duplicateEventName(eventName: string): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    message: `An active meter with event_name \`${eventName}\` already exists.`,
    param: "event_name",
  });
}

export function createMeter(ctx: ApiContext, params: FormObject): Json {
  onlyParams(params, ["display_name", "event_name", "default_aggregation", "customer_mapping", "value_settings", "event_time_window"]);
  const displayName = str(params, "display_name", true)!;
  const eventName = str(params, "event_name", true)!;
  if (eventName.length > 100) throw new ParamError("event_name", "event_name must be at most 100 characters.");
  const aggregation = obj(params, "default_aggregation");
  if (!aggregation) throw new ParamError("default_aggregation", "Missing required param: default_aggregation.", "parameter_missing");
  const formula = str(aggregation, "formula", true, "default_aggregation[")!;
  if (!FORMULAS.includes(formula)) throw new ParamError("default_aggregation[formula]", `Invalid default_aggregation[formula]: ${formula}`);
  const mapping = obj(params, "customer_mapping");
  const mappingType = mapping ? str(mapping, "type", true, "customer_mapping[")! : "by_id";
  if (mappingType !== "by_id") throw new ParamError("customer_mapping[type]", `Invalid customer_mapping[type]: ${mappingType}`);
  const customerKey = mapping ? str(mapping, "event_payload_key", true, "customer_mapping[")! : "stripe_customer_id";
  const valueSettings = obj(params, "value_settings");
  const valueKey = valueSettings ? str(valueSettings, "event_payload_key", true, "value_settings[")! : "value";
  const window = str(params, "event_time_window");
  if (window && !["day", "hour"].includes(window)) throw new ParamError("event_time_window", `Invalid event_time_window: ${window}`);
  if (activeMeterFor(ctx, eventName)) throw duplicateEventName(eventName);
  const id = stripeId("mtr_test", 32);
  const meter = meterObject(id, ctx.now(), {
    customer_mapping: { event_payload_key: customerKey, type: mappingType },
    default_aggregation: { formula },
    display_name: displayName,
    event_name: eventName,
    event_time_window: window ?? null,
    value_settings: { event_payload_key: valueKey },
  });
  ctx.state.meters.set(id, meter);
  return meter;
}

export function meter(ctx: ApiContext, id: string, param = "id"): Json {
  const found = ctx.state.meters.get(id);
  if (!found) throw missing("billing.meter", id, param);
  return found;
}

export function listMeters(ctx: ApiContext, params: FormObject): Json {
  const status = str(params, "status");
  if (status && !["active", "inactive"].includes(status)) throw new ParamError("status", `Invalid status: ${status}`);
  const items = [...ctx.state.meters.values()]
    .sort((a, b) => Number(b.created) - Number(a.created))
    .filter((m) => !status || m.status === status);
  return paginate(items, params, "/v1/billing/meters");
}

/** Only the display name of a meter can change. */
export function updateMeter(ctx: ApiContext, id: string, params: FormObject): Json {
  onlyParams(params, ["display_name"]);
  const current = meter(ctx, id);
  const name = str(params, "display_name");
  if (name) Object.assign(current, { display_name: name, updated: ctx.now() });
  return current;
}

export function deactivateMeter(ctx: ApiContext, id: string): Json {
  const current = meter(ctx, id);
  const now = ctx.now();
  Object.assign(current, { status: "inactive", status_transitions: { deactivated_at: now }, updated: now });
  return current;
}

export function reactivateMeter(ctx: ApiContext, id: string): Json {
  const current = meter(ctx, id);
  if (current.status !== "active" && activeMeterFor(ctx, String(current.event_name))) throw duplicateEventName(String(current.event_name));
  Object.assign(current, { status: "active", status_transitions: { deactivated_at: null }, updated: ctx.now() });
  return current;
}

/** `recurring` of a new price: a metered price needs an active meter, a licensed one must not name one. */
export function recurringOf(ctx: ApiContext, params: FormObject): Json {
  const interval = str(params, "interval", true, "recurring[")!;
  if (!["day", "week", "month", "year"].includes(interval)) throw new ParamError("recurring[interval]", `Invalid recurring[interval]: ${interval}`);
  const usageType = str(params, "usage_type") ?? "licensed";
  if (!["licensed", "metered"].includes(usageType)) throw new ParamError("recurring[usage_type]", `Invalid recurring[usage_type]: ${usageType}`);
  const meterId = str(params, "meter");
  if (usageType === "metered") {
    if (!meterId) throw new ParamError("recurring[meter]", "A metered price must be attached to a meter: set recurring[meter].", "parameter_missing");
    if (meter(ctx, meterId, "recurring[meter]").status !== "active") {
      throw new ParamError("recurring[meter]", `The meter ${meterId} is inactive; a price can only use an active meter.`);
    }
  } else if (meterId) {
    throw new ParamError("recurring[meter]", "recurring[meter] can only be set when recurring[usage_type] is metered.");
  }
  return { interval, interval_count: Number(str(params, "interval_count") ?? 1), meter: meterId ?? null, trial_period_days: null, usage_type: usageType };
}

export const isMetered = (price: Json) => (price.recurring as Json | null)?.usage_type === "metered";

/** Stripe refuses a quantity on a metered line item or subscription item: usage, not a count, is billed. */
export function assertNoQuantity(price: Json, quantity: string | undefined, param: string): void {
  if (isMetered(price) && quantity !== undefined) {
    throw new ParamError(param, "Quantity should not be specified where usage_type is `metered`. Remove quantity from this item.");
  }
}

/** A meter event counts only against an active meter with its event_name, naming the meter's customer and value keys. */
export function assertMeterAccepts(ctx: ApiContext, eventName: string, payload: FormObject): void {
  const found = activeMeterFor(ctx, eventName);
  if (!found) {
    throw new ParamError("event_name", `No active meter was found with event_name \`${eventName}\`.`, "resource_missing");
  }
  const customerKey = String((found.customer_mapping as Json).event_payload_key);
  const valueKey = String((found.value_settings as Json).event_payload_key);
  const customerId = str(payload, customerKey);
  if (!customerId) throw new ParamError(`payload[${customerKey}]`, `Missing required param: payload[${customerKey}].`, "parameter_missing");
  if (!ctx.state.customers.has(customerId)) throw missing("customer", customerId, `payload[${customerKey}]`);
  const value = str(payload, valueKey);
  if ((found.default_aggregation as Json).formula !== "count") {
    if (value === undefined) throw new ParamError(`payload[${valueKey}]`, `Missing required param: payload[${valueKey}].`, "parameter_missing");
    if (!/^\d+(\.\d+)?$/.test(value)) throw new ParamError(`payload[${valueKey}]`, `payload[${valueKey}] must be a non-negative number.`);
  }
}

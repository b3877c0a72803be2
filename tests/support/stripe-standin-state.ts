import { type FormObject, int, ParamError, str } from "./stripe-standin-form";
import { type Json, listEnvelope } from "./stripe-standin-objects";

/*
 * The stand-in's in-memory state, its error type and Stripe's list
 * pagination: the leaf every endpoint module (stripe-standin-api.ts,
 * stripe-standin-meters.ts) builds on.
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
  /** quantity null: a metered item, billed on usage. */
  checkoutLineItems: Map<string, { price: string; quantity: number | null }[]>;
  /** `subscription_data` of each session, applied when the session completes. */
  checkoutSubscriptionData: Map<string, FormObject>;
  portalSessions: Map<string, Json>;
  invoices: Map<string, Json>;
  meters: Map<string, Json>;
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
    meters: new Map(),
    meterEvents: [],
    subscriptionUpdates: [],
  };
}

export interface ApiContext {
  state: StandinState;
  now: () => number;
  baseUrl: string;
}

export function newestFirst(items: Iterable<Json>): Json[] {
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

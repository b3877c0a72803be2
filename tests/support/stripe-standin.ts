import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import * as api from "./stripe-standin-api";
import * as meters from "./stripe-standin-meters";
import { type ApiContext, emptyState, type StandinState, StripeApiError } from "./stripe-standin-api";
import { type FormObject, ParamError, parseStripeForm } from "./stripe-standin-form";
import { eventObject, invoiceObject, type Json } from "./stripe-standin-objects";

/*
 * A local HTTP stand-in for the part of the Stripe API Frontdesk calls,
 * started by a test (or the e2e server) on a free port. The real `stripe`
 * package talks to it through `host`/`port`/`protocol` (STRIPE_API_BASE), so
 * request encoding, idempotency keys, error classes and response parsing are
 * stripe-node's own. Nothing leaves the machine.
 *
 * Besides the API it serves the hosted pages a browser is sent to
 * (`/c/pay/<session>`, `/p/session/<portal session>`) and, under `/_standin/`,
 * controls for tests that run in another process (e2e): complete a checkout,
 * move a subscription's status, read the state.
 */

export interface StripeStandin {
  /** e.g. http://127.0.0.1:51234 — what STRIPE_API_BASE is set to. */
  url: string;
  port: number;
  state: StandinState;
  /** Options for `new Stripe(key, …)` that reach this stand-in. */
  clientConfig(): { host: string; port: number; protocol: "http"; maxNetworkRetries: number };
  /** The customer pays: the session completes, a subscription is created; returns the events Stripe would send. */
  completeCheckout(sessionId: string, options?: { trialDays?: number; status?: string }): CheckoutOutcome;
  /** Moves a subscription (e.g. to past_due) and returns the `customer.subscription.updated` event. */
  setSubscriptionStatus(subscriptionId: string, status: string): { subscription: Json; event: Json };
  /** An invoice for a subscription with its `invoice.*` event. */
  invoiceEvent(subscriptionId: string, type: "invoice.paid" | "invoice.payment_failed" | "invoice.payment_action_required", billingReason?: string): { invoice: Json; event: Json };
  event(type: string, object: Json, previousAttributes?: Json): Json;
  close(): Promise<void>;
}

export interface CheckoutOutcome {
  session: Json;
  subscription: Json;
  /** checkout.session.completed, customer.subscription.created, invoice.paid — in Stripe's order. */
  events: Json[];
}

export interface StandinOptions {
  port?: number;
  /** Unix seconds; defaults to the wall clock. */
  now?: () => number;
  /** When set, only this secret key is accepted. */
  apiKey?: string;
}

/** Signs an event the way Stripe does, for posting to /api/webhooks/stripe. */
export function signedWebhook(event: Json, secret: string, timestamp?: number): { payload: string; header: string } {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
  return { payload, header };
}

interface Stored {
  method: string;
  path: string;
  body: string;
  status: number;
  response: unknown;
}

type Handler = (ctx: ApiContext, params: FormObject, id: string) => Json;

const ROUTES: [string, RegExp, Handler][] = [
  ["POST", /^\/v1\/customers$/, (c, p) => api.createCustomer(c, p)],
  ["GET", /^\/v1\/customers\/([^/]+)$/, (c, _p, id) => api.customer(c, id)],
  ["POST", /^\/v1\/customers\/([^/]+)$/, (c, p, id) => api.updateCustomer(c, id, p)],
  ["POST", /^\/v1\/products$/, (c, p) => api.createProduct(c, p)],
  ["GET", /^\/v1\/products$/, (c, p) => api.listProducts(c, p)],
  ["GET", /^\/v1\/products\/search$/, (c, p) => api.searchProducts(c, p)],
  ["GET", /^\/v1\/products\/([^/]+)$/, (c, _p, id) => api.product(c, id)],
  ["POST", /^\/v1\/products\/([^/]+)$/, (c, p, id) => api.updateProduct(c, id, p)],
  ["POST", /^\/v1\/prices$/, (c, p) => api.createPrice(c, p)],
  ["GET", /^\/v1\/prices$/, (c, p) => api.listPrices(c, p)],
  ["GET", /^\/v1\/prices\/([^/]+)$/, (c, _p, id) => api.price(c, id)],
  ["POST", /^\/v1\/prices\/([^/]+)$/, (c, p, id) => api.updatePrice(c, id, p)],
  ["POST", /^\/v1\/checkout\/sessions$/, (c, p) => api.createCheckoutSession(c, p)],
  ["GET", /^\/v1\/checkout\/sessions\/([^/]+)$/, (c, _p, id) => api.checkoutSession(c, id)],
  ["POST", /^\/v1\/billing_portal\/sessions$/, (c, p) => api.createPortalSession(c, p)],
  ["GET", /^\/v1\/subscriptions$/, (c, p) => api.listSubscriptions(c, p)],
  ["GET", /^\/v1\/subscriptions\/([^/]+)$/, (c, _p, id) => api.subscription(c, id)],
  ["POST", /^\/v1\/subscriptions\/([^/]+)$/, (c, p, id) => api.updateSubscription(c, id, p)],
  ["DELETE", /^\/v1\/subscriptions\/([^/]+)$/, (c, _p, id) => api.cancelSubscription(c, id)],
  ["GET", /^\/v1\/invoices\/([^/]+)$/, (c, _p, id) => {
    const invoice = c.state.invoices.get(id);
    if (!invoice) throw api.missing("invoice", id);
    return invoice;
  }],
  ["POST", /^\/v1\/billing\/meter_events$/, (c, p) => api.createMeterEvent(c, p)],
  ["POST", /^\/v1\/billing\/meters$/, (c, p) => meters.createMeter(c, p)],
  ["GET", /^\/v1\/billing\/meters$/, (c, p) => meters.listMeters(c, p)],
  ["GET", /^\/v1\/billing\/meters\/([^/]+)$/, (c, _p, id) => meters.meter(c, id)],
  ["POST", /^\/v1\/billing\/meters\/([^/]+)\/deactivate$/, (c, _p, id) => meters.deactivateMeter(c, id)],
  ["POST", /^\/v1\/billing\/meters\/([^/]+)\/reactivate$/, (c, _p, id) => meters.reactivateMeter(c, id)],
  ["POST", /^\/v1\/billing\/meters\/([^/]+)$/, (c, p, id) => meters.updateMeter(c, id, p)],
];

function lookup(state: StandinState, id: string): Json | undefined {
  return (
    state.customers.get(id) ?? state.products.get(id) ?? state.prices.get(id) ?? state.subscriptions.get(id) ??
    state.invoices.get(id) ?? state.checkoutSessions.get(id)
  );
}

/** `expand[]` as Stripe applies it: dotted paths, `data` walks a list, ids become their objects. */
function expand(state: StandinState, value: unknown, path: string[]): unknown {
  if (path.length === 0 || value === null || typeof value !== "object") return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) return value.map((v) => expand(state, v, path));
  const record = { ...(value as Json) };
  let child = record[head];
  if (typeof child === "string") child = lookup(state, child) ? structuredClone(lookup(state, child)) : child;
  if (head === "line_items" && record.object === "checkout.session") {
    const items = state.checkoutLineItems.get(String(record.id)) ?? [];
    child = { object: "list", data: items.map((i) => ({ object: "item", price: state.prices.get(i.price), quantity: i.quantity })), has_more: false, url: `/v1/checkout/sessions/${String(record.id)}/line_items` };
  }
  record[head] = expand(state, child, rest);
  return record;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "request-id": `req_standin${Date.now()}`, ...headers });
  res.end(JSON.stringify(body));
}

function page(res: http.ServerResponse, title: string, body: string) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startStripeStandin(options: StandinOptions = {}): Promise<StripeStandin> {
  const state = emptyState();
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const idempotent = new Map<string, Stored>();
  const ctx: ApiContext = { state, now, baseUrl: "" };

  function event(type: string, object: Json, previousAttributes?: Json): Json {
    return eventObject(type, object, now(), previousAttributes);
  }

  function invoiceEvent(subscriptionId: string, type: "invoice.paid" | "invoice.payment_failed" | "invoice.payment_action_required", billingReason = "subscription_cycle") {
    const sub = api.subscription(ctx, subscriptionId);
    const invoice = invoiceObject(sub, now(), type === "invoice.paid" ? "paid" : "open", billingReason);
    state.invoices.set(String(invoice.id), invoice);
    sub.latest_invoice = invoice.id;
    return { invoice, event: event(type, invoice) };
  }

  function completeCheckout(sessionId: string, opts: { trialDays?: number; status?: string } = {}): CheckoutOutcome {
    const session = api.checkoutSession(ctx, sessionId);
    if (session.status !== "open") throw new Error(`checkout session ${sessionId} is ${String(session.status)}`);
    let customerId = session.customer as string | null;
    if (!customerId) customerId = String(api.createCustomer(ctx, session.customer_email ? { email: String(session.customer_email) } : {}).id);
    const subscriptionData = state.checkoutSubscriptionData.get(sessionId) ?? {};
    const trialDays = opts.trialDays ?? (subscriptionData.trial_period_days ? Number(subscriptionData.trial_period_days) : undefined);
    const subscription = api.newSubscription(ctx, customerId, state.checkoutLineItems.get(sessionId) ?? [], {
      metadata: { ...((subscriptionData.metadata as Record<string, string> | undefined) ?? {}) },
      ...(trialDays ? { trial_end: now() + trialDays * 24 * 3600 } : {}),
      ...(opts.status ? { status: opts.status } : {}),
    });
    Object.assign(session, { status: "complete", payment_status: trialDays ? "no_payment_required" : "paid", customer: customerId, subscription: subscription.id });
    const paid = invoiceEvent(String(subscription.id), "invoice.paid", "subscription_create");
    Object.assign(session, { invoice: paid.invoice.id });
    return { session, subscription, events: [event("checkout.session.completed", session), event("customer.subscription.created", subscription), paid.event] };
  }

  function setSubscriptionStatus(subscriptionId: string, status: string) {
    const sub = api.subscription(ctx, subscriptionId);
    const previous = { status: sub.status };
    sub.status = status;
    if (status === "canceled") Object.assign(sub, { canceled_at: now(), ended_at: now() });
    return { subscription: sub, event: event(status === "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated", sub, previous) };
  }

  async function control(method: string, path: string, body: string, res: http.ServerResponse): Promise<void> {
    const input = body ? (JSON.parse(body) as Json) : {};
    let match: RegExpExecArray | null;
    if (method === "POST" && (match = /^\/_standin\/checkout\/([^/]+)\/complete$/.exec(path))) {
      return sendJson(res, 200, completeCheckout(match[1]!, input as { trialDays?: number }));
    }
    if (method === "POST" && (match = /^\/_standin\/subscriptions\/([^/]+)\/status$/.exec(path))) {
      return sendJson(res, 200, setSubscriptionStatus(match[1]!, String(input.status)));
    }
    if (method === "GET" && path === "/_standin/state") {
      return sendJson(res, 200, {
        customers: [...state.customers.values()],
        subscriptions: [...state.subscriptions.values()],
        checkoutSessions: [...state.checkoutSessions.values()],
        portalSessions: [...state.portalSessions.values()],
        meters: [...state.meters.values()],
        meterEvents: state.meterEvents,
      });
    }
    sendJson(res, 404, { error: { type: "invalid_request_error", message: `Unknown stand-in control ${method} ${path}` } });
  }

  function hosted(path: string, res: http.ServerResponse): boolean {
    const checkout = /^\/c\/pay\/([^/]+)$/.exec(path);
    if (checkout) {
      const session = state.checkoutSessions.get(checkout[1]!);
      if (!session) return false;
      const amount = `${(Number(session.amount_total) / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`;
      page(res, "Stripe stand-in Checkout", `<p data-session="${escapeHtml(String(session.id))}">Subscribe: ${escapeHtml(amount)}</p><p>${escapeHtml(String(session.client_reference_id ?? ""))}</p>`);
      return true;
    }
    const portal = /^\/p\/session\/([^/]+)$/.exec(path);
    if (portal) {
      const session = state.portalSessions.get(portal[1]!);
      if (!session) return false;
      page(res, "Stripe stand-in Customer Portal", `<p>${escapeHtml(String(session.customer))}</p><a href="${escapeHtml(String(session.return_url ?? "/"))}">Return</a>`);
      return true;
    }
    return false;
  }

  function authorised(header: string | undefined): boolean {
    const key = /^Bearer (.+)$/.exec(header ?? "")?.[1];
    if (!key) return false;
    return options.apiKey ? key === options.apiKey : /^(sk|rk)_test_/.test(key);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin");
    const method = req.method ?? "GET";
    if (url.pathname.startsWith("/_standin/")) return control(method, url.pathname, body, res);
    if (method === "GET" && hosted(url.pathname, res)) return;
    if (!authorised(req.headers.authorization)) {
      // Stripe never echoes the key back; neither does the stand-in.
      return sendJson(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
    }
    const route = ROUTES.find(([m, re]) => m === method && re.test(url.pathname));
    if (!route) {
      return sendJson(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${url.pathname}).` } });
    }
    const key = req.headers["idempotency-key"];
    const stored = typeof key === "string" ? idempotent.get(key) : undefined;
    if (stored && typeof key === "string") {
      if (stored.method !== method || stored.path !== url.pathname || stored.body !== body) {
        return sendJson(res, 400, {
          error: { type: "idempotency_error", message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` },
        });
      }
      return sendJson(res, stored.status, stored.response, { "idempotent-replayed": "true" });
    }
    const params = parseStripeForm(method === "GET" || method === "DELETE" ? url.search.slice(1) || body : body);
    let status = 200;
    let response: unknown;
    let headers: Record<string, string> = {};
    try {
      const id = decodeURIComponent(route[1].exec(url.pathname)?.[1] ?? "");
      let result: unknown = route[2](ctx, params, id);
      const paths = Array.isArray(params.expand) ? params.expand : [];
      for (const p of paths) result = expand(state, result, String(p).split("."));
      response = result;
    } catch (error) {
      if (error instanceof StripeApiError) [status, response, headers] = [error.status, { error: error.body }, error.headers];
      else if (error instanceof ParamError) [status, response] = [400, { error: { type: "invalid_request_error", code: error.code, message: error.message, param: error.param } }];
      else [status, response] = [500, { error: { type: "api_error", message: "The stand-in failed." } }];
    }
    // Stripe saves the result of a keyed request, errors included, except 5xx.
    if (typeof key === "string" && method === "POST" && status < 500) idempotent.set(key, { method, path: url.pathname, body, status, response });
    sendJson(res, status, response, headers);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch(() => sendJson(res, 500, { error: { type: "api_error", message: "The stand-in failed." } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  ctx.baseUrl = url;

  return {
    url,
    port,
    state,
    clientConfig: () => ({ host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 }),
    completeCheckout,
    setSubscriptionStatus,
    invoiceEvent,
    event,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import "server-only";
import Stripe from "stripe";
import { countingWebhookFailures } from "@/lib/channels/webhook-failures";
import { tenantDb } from "@/lib/db";
import { inTenantTransaction } from "@/lib/db/tenant-transaction";
import { ApiError, publicRoute, readRawJsonBody } from "@/lib/http";
import { attributeRequestToTenant } from "@/lib/observability";
import { logger } from "@/lib/observability/logger";
import { isTenantId, runAsTenant } from "@/lib/tenancy";
import { applyStripeEvent } from "./apply-event";
import { deliverBillingNotices } from "./notices";
import { stripeClient } from "./stripe-client";
import { claimEvent, completeEvent, failEvent, type LedgerEvent } from "./stripe-ledger";
import { eventSchema, HANDLED_EVENTS, subscriptionSchema, tenantHint, type HandledEventType, type StripeSubscription } from "./stripe-objects";

/*
 * POST /api/webhooks/stripe. A machine caller without a tenant: the raw body
 * is verified against STRIPE_WEBHOOK_SECRET (stripe.webhooks.constructEvent,
 * 300 s tolerance) before anything else, so a bad, missing, expired or
 * foreign signature is a 400 naming the problem with nothing written. The
 * tenant is then found from the event (checkout's client_reference_id, or the
 * Stripe customer stored once per tenant) and everything runs in its
 * context, under row-level security, through the ledger (stripe-ledger.ts).
 * A failure to apply answers 500 so that Stripe retries.
 */

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface StripeWebhookOptions {
  /** Defaults to STRIPE_WEBHOOK_SECRET. */
  secret?: string;
  /** Milliseconds; the injectable clock for the signature's age and the ledger. */
  now?: () => number;
  /** Re-reads a subscription a checkout names; defaults to the configured client. */
  stripe?: Pick<Stripe, "subscriptions"> | null;
}

const HANDLED: ReadonlySet<string> = new Set(HANDLED_EVENTS);

function verify(text: string, header: string | null, secret: string, now: number): unknown {
  if (!header) throw new ApiError("bad_request", "stripe-signature: The Stripe-Signature header is missing.", "stripe-signature");
  try {
    return Stripe.webhooks.constructEvent(text, header, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, now);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    const problem = /tolerance/i.test(message)
      ? `the signature's timestamp is older than ${SIGNATURE_TOLERANCE_SECONDS} seconds`
      : /extract timestamp|expected scheme/i.test(message)
        ? "the header is not a Stripe signature (t=…,v1=…)"
        : "no signature matches this body with the configured webhook secret";
    throw new ApiError("bad_request", `stripe-signature: Refused: ${problem}.`, "stripe-signature");
  }
}

type Routed = { tenantId: string; customer: string | null } | { ignored: string };

const NO_TENANT = "no tenant for this customer";
const FOREIGN = "the workspace it names is billed under another customer";

/*
 * The stored customer is authoritative: an event whose customer belongs to a
 * tenant goes to that tenant whatever its client_reference_id or metadata
 * say, so a purchase never lands on someone else and the real payer's events
 * are never lost. Only a customer nobody has yet falls back on the name.
 */
async function tenantOf(type: string, object: Record<string, unknown>): Promise<Routed> {
  const hint = tenantHint(type, object);
  const named = isTenantId(hint.tenantId) ? hint.tenantId.toLowerCase() : null;
  if (hint.customer) {
    const rows = await tenantDb().$queryRaw<Array<{ id: string | null }>>`SELECT resolve_stripe_customer(${hint.customer}) AS id`;
    const owner = isTenantId(rows[0]?.id) ? rows[0]!.id! : null;
    if (owner) return { tenantId: owner, customer: hint.customer };
  }
  return named ? { tenantId: named, customer: hint.customer } : { ignored: NO_TENANT };
}

/** Checkout names its subscription by id: read it from Stripe before the transaction, never inside it. */
async function subscriptionOf(type: string, object: Record<string, unknown>, stripe: StripeWebhookOptions["stripe"]): Promise<StripeSubscription | null> {
  if (type !== "checkout.session.completed" || typeof object.subscription !== "string" || !stripe) return null;
  return subscriptionSchema.parse(await stripe.subscriptions.retrieve(object.subscription));
}

export async function handleStripeWebhook(request: Request, options: StripeWebhookOptions = {}): Promise<Response> {
  const secret = options.secret ?? process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new ApiError("service_unavailable", "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET).");
  const now = options.now ?? Date.now;
  const text = await readRawJsonBody(request);
  const parsed = eventSchema.safeParse(verify(text, request.headers.get("stripe-signature"), secret, now()));
  if (!parsed.success) throw new ApiError("bad_request", "The body is not a Stripe event.");
  const event = parsed.data;
  if (!HANDLED.has(event.type)) return Response.json({ received: true, ignored: "event type not handled" });

  const object = event.data.object as Record<string, unknown>;
  const routed = await tenantOf(event.type, object);
  // Ignored with a 200: Stripe would retry a refusal for days, and a retry cannot change the answer.
  const ignore = (reason: string) => {
    logger().warn({ eventId: event.id, type: event.type, reason }, "stripe event ignored");
    return Response.json({ received: true, ignored: reason });
  };
  if ("ignored" in routed) return ignore(routed.ignored);
  const { tenantId } = routed;
  attributeRequestToTenant(tenantId);
  return runAsTenant(tenantId, async () => {
    const tenant = await tenantDb().tenant.findFirst({ select: { id: true, stripeCustomerId: true } });
    if (!tenant) return ignore(NO_TENANT);
    // A tenant named by the event but already billed under another customer.
    if (tenant.stripeCustomerId && routed.customer && tenant.stripeCustomerId !== routed.customer) return ignore(FOREIGN);
    const entry: LedgerEvent = { tenantId, id: event.id, type: event.type, created: event.created };
    const claim = await claimEvent(entry, new Date(now()));
    if (claim.kind === "completed") return Response.json({ received: true, duplicate: true });
    if (claim.kind === "in_flight") throw new ApiError("conflict", "This event is being processed by another delivery; retry later.");
    try {
      const subscription = await subscriptionOf(event.type, object, options.stripe === undefined ? stripeClient() : options.stripe);
      const outcome = await inTenantTransaction(tenantDb().pool, [], async (tx) => {
        // Completed first: if another delivery took the claim over meanwhile, nothing is applied.
        if (!(await completeEvent(tx, entry, claim.attempts, new Date(now())))) return { closing: [], value: null, rollback: true };
        const applied = await applyStripeEvent({ tx, tenantId, event: { ...event, type: event.type as HandledEventType }, subscription });
        return { closing: [], value: applied };
      });
      if (!outcome) throw new ApiError("conflict", "This event was taken over by another delivery; retry later.");
      await deliverBillingNotices().catch((error: unknown) => logger().warn({ err: error }, "billing notices not delivered yet"));
      return Response.json({ received: true, ...(outcome.unknownPrice ? { unknownPrice: outcome.unknownPrice } : {}) });
    } catch (error) {
      if (error instanceof ApiError && error.code === "conflict") throw error;
      await failEvent(entry, claim.attempts, error).catch(() => undefined);
      logger().error({ err: error, eventId: event.id, type: event.type }, "stripe event failed; Stripe will retry");
      throw new ApiError("internal_error", "The event could not be applied; Stripe will retry it.");
    }
  });
}

/** The route: the one guard and body reader (publicRoute), then the handler above. */
export function stripeWebhookRoute(options: StripeWebhookOptions = {}) {
  return countingWebhookFailures("stripe", publicRoute((request: Request) => handleStripeWebhook(request, options)));
}

import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import type { TenantUserContext } from "@/lib/auth/with-tenant-user";
import type { BillingInterval } from "@/lib/db/generated/client";
import { ApiError } from "@/lib/http";
import { currencyForRegion } from "./plan-catalogue";
import { stripeClient } from "./stripe-client";
import { checkoutLineItems, overageLookupKeys, planItemChanges, planPrices } from "./subscription-items";
import { applyStripeSubscription } from "./sync-subscription";

/*
 * The owner's side of Stripe: Checkout to subscribe, the API (with
 * proration) to change an active subscription's plan, the Customer Portal to
 * manage it, and a sync for the return page when the webhook is late. Every
 * function runs inside withTenantUser; the tenant comes from the context.
 * Pro and Business subscribe to their metered overage prices too
 * (subscription-items.ts), so overage sent to the meters is invoiced.
 */

export const checkoutInput = z.object({
  plan: z.enum(["starter", "pro", "business"], { message: "plan: Choose Starter, Pro or Business." }),
  interval: z.enum(["month", "year"], { message: "interval: Choose monthly or yearly." }),
});

export const syncInput = z.object({
  sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{8,200}$/, { message: "sessionId: Not a Checkout session id." }),
});

// Subscriptions the API can move to another price; anything else goes through Checkout again.
const CHANGEABLE = new Set(["active", "trialing", "past_due"]);

function requireStripe(): Stripe {
  const stripe = stripeClient();
  if (!stripe) throw new ApiError("billing_not_configured", "Online payment is not configured on this server.");
  return stripe;
}

/** Stripe's own failures become a 502 without their message, which may quote ids or amounts. */
async function callStripe<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("bad_gateway", "The payment provider did not answer as expected; try again in a moment.");
  }
}

async function ownTenant(ctx: TenantUserContext) {
  const tenant = await ctx.db.tenant.findFirst({ where: { id: ctx.user.tenantId } });
  if (!tenant) throw new ApiError("not_found", "Workspace not found.");
  return tenant;
}

type OwnTenant = Awaited<ReturnType<typeof ownTenant>>;

/** The tenant's Stripe customer, created once: the idempotency key makes a double click or a retry return the same one. */
async function ensureCustomer(stripe: Stripe, ctx: TenantUserContext, tenant: OwnTenant): Promise<string> {
  if (tenant.stripeCustomerId) return tenant.stripeCustomerId;
  const customer = await callStripe(() =>
    stripe.customers.create(
      { name: tenant.name, email: tenant.adminEmail, preferred_locales: [tenant.locale], metadata: { tenant_id: tenant.id, tenant_slug: tenant.slug } },
      { idempotencyKey: `frontdesk-customer-${tenant.id}` },
    ),
  );
  await ctx.db.tenant.update({ where: { id: tenant.id }, data: { stripeCustomerId: customer.id } });
  return customer.id;
}

async function changeableSubscription(ctx: TenantUserContext) {
  const rows = await ctx.db.subscription.findMany({ where: { stripeSubscriptionId: { not: null } }, orderBy: { updatedAt: "desc" } });
  return rows.find((r) => CHANGEABLE.has(r.status)) ?? null;
}

export type CheckoutOutcome = { kind: "redirect"; url: string } | { kind: "changed"; plan: string; interval: BillingInterval };

/**
 * Subscribe (Checkout, subscription mode) or, with a live subscription,
 * change its price in place with proration. `origin` is the tenant's own
 * subdomain, where Stripe sends the owner back.
 */
export async function startCheckout(ctx: TenantUserContext, input: z.infer<typeof checkoutInput>, origin: string): Promise<CheckoutOutcome> {
  const stripe = requireStripe();
  const tenant = await ownTenant(ctx);
  const currency = currencyForRegion(tenant.region);
  const overageKeys = await overageLookupKeys(ctx.db, input.plan, currency);
  const prices = await callStripe(() => planPrices(stripe, input.plan, input.interval, currency, overageKeys));
  const current = await changeableSubscription(ctx);
  if (current?.stripeSubscriptionId) {
    const subscription = await callStripe(() => stripe.subscriptions.retrieve(current.stripeSubscriptionId!));
    const items = planItemChanges(subscription.items.data, prices);
    if (items.length === 0) throw new ApiError("conflict", "This is already your plan.", "plan");
    const updated = await callStripe(() =>
      stripe.subscriptions.update(subscription.id, {
        items,
        proration_behavior: "create_prorations",
        metadata: { tenant_id: tenant.id, plan: input.plan },
      }),
    );
    await applyStripeSubscription(updated, new Date());
    return { kind: "changed", plan: input.plan, interval: input.interval };
  }
  const customer = await ensureCustomer(stripe, ctx, tenant);
  const session = await callStripe(() =>
    stripe.checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: tenant.id,
      line_items: checkoutLineItems(prices),
      billing_address_collection: "required",
      tax_id_collection: { enabled: true },
      // Stripe requires Checkout to be allowed to write the name (tax ids) and address of an existing customer.
      customer_update: { name: "auto", address: "auto" },
      // Flexible billing mode lets a yearly plan carry monthly metered items (mixed intervals).
      subscription_data: { metadata: { tenant_id: tenant.id, plan: input.plan }, billing_mode: { type: "flexible" } },
      metadata: { tenant_id: tenant.id, plan: input.plan, interval: input.interval },
      locale: tenant.locale === "fr" ? "fr" : "en",
      success_url: `${origin}/billing/return?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/billing?checkout=cancelled`,
    }),
  );
  if (!session.url) throw new ApiError("bad_gateway", "The payment provider returned no checkout page.");
  return { kind: "redirect", url: session.url };
}

/** A Customer Portal session (invoices, payment method, cancel) returning to the tenant's Billing page. */
export async function openPortal(ctx: TenantUserContext, origin: string): Promise<{ url: string }> {
  requireStripe();
  return createPortalSession(await ownTenant(ctx), origin);
}

/** The same portal session for any tenant row (Frontdesk support makes one for an owner). */
export async function createPortalSession(tenant: { stripeCustomerId: string | null; locale: string }, origin: string): Promise<{ url: string }> {
  const stripe = requireStripe();
  const customer = tenant.stripeCustomerId;
  if (!customer) throw new ApiError("conflict", "Subscribe first: there is no billing account to manage yet.");
  const session = await callStripe(() =>
    stripe.billingPortal.sessions.create({ customer, return_url: `${origin}/billing`, locale: tenant.locale === "fr" ? "fr" : "en" }),
  );
  return { url: session.url };
}

export type SyncOutcome = { state: "applied" | "unchanged" | "pending" };

/**
 * The return page's fallback when the webhook is late: re-read the session
 * and its subscription from Stripe and write absolute state (the webhook's
 * own apply function, so both agree). A session of another tenant is a 404.
 */
export async function syncFromStripe(ctx: TenantUserContext, input: z.infer<typeof syncInput>): Promise<SyncOutcome> {
  const stripe = requireStripe();
  const session = await callStripe(() =>
    stripe.checkout.sessions.retrieve(input.sessionId, { expand: ["subscription"] }).catch((error: unknown) => {
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw error;
    }),
  );
  // Paid by another customer than the one stored for this tenant: not this tenant's, whatever its reference says.
  const stored = (await ownTenant(ctx)).stripeCustomerId;
  const payer = typeof session?.customer === "string" ? session.customer : (session?.customer?.id ?? null);
  if (!session || session.client_reference_id !== ctx.user.tenantId || (stored && payer && payer !== stored)) {
    throw new ApiError("not_found", "Checkout session not found.", "sessionId");
  }
  const subscription = session.subscription;
  if (session.status !== "complete" || !subscription || typeof subscription === "string") return { state: "pending" };
  return { state: await applyStripeSubscription(subscription, new Date()) };
}

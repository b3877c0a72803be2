import "server-only";
import Stripe from "stripe";
import { z } from "zod";

/*
 * The one place a Stripe client is made. Without STRIPE_SECRET_KEY billing
 * is "not configured" (the `npm run dev` default) and callers get null.
 * STRIPE_API_BASE points the client at a local stand-in (tests, e2e); in
 * production it is unset and stripe-node uses api.stripe.com.
 */

// Pinned so a stripe-node upgrade never changes the shapes webhooks and reads return.
export const STRIPE_API_VERSION = "2026-11-18.endive" as const;

const envSchema = z.object({
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, { message: "STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_… / rk_…)" })
    .optional(),
  STRIPE_API_BASE: z
    .string()
    .url({ message: "STRIPE_API_BASE must be a URL such as http://127.0.0.1:3132" })
    .refine((v) => /^https?:$/.test(new URL(v).protocol), { message: "STRIPE_API_BASE must be http or https" })
    .optional(),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
});

function connection(base: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

let cached: { key: string; base: string | undefined; client: Stripe } | null = null;

/** A configured client, or null when STRIPE_SECRET_KEY is unset. Invalid settings throw without echoing the key. */
export function stripeClient(env: Record<string, string | undefined> = process.env): Stripe | null {
  const parsed = envSchema.safeParse({
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY || undefined,
    STRIPE_API_BASE: env.STRIPE_API_BASE || undefined,
    STRIPE_TIMEOUT_MS: env.STRIPE_TIMEOUT_MS || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid Stripe configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const { STRIPE_SECRET_KEY: key, STRIPE_API_BASE: base, STRIPE_TIMEOUT_MS: timeout } = parsed.data;
  if (!key) return null;
  if (cached && cached.key === key && cached.base === base) return cached.client;
  const client = new Stripe(key, {
    apiVersion: STRIPE_API_VERSION,
    ...connection(base),
    timeout,
    maxNetworkRetries: 2,
    appInfo: { name: "Frontdesk" },
    telemetry: false,
  });
  cached = { key, base, client };
  return client;
}

export function isBillingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.STRIPE_SECRET_KEY);
}

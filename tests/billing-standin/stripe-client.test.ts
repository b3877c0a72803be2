import Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { STRIPE_API_VERSION, stripeClient } from "@/lib/billing/stripe-client";
import { startStripeStandin, type StripeStandin } from "../support/stripe-standin";

let standin: StripeStandin;
beforeAll(async () => {
  standin = await startStripeStandin({ apiKey: "sk_test_clientcheck" });
});
afterAll(() => standin?.close());

it("is null without STRIPE_SECRET_KEY, so billing reads as not configured", () => {
  expect(stripeClient({})).toBeNull();
  expect(stripeClient({ STRIPE_SECRET_KEY: "" })).toBeNull();
});

it("reaches the API base it is given, with the pinned API version", async () => {
  const client = stripeClient({ STRIPE_SECRET_KEY: "sk_test_clientcheck", STRIPE_API_BASE: standin.url })!;
  expect(client).toBeInstanceOf(Stripe);
  expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
  const customer = await client.customers.create({ name: "Pinned" });
  expect(customer.id).toMatch(/^cus_/);
  expect(stripeClient({ STRIPE_SECRET_KEY: "sk_test_clientcheck", STRIPE_API_BASE: standin.url })).toBe(client);
});

it("refuses a malformed key or base without echoing the key", () => {
  expect(() => stripeClient({ STRIPE_SECRET_KEY: "pk_test_publishable123" })).toThrow(/STRIPE_SECRET_KEY must be/);
  try {
    stripeClient({ STRIPE_SECRET_KEY: "not-a-key-secret987" });
  } catch (error) {
    expect(String(error)).not.toContain("secret987");
  }
  expect(() => stripeClient({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_API_BASE: "ftp://host" })).toThrow(/STRIPE_API_BASE/);
});

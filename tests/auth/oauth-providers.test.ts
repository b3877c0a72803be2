import { afterEach, describe, expect, it } from "vitest";
import { authOptions, enabledOAuthProviders } from "@/lib/auth";

const KEYS = ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "AZURE_AD_CLIENT_ID", "AZURE_AD_CLIENT_SECRET", "AZURE_AD_TENANT_ID"];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("OAuth providers", () => {
  it("are off until both the id and the secret are set", () => {
    for (const k of KEYS) delete process.env[k];
    expect(enabledOAuthProviders()).toEqual([]);
    process.env.GOOGLE_CLIENT_ID = "google-id";
    expect(enabledOAuthProviders()).toEqual([]);
    process.env.GOOGLE_CLIENT_SECRET = "google-secret";
    expect(enabledOAuthProviders().map((p) => p.id)).toEqual(["google"]);
    process.env.AZURE_AD_CLIENT_ID = "ms-id";
    process.env.AZURE_AD_CLIENT_SECRET = "ms-secret";
    expect(enabledOAuthProviders().map((p) => p.id)).toEqual(["google", "azure-ad"]);
    expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials", "google", "azure-ad"]);
  });

  it("never sign in an address the provider has not verified", async () => {
    const signIn = authOptions().callbacks!.signIn!;
    const allowed = await signIn({
      user: { id: "x", email: "owner@example.test" },
      account: { type: "oauth", provider: "google", providerAccountId: "1" },
      profile: { email: "owner@example.test", email_verified: false } as never,
    });
    expect(allowed).toBe(false);
    const noEmail = await signIn({ user: { id: "x" }, account: { type: "oauth", provider: "google", providerAccountId: "1" } });
    expect(noEmail).toBe(false);
  });
});

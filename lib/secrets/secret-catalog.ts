import { z } from "zod";

/** Every secret a tenant can store, by provider. */
export const SECRET_CATALOG = {
  vapi: ["api_key", "webhook_secret"],
  twilio: ["account_sid", "auth_token"],
  openai: ["api_key", "base_url"],
  google: ["service_account_json"],
} as const;

export type SecretProvider = keyof typeof SECRET_CATALOG;
export type SecretName<P extends SecretProvider = SecretProvider> = (typeof SECRET_CATALOG)[P][number];

export const secretProviderSchema = z.enum(Object.keys(SECRET_CATALOG) as [SecretProvider, ...SecretProvider[]]);

export function isKnownSecret(provider: string, name: string): boolean {
  // Own properties only: "constructor" or "__proto__" from a URL must not reach Object.prototype.
  if (!Object.hasOwn(SECRET_CATALOG, provider)) return false;
  return (SECRET_CATALOG as Record<string, readonly string[]>)[provider]!.includes(name);
}

import { z } from "zod";
import { isKnownSecret, type SecretProvider } from "@/lib/secrets/secret-catalog";

/*
 * What the Provider keys page may store, with the labels it shows. Values are
 * checked for shape only (a provider is the judge of whether a key works), so
 * an obvious paste error is caught before it is encrypted.
 */

export interface ProviderKeyField {
  provider: SecretProvider;
  name: string;
  label: string;
  multiline?: boolean;
}

export const PROVIDER_KEY_FIELDS: ProviderKeyField[] = [
  { provider: "vapi", name: "api_key", label: "Vapi API key" },
  { provider: "vapi", name: "webhook_secret", label: "Vapi webhook secret" },
  { provider: "twilio", name: "account_sid", label: "Twilio account SID" },
  { provider: "twilio", name: "auth_token", label: "Twilio auth token" },
  { provider: "openai", name: "api_key", label: "OpenAI-compatible API key" },
  { provider: "openai", name: "base_url", label: "OpenAI-compatible base URL" },
  { provider: "google", name: "service_account_json", label: "Google service account credentials (JSON)", multiline: true },
];

export const PROVIDER_LABELS: Record<SecretProvider, string> = {
  vapi: "Vapi (phone)",
  twilio: "Twilio (WhatsApp)",
  openai: "OpenAI-compatible model",
  google: "Google Calendar",
};

export const providerKeyRefSchema = z
  .object({ provider: z.string(), name: z.string() })
  .refine((ref) => isKnownSecret(ref.provider, ref.name), {
    message: "Unknown provider key",
    path: ["name"],
  })
  .transform((ref) => ref as { provider: SecretProvider; name: string });

function googleCredentialsProblem(value: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return "Paste the whole JSON file of the service account";
  }
  const o = parsed as Record<string, unknown> | null;
  if (!o || typeof o !== "object" || typeof o.client_email !== "string" || typeof o.private_key !== "string") {
    return "The JSON must be a service account key (with client_email and private_key)";
  }
  return null;
}

/** The value of `provider/name`, validated for what that key looks like. */
export function providerKeyValueSchema(provider: string, name: string) {
  return z.object({
    value: z
      .string({ message: "Enter the value" })
      .trim()
      .min(1, "Enter the value")
      .max(20_000, "The value is too long")
      .superRefine((value, ctx) => {
        const problem = (() => {
          if (provider === "twilio" && name === "account_sid" && !/^AC[0-9a-fA-F]{32}$/.test(value)) return "An account SID looks like AC followed by 32 hex characters";
          if (provider === "twilio" && name === "auth_token" && !/^[0-9a-zA-Z]{16,64}$/.test(value)) return "An auth token is 16 to 64 letters and digits";
          if (provider === "openai" && name === "base_url" && !/^https?:\/\/[^\s]+$/.test(value)) return "Enter an http(s) URL, e.g. https://api.openai.com/v1";
          if (provider === "google" && name === "service_account_json") return googleCredentialsProblem(value);
          if (value.length < 8) return "That is too short for a key";
          if (/\s/.test(value)) return "A key has no spaces";
          return null;
        })();
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  });
}

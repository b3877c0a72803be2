import "server-only";
import { privateHostsAllowed, vetModelEndpoint, type EndpointRefusal } from "@/lib/agent";
import type { TenantUserContext } from "@/lib/auth";
import { publicUrl } from "@/lib/channels/public-url";
import { ApiError } from "@/lib/http";
import { tenantSecrets, type SecretProvider, type SecretSummary } from "@/lib/secrets";
import { memberActor } from "@/lib/auth/member-audit";

/*
 * The Provider keys page's server side. lib/secrets encrypts, audits (without
 * the value) and never returns plaintext; this only adds the actor.
 */

const actorOf = memberActor;

export function listProviderKeys(): Promise<SecretSummary[]> {
  return tenantSecrets().list();
}

// A host that does not resolve right now is accepted: DNS can fail for a
// moment, and the call-time check still refuses it then.
const REFUSED_BASE_URL: Partial<Record<EndpointRefusal, string>> = {
  blocked_scheme: "Enter an https URL, e.g. https://api.openai.com/v1",
  insecure_scheme: "Use https: the key would travel in clear over http",
  blocked_address: "This address is on a private or local network; the model must be reachable on the internet",
};

export async function saveProviderKey(ctx: TenantUserContext, provider: SecretProvider, name: string, value: string) {
  // The same check runs before every model call; doing it here too tells the
  // owner now, rather than leaving the agent silently on keyword rules.
  if (provider === "openai" && name === "base_url") {
    const vetted = await vetModelEndpoint(value, { allowPrivateHosts: privateHostsAllowed() });
    const refusal = vetted.ok ? undefined : REFUSED_BASE_URL[vetted.reason];
    if (refusal) throw new ApiError("bad_request", `value: ${refusal}`, "value");
  }
  return tenantSecrets().save(provider, name, value, actorOf(ctx));
}

export function deleteProviderKey(ctx: TenantUserContext, provider: SecretProvider, name: string) {
  return tenantSecrets().remove(provider, name, actorOf(ctx));
}

/** The addresses the providers must be configured to call. */
export function providerWebhookUrls() {
  const base = publicUrl();
  return { vapi: `${base}/api/webhooks/vapi`, whatsapp: `${base}/api/webhooks/whatsapp` };
}

import type { TenantUserContext } from "@/lib/auth";
import { publicUrl } from "@/lib/channels/public-url";
import { tenantSecrets, type SecretProvider, type SecretSummary } from "@/lib/secrets";

/*
 * The Provider keys page's server side. lib/secrets encrypts, audits (without
 * the value) and never returns plaintext; this only adds the actor.
 */

const actorOf = (ctx: TenantUserContext) => ({ actorUserId: ctx.user.userId, ip: ctx.request.ip, requestId: ctx.request.requestId });

export function listProviderKeys(): Promise<SecretSummary[]> {
  return tenantSecrets().list();
}

export function saveProviderKey(ctx: TenantUserContext, provider: SecretProvider, name: string, value: string) {
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

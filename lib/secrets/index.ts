import "server-only";
import { tenantDb } from "@/lib/db";
import { loadKeyring, type Keyring } from "./master-keys";
import { createCachedSecrets, type CachedSecrets } from "./cached-secrets";
import { createSecretStore, type SecretStore } from "./tenant-secret-store";

export { createSecretStore, UnknownSecretError, type SecretStore, type SecretSummary } from "./tenant-secret-store";
export { SECRET_CATALOG, secretProviderSchema, isKnownSecret, type SecretProvider, type SecretName } from "./secret-catalog";
export { SecretUnavailableError, sealSecret, openSecret, type SealedSecret } from "./secret-cipher";
export { loadKeyring, type Keyring } from "./master-keys";

let ring: Keyring | undefined;
let store: SecretStore | undefined;
let cached: CachedSecrets | undefined;

/** The app's secret store: current tenant from the context, master keys from the environment. */
export function tenantSecrets(): SecretStore {
  store ??= createSecretStore(tenantDb(), () => (ring ??= loadKeyring()));
  return store;
}

/** Webhook credentials from a per-process cache of their sealed rows (see cached-secrets.ts). */
export function cachedTenantSecrets(): CachedSecrets {
  cached ??= createCachedSecrets(tenantDb(), () => (ring ??= loadKeyring()));
  return cached;
}

/** The master key ring from the environment, for modules that seal values in their own rows (lib/calendar). */
export function currentKeyring(): Keyring {
  return (ring ??= loadKeyring());
}

import "server-only";
import { tenantDb } from "@/lib/db";
import { loadKeyring, type Keyring } from "./master-keys";
import { createSecretStore, type SecretStore } from "./tenant-secret-store";

export { createSecretStore, UnknownSecretError, type SecretStore, type SecretSummary } from "./tenant-secret-store";
export { SECRET_CATALOG, secretProviderSchema, isKnownSecret, type SecretProvider, type SecretName } from "./secret-catalog";
export { SecretUnavailableError } from "./secret-cipher";
export { loadKeyring, type Keyring } from "./master-keys";

let ring: Keyring | undefined;
let store: SecretStore | undefined;

/** The app's secret store: current tenant from the context, master keys from the environment. */
export function tenantSecrets(): SecretStore {
  store ??= createSecretStore(tenantDb(), () => (ring ??= loadKeyring()));
  return store;
}

import "server-only";
import { configEventsFor } from "@/lib/db/config-events";
import { createTenantCache, type TenantCache } from "@/lib/db/tenant-cache";
import type { TenantDb } from "@/lib/db/tenant-db";
import { requireTenantId, runAsTenant } from "@/lib/tenancy";
import type { Keyring } from "./master-keys";
import { isKnownSecret, type SecretProvider } from "./secret-catalog";
import { openSecret, type SealedSecret } from "./secret-cipher";

/*
 * Webhook credentials (Vapi's secret, Twilio's token) are checked on every
 * provider request. Their sealed rows are cached per tenant and config
 * version — still encrypted: each check decrypts, so no plaintext outlives
 * the request — and a mismatch is checked again against the database before
 * a request is refused, so a secret just rotated is accepted at once.
 */

type SealedRows = Map<string, SealedSecret>;

export interface CachedSecrets {
  /** The secret's value from the cached sealed row; `fresh` re-reads the row first. */
  read(provider: SecretProvider, name: string, options?: { fresh?: boolean }): Promise<string | null>;
}

export function createCachedSecrets(db: TenantDb, keyring: () => Keyring): CachedSecrets {
  const cache: TenantCache<SealedRows> = createTenantCache({
    events: configEventsFor(db.pool),
    tables: ["tenant_secrets", "tenants"],
    load: (tenantId) =>
      runAsTenant(tenantId, async () => {
        const tenant = await db.tenant.findFirst({ select: { configVersion: true } });
        if (!tenant) throw new Error("The current tenant does not exist");
        const rows = await db.tenantSecret.findMany({
          select: { provider: true, name: true, ciphertext: true, iv: true, authTag: true, keyVersion: true },
        });
        return { version: Number(tenant.configVersion), value: new Map(rows.map((r) => [`${r.provider}/${r.name}`, r])) };
      }),
  });

  return {
    async read(provider, name, options = {}) {
      if (!isKnownSecret(provider, name)) throw new Error(`Unknown secret ${provider}/${name}`);
      const tenantId = requireTenantId("Reading a secret");
      if (options.fresh) cache.invalidate(tenantId);
      const sealed = (await cache.get(tenantId)).value.get(`${provider}/${name}`);
      return sealed ? openSecret({ tenantId, provider, name }, sealed, keyring()) : null;
    },
  };
}

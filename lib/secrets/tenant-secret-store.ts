import { requireTenantId } from "@/lib/tenancy";
import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import type { TenantDb } from "@/lib/db/tenant-db";
import { isKnownSecret, type SecretProvider } from "./secret-catalog";
import type { Keyring } from "./master-keys";
import { lastFour, openSecret, sealSecret } from "./secret-cipher";

/** What the console may show about a stored secret: never its value. */
export interface SecretSummary {
  provider: string;
  name: string;
  last4: string;
  updatedAt: Date;
}

export class UnknownSecretError extends Error {
  readonly code = "unknown_secret";
  constructor(provider: string, name: string) {
    super(`Unknown secret ${provider}/${name}`);
    this.name = "UnknownSecretError";
  }
}

type Actor = Pick<AuditEntry, "actorUserId" | "actorKind" | "ip" | "requestId">;

/**
 * The current tenant's secrets (tenant from the context, like every query).
 * Values go in through `save` and come out only through `read`, in server
 * code; every change is audited without the value.
 */
export function createSecretStore(db: TenantDb, keyring: () => Keyring) {
  function check(provider: string, name: string): void {
    if (!isKnownSecret(provider, name)) throw new UnknownSecretError(provider, name);
  }

  async function save(provider: SecretProvider, name: string, plaintext: string, actor: Actor = {}): Promise<SecretSummary> {
    check(provider, name);
    const tenantId = requireTenantId("Saving a secret");
    const sealed = sealSecret({ tenantId, provider, name }, plaintext, keyring());
    const last4 = lastFour(plaintext);
    const row = await db.$transaction(async (tx) => {
      const saved = await tx.tenantSecret.upsert({
        where: { tenantId_provider_name: { tenantId, provider, name } },
        create: { provider, name, ...sealed, last4 },
        update: { ...sealed, last4 },
      });
      await recordAuditEvent(tx as unknown as TenantDb, { ...actor, action: "secret.saved", target: `${provider}/${name}` });
      return saved;
    });
    return { provider, name, last4: row.last4, updatedAt: row.updatedAt };
  }

  async function read(provider: SecretProvider, name: string): Promise<string | null> {
    check(provider, name);
    const tenantId = requireTenantId("Reading a secret");
    const row = await db.tenantSecret.findFirst({ where: { provider, name } });
    if (!row) return null;
    return openSecret({ tenantId, provider, name }, row, keyring());
  }

  async function list(): Promise<SecretSummary[]> {
    const rows = await db.tenantSecret.findMany({
      select: { provider: true, name: true, last4: true, updatedAt: true },
      orderBy: [{ provider: "asc" }, { name: "asc" }],
    });
    return rows;
  }

  async function remove(provider: SecretProvider, name: string, actor: Actor = {}): Promise<boolean> {
    check(provider, name);
    return db.$transaction(async (tx) => {
      const { count } = await tx.tenantSecret.deleteMany({ where: { provider, name } });
      if (count) await recordAuditEvent(tx as unknown as TenantDb, { ...actor, action: "secret.deleted", target: `${provider}/${name}` });
      return count > 0;
    });
  }

  return { save, read, list, remove };
}

export type SecretStore = ReturnType<typeof createSecretStore>;

import { createUnscopedDb } from "@/lib/db/tenant-db";
import { cellsConfig, cellUrls } from "@/lib/cells/cell-config";
import { cellIsControlPlane } from "@/lib/cells/placement";
import type { Keyring } from "./master-keys";
import { openSecret, sealSecret } from "./secret-cipher";
import { openTotpSecret, sealTotpSecret } from "@/lib/auth/totp";

export interface RotationResult {
  reencrypted: number;
  alreadyCurrent: number;
  /** Rows that did not decrypt (tampered, or their key is gone): left as they are. */
  failed: Array<{ tenantId: string; provider: string; name: string }>;
}

type OwnerDb = ReturnType<typeof createUnscopedDb>;

/** The owner URLs of the cells that are not the control plane's database (CELLS). */
export function separateCellOwnerUrls(): string[] {
  const config = cellsConfig();
  if (!config.routed) return [];
  return [...config.cells.keys()].filter((cell) => !cellIsControlPlane(cell, config)).map((cell) => cellUrls(cell, config).owner);
}

async function withOwnerDb(url: string, max: number, fn: (db: OwnerDb) => Promise<void>): Promise<void> {
  const db = createUnscopedDb({ url, max });
  try {
    await fn(db);
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }
}

/**
 * Re-encrypts every secret not yet under the current master key: users'
 * on the control plane (`ownerUrl`), tenants' there and in every other cell
 * (`cells`, owner URLs; the configured ones by default). Runs as the owner
 * (it spans all tenants); each row is rewritten on its own, only if it still
 * holds the ciphertext that was read, so a concurrent save wins.
 */
export async function rotateSecrets(ownerUrl: string, ring: Keyring, options: { max?: number; cells?: string[] } = {}): Promise<RotationResult> {
  const result: RotationResult = { reencrypted: 0, alreadyCurrent: 0, failed: [] };
  const max = options.max ?? 2;
  await withOwnerDb(ownerUrl, max, async (db) => {
    await rotateTenantSecrets(db, ring, result);
    await rotateUserSecrets(db, ring, result);
  });
  for (const url of options.cells ?? separateCellOwnerUrls()) await withOwnerDb(url, max, (db) => rotateTenantSecrets(db, ring, result));
  return result;
}

/** Provider keys and calendar credentials, sealed under (tenant, provider, name), in one database. */
async function rotateTenantSecrets(db: OwnerDb, ring: Keyring, result: RotationResult): Promise<void> {
  const { failed } = result;
  const rows = await db.tenantSecret.findMany();
  for (const row of rows) {
    if (row.keyVersion === ring.current) {
      result.alreadyCurrent++;
      continue;
    }
    const address = { tenantId: row.tenantId, provider: row.provider, name: row.name };
    let plaintext: string;
    try {
      plaintext = openSecret(address, row, ring);
    } catch {
      failed.push(address);
      continue;
    }
    const sealed = sealSecret(address, plaintext, ring);
    const { count } = await db.tenantSecret.updateMany({
      where: { tenantId: row.tenantId, id: row.id, keyVersion: row.keyVersion, updatedAt: row.updatedAt },
      data: { ...sealed, updatedAt: row.updatedAt },
    });
    result.reencrypted += count;
  }
  await rotateCalendarConnections(db, ring, result);
}

/** Users' two-factor secrets are sealed under the same keys (lib/auth/totp.ts); users live on the control plane. */
async function rotateUserSecrets(db: OwnerDb, ring: Keyring, result: RotationResult): Promise<void> {
  const { failed } = result;
  const users = await db.user.findMany({
    where: { totpCiphertext: { not: null } },
    select: { id: true, totpCiphertext: true, totpIv: true, totpAuthTag: true, totpKeyVersion: true },
  });
  for (const u of users) {
    if (!u.totpCiphertext || !u.totpIv || !u.totpAuthTag || u.totpKeyVersion === null) continue;
    if (u.totpKeyVersion === ring.current) {
      result.alreadyCurrent++;
      continue;
    }
    let secret: string;
    try {
      secret = openTotpSecret(u.id, { ciphertext: u.totpCiphertext, iv: u.totpIv, authTag: u.totpAuthTag, keyVersion: u.totpKeyVersion }, ring);
    } catch {
      failed.push({ tenantId: `user:${u.id}`, provider: "account", name: "totp" });
      continue;
    }
    const sealed = sealTotpSecret(u.id, secret, ring);
    const { count } = await db.user.updateMany({
      where: { id: u.id, totpKeyVersion: u.totpKeyVersion },
      data: { totpCiphertext: sealed.ciphertext, totpIv: sealed.iv, totpAuthTag: sealed.authTag, totpKeyVersion: sealed.keyVersion },
    });
    result.reencrypted += count;
  }
}

/** Calendar credentials are sealed in their connection rows under ("calendar", connection id) (lib/calendar). */
async function rotateCalendarConnections(db: OwnerDb, ring: Keyring, result: RotationResult): Promise<void> {
  const { failed } = result;
  const connections = await db.calendarConnection.findMany({ select: { tenantId: true, id: true, ciphertext: true, iv: true, authTag: true, keyVersion: true } });
  for (const c of connections) {
    if (c.keyVersion === ring.current) {
      result.alreadyCurrent++;
      continue;
    }
    const address = { tenantId: c.tenantId, provider: "calendar", name: c.id };
    let plaintext: string;
    try {
      plaintext = openSecret(address, c, ring);
    } catch {
      failed.push(address);
      continue;
    }
    const sealed = sealSecret(address, plaintext, ring);
    const { count } = await db.calendarConnection.updateMany({ where: { tenantId: c.tenantId, id: c.id, keyVersion: c.keyVersion }, data: sealed });
    result.reencrypted += count;
  }
}

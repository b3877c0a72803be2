import { createUnscopedDb } from "@/lib/db/tenant-db";
import type { Keyring } from "./master-keys";
import { openSecret, sealSecret } from "./secret-cipher";
import { openTotpSecret, sealTotpSecret } from "@/lib/auth/totp";

export interface RotationResult {
  reencrypted: number;
  alreadyCurrent: number;
  /** Rows that did not decrypt (tampered, or their key is gone): left as they are. */
  failed: Array<{ tenantId: string; provider: string; name: string }>;
}

/**
 * Re-encrypts every tenant secret not yet under the current master key. Runs
 * as the owner (it spans all tenants); each row is rewritten on its own, only
 * if it still holds the ciphertext that was read, so a concurrent save wins.
 */
export async function rotateSecrets(ownerUrl: string, ring: Keyring, options: { max?: number } = {}): Promise<RotationResult> {
  const db = createUnscopedDb({ url: ownerUrl, max: options.max ?? 2 });
  try {
    const rows = await db.tenantSecret.findMany();
    let reencrypted = 0;
    let alreadyCurrent = 0;
    const failed: RotationResult["failed"] = [];
    for (const row of rows) {
      if (row.keyVersion === ring.current) {
        alreadyCurrent++;
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
      reencrypted += count;
    }
    // Users' two-factor secrets are sealed under the same keys (lib/auth/totp.ts).
    const users = await db.user.findMany({
      where: { totpCiphertext: { not: null } },
      select: { id: true, totpCiphertext: true, totpIv: true, totpAuthTag: true, totpKeyVersion: true },
    });
    for (const u of users) {
      if (!u.totpCiphertext || !u.totpIv || !u.totpAuthTag || u.totpKeyVersion === null) continue;
      if (u.totpKeyVersion === ring.current) {
        alreadyCurrent++;
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
      reencrypted += count;
    }
    // Calendar credentials are sealed in their connection rows under ("calendar", connection id) (lib/calendar).
    const connections = await db.calendarConnection.findMany({ select: { tenantId: true, id: true, ciphertext: true, iv: true, authTag: true, keyVersion: true } });
    for (const c of connections) {
      if (c.keyVersion === ring.current) {
        alreadyCurrent++;
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
      reencrypted += count;
    }
    return { reencrypted, alreadyCurrent, failed };
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }
}

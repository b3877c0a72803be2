import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Keyring } from "./master-keys";

/*
 * AES-256-GCM. The associated data binds a ciphertext to its tenant and its
 * name: copied into another tenant's row, or under another name, it fails
 * authentication instead of decrypting.
 */

export interface SecretAddress {
  tenantId: string;
  provider: string;
  name: string;
}

export interface SealedSecret {
  ciphertext: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  authTag: Uint8Array<ArrayBuffer>;
  keyVersion: number;
}

export class SecretUnavailableError extends Error {
  readonly code = "secret_unavailable";
  constructor(reason: string) {
    // Never include the value or key material: this message can reach logs.
    super(`Secret cannot be decrypted: ${reason}`);
    this.name = "SecretUnavailableError";
  }
}

const aad = (a: SecretAddress) => Buffer.from(`frontdesk/secret/v1\0${a.tenantId.toLowerCase()}\0${a.provider}\0${a.name}`, "utf8");

const copy = (b: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(b);

export function sealSecret(address: SecretAddress, plaintext: string, ring: Keyring): SealedSecret {
  const key = ring.keys.get(ring.current);
  if (!key) throw new SecretUnavailableError("the current master key is missing");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(address));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext: copy(ciphertext), iv: copy(iv), authTag: copy(cipher.getAuthTag()), keyVersion: ring.current };
}

export function openSecret(address: SecretAddress, sealed: SealedSecret, ring: Keyring): string {
  const key = ring.keys.get(sealed.keyVersion);
  if (!key) throw new SecretUnavailableError(`master key version ${sealed.keyVersion} is not configured`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv));
    decipher.setAAD(aad(address));
    decipher.setAuthTag(Buffer.from(sealed.authTag));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnavailableError("authentication failed (wrong tenant, name or key)");
  }
}

/** What a browser may see of a secret after it is saved. */
export function lastFour(plaintext: string): string {
  return plaintext.length >= 8 ? plaintext.slice(-4) : "";
}

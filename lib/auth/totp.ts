import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { openSecret, sealSecret } from "@/lib/secrets/secret-cipher";
import type { Keyring } from "@/lib/secrets/master-keys";

/*
 * TOTP (RFC 6238) over otpauth: 30-second steps, 6 digits, SHA-1 (what every
 * authenticator app reads), one step of tolerance either side for clock
 * drift. Storage and replay protection are the caller's; this module only
 * makes secrets, seals them and checks codes, so the platform console can
 * reuse it for its own administrators.
 */

const PERIOD = 30;
const DIGITS = 6;
export const TOTP_ISSUER = "Frontdesk";

export interface SealedTotp {
  ciphertext: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  authTag: Uint8Array<ArrayBuffer>;
  keyVersion: number;
}

/** The cipher's address for one person's second factor: never a tenant's (those are uuids). */
const addressOf = (owner: string) => ({ tenantId: `totp:${owner}`, provider: "account", name: "totp" });

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secret: string, account: string): string {
  return new TOTP({ issuer: TOTP_ISSUER, label: account, secret: Secret.fromBase32(secret), period: PERIOD, digits: DIGITS, algorithm: "SHA1" }).toString();
}

export function sealTotpSecret(owner: string, secret: string, ring: Keyring): SealedTotp {
  return sealSecret(addressOf(owner), secret, ring);
}

export function openTotpSecret(owner: string, sealed: SealedTotp | { ciphertext: Uint8Array; iv: Uint8Array; authTag: Uint8Array; keyVersion: number }, ring: Keyring): string {
  return openSecret(addressOf(owner), sealed as SealedTotp, ring);
}

/** What a six-digit code was typed from: spaces and dashes are forgiven. */
export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, "");
}

/** The time step a valid code belongs to, or null. The caller refuses a step not later than the last one it accepted. */
export function totpStep(secret: string, code: string, now: Date): number | null {
  const token = normalizeCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const timestamp = now.getTime();
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), period: PERIOD, digits: DIGITS, algorithm: "SHA1", timestamp, window: 1 });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp }) + delta;
}

/** The current code, for tests and stand-ins. */
export function totpCode(secret: string, now: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), period: PERIOD, digits: DIGITS, algorithm: "SHA1", timestamp: now.getTime() });
}

/** Ten single-use recovery codes, "xxxx-xxxx-xx" from an unambiguous alphabet. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.trim().toLowerCase().replace(/[\s]/g, "")).digest("hex");
}

export function looksLikeRecoveryCode(raw: string): boolean {
  return /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{2}$/i.test(raw.trim());
}

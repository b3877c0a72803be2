import "server-only";
import type { z } from "zod";
import type { PlatformDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { loadKeyring, type Keyring } from "@/lib/secrets/master-keys";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, sealTotpSecret, totpStep, totpUri } from "./totp";
import { openSetup, sealSetup, type TwoFactorSetup, type twoFactorConfirmSchema } from "./two-factor-account";
import type { PlatformUser } from "./tenant-session";

/*
 * A platform admin's second factor, set up on the admin host before any
 * console page opens. Same two steps as a member's (lib/auth/two-factor-
 * account.ts): a sealed secret to the browser, then a current code stores it
 * with ten recovery codes, shown once. It is never turned off from here.
 */

let ring: Keyring | undefined;
const keyring = () => (ring ??= loadKeyring());

export async function startAdminTwoFactor(admin: PlatformUser, db: PlatformDb, keys: Keyring = keyring()): Promise<TwoFactorSetup> {
  const user = await db.user.findUniqueOrThrow({ where: { id: admin.userId }, select: { email: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new ApiError("conflict", "Two-factor sign-in is already set up.");
  const secret = newTotpSecret();
  return { setup: sealSetup(admin.userId, secret, keys), secret, uri: totpUri(secret, `${user.email} (platform)`) };
}

export async function confirmAdminTwoFactor(
  admin: PlatformUser,
  db: PlatformDb,
  input: z.infer<typeof twoFactorConfirmSchema>,
  now = new Date(),
  keys: Keyring = keyring(),
): Promise<{ recoveryCodes: string[] }> {
  const secret = openSetup(admin.userId, input.setup, keys);
  const step = totpStep(secret, input.code, now);
  if (step === null) throw new ApiError("bad_request", "code: This code is not valid. Check the time on your phone and enter the current code.", "code");
  const recoveryCodes = newRecoveryCodes();
  const sealed = sealTotpSecret(admin.userId, secret, keys);
  // Only if still off: two setups racing store one secret.
  const { count } = await db.user.updateMany({
    where: { id: admin.userId, totpEnabledAt: null },
    data: {
      totpCiphertext: sealed.ciphertext,
      totpIv: sealed.iv,
      totpAuthTag: sealed.authTag,
      totpKeyVersion: sealed.keyVersion,
      totpEnabledAt: now,
      totpLastStep: BigInt(step),
      totpRecoveryHashes: recoveryCodes.map(hashRecoveryCode),
    },
  });
  if (!count) throw new ApiError("conflict", "Two-factor sign-in is already set up.");
  return { recoveryCodes };
}

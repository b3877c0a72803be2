import "server-only";
import { loadKeyring, type Keyring } from "@/lib/secrets/master-keys";
import { acceptTotpStep, spendRecoveryCode, userSecondFactor } from "./security-store";
import { hashRecoveryCode, looksLikeRecoveryCode, openTotpSecret, totpStep } from "./totp";

/*
 * Checking the second factor of a user whose password was just verified: a
 * code from their authenticator app (each time step accepted once, decided
 * in the database) or one of their recovery codes (each used once).
 */

export type SecondFactorOutcome = "ok" | "invalid" | "reused";

let ring: Keyring | undefined;
const keyring = () => (ring ??= loadKeyring());

/** Whether the user must give a second factor at sign-in. */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  return (await userSecondFactor(userId)) !== null;
}

export async function checkSecondFactor(userId: string, code: string, now: Date, keys: Keyring = keyring()): Promise<SecondFactorOutcome> {
  const stored = await userSecondFactor(userId);
  if (!stored) return "ok";
  if (looksLikeRecoveryCode(code)) return (await spendRecoveryCode(userId, hashRecoveryCode(code))) ? "ok" : "invalid";
  const step = totpStep(openTotpSecret(userId, stored.sealed, keys), code, now);
  if (step === null) return "invalid";
  if (stored.lastStep !== null && step <= stored.lastStep) return "reused";
  return (await acceptTotpStep(userId, step)) ? "ok" : "reused";
}

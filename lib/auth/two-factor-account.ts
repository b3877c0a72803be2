import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import { loadKeyring, type Keyring } from "@/lib/secrets/master-keys";
import { reconfirmPassword } from "./password-reconfirm";
import { memberAuditEntry } from "./member-audit";
import { recordAuditEvent } from "@/lib/audit";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, openTotpSecret, sealTotpSecret, totpStep, totpUri } from "./totp";
import { checkSecondFactor } from "./second-factor";
import type { TenantUserContext } from "./with-tenant-user";

/*
 * A member's own second factor, from the account page. Setting it up is two
 * requests: the first makes a secret and returns it sealed (nothing is
 * stored yet), the second proves the authenticator app holds it with a
 * current code and only then stores it, with ten recovery codes shown once.
 * Turning it off asks for the password and a code.
 */

let ring: Keyring | undefined;
const keyring = () => (ring ??= loadKeyring());

export const twoFactorConfirmSchema = z.object({
  setup: z.string({ message: "Start the setup again" }).min(20).max(2000),
  code: z.string({ message: "Enter the 6-digit code" }).trim().regex(/^\d{3}\s?\d{3}$/, "Enter the 6-digit code from your app"),
});

export const twoFactorDisableSchema = z.object({
  currentPassword: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(128),
  code: z.string({ message: "Enter a code" }).trim().min(6, "Enter a code from your app or a recovery code").max(20),
});

/** The secret travels to the browser and back sealed to this user, so setup keeps no state on the server. */
export function sealSetup(userId: string, secret: string, keys: Keyring): string {
  const sealed = sealTotpSecret(`setup:${userId}`, secret, keys);
  return [sealed.keyVersion, sealed.iv, sealed.authTag, sealed.ciphertext].map((p) => (typeof p === "number" ? String(p) : Buffer.from(p).toString("base64url"))).join(".");
}

export function openSetup(userId: string, token: string, keys: Keyring): string {
  const [version, iv, tag, ciphertext] = token.split(".");
  if (!version || !iv || !tag || !ciphertext) throw new ApiError("bad_request", "setup: Start the setup again.", "setup");
  try {
    return openTotpSecret(
      `setup:${userId}`,
      { keyVersion: Number(version), iv: Buffer.from(iv, "base64url"), authTag: Buffer.from(tag, "base64url"), ciphertext: Buffer.from(ciphertext, "base64url") },
      keys,
    );
  } catch {
    throw new ApiError("bad_request", "setup: Start the setup again.", "setup");
  }
}

export interface TwoFactorSetup {
  setup: string;
  secret: string;
  uri: string;
}

export async function startTwoFactorSetup(ctx: TenantUserContext, keys: Keyring = keyring()): Promise<TwoFactorSetup> {
  const user = await ctx.db.user.findFirstOrThrow({ where: { id: ctx.user.userId }, select: { email: true, passwordHash: true, totpEnabledAt: true } });
  if (!user.passwordHash) {
    throw new ApiError("bad_request", "Two-factor sign-in needs a password: set one with “Forgot password” on the sign-in page first.");
  }
  if (user.totpEnabledAt) throw new ApiError("conflict", "Two-factor authentication is already on.");
  const secret = newTotpSecret();
  return { setup: sealSetup(ctx.user.userId, secret, keys), secret, uri: totpUri(secret, user.email) };
}

export async function confirmTwoFactorSetup(
  ctx: TenantUserContext,
  input: z.infer<typeof twoFactorConfirmSchema>,
  now = new Date(),
  keys: Keyring = keyring(),
): Promise<{ recoveryCodes: string[] }> {
  const secret = openSetup(ctx.user.userId, input.setup, keys);
  const step = totpStep(secret, input.code, now);
  if (step === null) throw new ApiError("bad_request", "code: This code is not valid. Check the time on your phone and enter the current code.", "code");
  const recoveryCodes = newRecoveryCodes();
  const sealed = sealTotpSecret(ctx.user.userId, secret, keys);
  const entry = memberAuditEntry(ctx, "account.two_factor_enabled", `user:${ctx.user.userId}`);
  // Only if still off: two setups racing store one secret. The user row is on the control plane (sign-in
  // reads it there), the trail in the tenant's cell: two writes, the audit once the secret is stored.
  const { count } = await ctx.db.user.updateMany({
    where: { id: ctx.user.userId, totpEnabledAt: null },
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
  if (!count) throw new ApiError("conflict", "Two-factor authentication is already on.");
  await recordAuditEvent(ctx.db, entry);
  return { recoveryCodes };
}

export async function disableTwoFactor(ctx: TenantUserContext, input: z.infer<typeof twoFactorDisableSchema>, now = new Date()): Promise<void> {
  if (ctx.user.tenantRequiresTwoFactor) {
    throw new ApiError("forbidden", "This workspace requires two-factor authentication; its owner can change that in Settings.");
  }
  const check = await reconfirmPassword(ctx, input.currentPassword);
  if (check.kind === "locked") {
    throw new ApiError("rate_limited", "currentPassword: Too many failed attempts. Try again in a few minutes.", "currentPassword", { "retry-after": String(check.retryAfterSeconds) });
  }
  if (check.kind !== "ok") throw new ApiError("bad_request", "currentPassword: The password is incorrect.", "currentPassword");
  const outcome = await checkSecondFactor(ctx.user.userId, input.code, now);
  if (outcome === "reused") throw new ApiError("bad_request", "code: This code was already used. Wait for the next one.", "code");
  if (outcome !== "ok") throw new ApiError("bad_request", "code: This code is not valid.", "code");
  await ctx.db.user.update({
    where: { id: ctx.user.userId },
    data: { totpCiphertext: null, totpIv: null, totpAuthTag: null, totpKeyVersion: null, totpEnabledAt: null, totpLastStep: null, totpRecoveryHashes: [] },
  });
  await recordAuditEvent(ctx.db, memberAuditEntry(ctx, "account.two_factor_disabled", `user:${ctx.user.userId}`));
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  hasPassword: boolean;
}

export async function loadTwoFactorStatus(ctx: Pick<TenantUserContext, "user" | "db">): Promise<TwoFactorStatus> {
  const row = await ctx.db.user.findFirstOrThrow({
    where: { id: ctx.user.userId },
    select: { totpEnabledAt: true, totpRecoveryHashes: true, passwordHash: true },
  });
  return {
    enabled: row.totpEnabledAt !== null,
    enabledAt: row.totpEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft: row.totpRecoveryHashes.length,
    hasPassword: row.passwordHash !== null,
  };
}

export const workspaceTwoFactorSchema = z.object({ required: z.boolean({ message: "Say whether two-factor is required" }) });

/** The owner requires (or stops requiring) a second factor of every member; they must have one themselves first. */
export async function setWorkspaceTwoFactor(ctx: TenantUserContext, input: z.infer<typeof workspaceTwoFactorSchema>) {
  if (input.required && !ctx.user.twoFactorEnabled) {
    throw new ApiError("bad_request", "required: Turn on two-factor for your own account first (Account page).", "required");
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: ctx.user.tenantId }, data: { requireTwoFactor: input.required } });
    await recordAuditEvent(
      tx as unknown as typeof ctx.db,
      memberAuditEntry(ctx, input.required ? "security.two_factor_required" : "security.two_factor_optional", `tenant:${ctx.user.tenantId}`),
    );
  });
  return { required: input.required };
}

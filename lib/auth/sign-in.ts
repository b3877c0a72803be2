import { hashPassword, verifyPassword } from "./password-hash";
import { emailSchema, passwordSchema } from "./credentials-rules";
import { findUserByEmail, loadSessionState, openSession, recordPlatformAuthEvent, type UserAccount } from "./identity-store";
import { loginThrottle, signInThrottleKeys, type LoginThrottle } from "./login-throttle";
import { auditInTenant, type RequestInfo } from "./request-info";
import { checkSecondFactor, hasSecondFactor } from "./second-factor";
import { SESSION_MAX_AGE_SECONDS, type SessionClaims } from "./session-token";

/*
 * Credential checks behind next-auth's Credentials provider (and invitation
 * acceptance for an existing account). Unknown email and wrong password take
 * the same path, the same time (an argon2 verification against a dummy hash)
 * and produce the same error.
 */

/** two_factor_required: the password is right and a code is now needed (nothing was counted). */
export type SignInErrorCode = "invalid_credentials" | "locked" | "two_factor_required" | "invalid_code" | "code_reused";

export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = "SignInError";
  }
}

export const SIGN_IN_MESSAGES: Record<SignInErrorCode, string> = {
  invalid_credentials: "Email or password is incorrect.",
  locked: "Too many failed attempts. Sign-in is paused for a few minutes; try again later.",
  two_factor_required: "Enter the code from your authenticator app.",
  invalid_code: "This code is not valid. Enter the current code from your authenticator app, or a recovery code.",
  code_reused: "This code was already used. Wait for the next one in your authenticator app.",
};

let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword("frontdesk-timing-equaliser-not-a-password"));

async function auditFailure(
  user: UserAccount | null,
  email: string,
  action: "auth.sign_in_failed" | "auth.locked" | "auth.two_factor_failed",
  info: RequestInfo,
) {
  const entry = {
    action,
    actorUserId: user?.id ?? null,
    target: user ? `user:${user.id}` : null,
    metadata: action === "auth.locked" ? { scope: "email_or_ip" } : {},
    ip: info.ip,
    requestId: info.requestId,
  };
  if (user && user.tenantIds.length > 0) {
    await Promise.all(user.tenantIds.map((tenantId) => auditInTenant(tenantId, entry)));
  } else {
    // No tenant to file it under: the platform trail keeps it, with the email
    // that was tried (there is no user id to name).
    await recordPlatformAuthEvent({ ...entry, action, target: user ? entry.target : `email:${email}` });
  }
}

export async function verifyCredentials(
  raw: { email?: unknown; password?: unknown; code?: unknown },
  info: RequestInfo,
  throttle: LoginThrottle = loginThrottle(),
  now: Date = new Date(),
): Promise<UserAccount> {
  const email = emailSchema.safeParse(raw.email);
  const password = passwordSchema.safeParse(raw.password);
  if (!email.success || !password.success) throw new SignInError("invalid_credentials");

  const keys = signInThrottleKeys(email.data, info.ip);
  const lockedUntil = await throttle.lockedUntil(keys);
  if (lockedUntil) {
    throw new SignInError("locked", Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)));
  }

  const user = await findUserByEmail(email.data);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummy()), password.data);
  if (!user || !user.passwordHash || !passwordOk) {
    const locked = await throttle.recordFailure(keys);
    await auditFailure(user, email.data, "auth.sign_in_failed", info);
    if (locked.length > 0) {
      await auditFailure(user, email.data, "auth.locked", info);
      throw new SignInError("locked", Math.max(...locked.map((k) => k.policy.lockSeconds)));
    }
    throw new SignInError("invalid_credentials");
  }
  if (await hasSecondFactor(user.id)) {
    const code = typeof raw.code === "string" ? raw.code.trim().slice(0, 64) : "";
    if (!code) throw new SignInError("two_factor_required");
    const outcome = await checkSecondFactor(user.id, code, now);
    if (outcome !== "ok") {
      // A wrong code counts like a wrong password: the code space is small.
      const locked = await throttle.recordFailure(keys);
      await auditFailure(user, email.data, "auth.two_factor_failed", info);
      if (locked.length > 0) {
        await auditFailure(user, email.data, "auth.locked", info);
        throw new SignInError("locked", Math.max(...locked.map((k) => k.policy.lockSeconds)));
      }
      throw new SignInError(outcome === "reused" ? "code_reused" : "invalid_code");
    }
  }
  await throttle.reset(keys.filter((k) => k.key.startsWith("email:")));
  return user;
}

/** Opens a session for a verified user and returns its apex token claims. */
export async function startSession(user: UserAccount, info: RequestInfo): Promise<SessionClaims> {
  const sid = await openSession({
    userId: user.id,
    ttlSeconds: SESSION_MAX_AGE_SECONDS,
    ip: info.ip,
    userAgent: info.userAgent,
  });
  const state = await loadSessionState(sid, null);
  const active = state?.activeTenantId ?? null;
  const inTenant = active ? await loadSessionState(sid, active) : null;
  const membership = inTenant?.membership ?? null;
  const entry = { action: "auth.sign_in", actorUserId: user.id, target: `user:${user.id}`, ip: info.ip, requestId: info.requestId };
  if (membership) await auditInTenant(membership.tenantId, entry);
  else await recordPlatformAuthEvent({ ...entry, action: "auth.sign_in" });
  return {
    sub: user.id,
    sid,
    tid: membership?.tenantId ?? null,
    role: membership?.role ?? null,
    pa: user.isPlatformAdmin,
    tv: user.tokenVersion,
    mv: membership?.version ?? null,
    name: user.name,
    email: user.email,
  };
}

export async function signInWithPassword(
  raw: { email?: unknown; password?: unknown; code?: unknown },
  info: RequestInfo,
  throttle?: LoginThrottle,
): Promise<SessionClaims> {
  const user = await verifyCredentials(raw, info, throttle);
  return startSession(user, info);
}

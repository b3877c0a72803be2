import "server-only";
import { ApiError } from "@/lib/http";
import { findUserByEmail, openSession, recordPlatformAuthEvent, type UserAccount } from "./identity-store";
import { emailSchema } from "./credentials-rules";
import { completePasswordReset } from "./password-reset";
import { hasSecondFactor } from "./second-factor";
import type { RequestInfo } from "./request-info";
import { ADMIN_SESSION_MAX_AGE_SECONDS, type AdminClaims } from "./admin-session";
import { SIGN_IN_MESSAGES, SignInError, verifyCredentials } from "./sign-in";

/*
 * Signing in to the platform console. The credential checks are the tenant
 * console's (same throttle, same timing, same second-factor replay rules); a
 * user who is not a platform admin gets exactly the answer of a wrong
 * password, so the console does not tell who works here.
 */

async function openAdminSession(user: UserAccount, info: RequestInfo, action: "auth.admin_sign_in" | "auth.admin_setup"): Promise<AdminClaims> {
  const sid = await openSession({ userId: user.id, ttlSeconds: ADMIN_SESSION_MAX_AGE_SECONDS, ip: info.ip, userAgent: info.userAgent });
  await recordPlatformAuthEvent({ action, actorUserId: user.id, target: `user:${user.id}`, ip: info.ip, requestId: info.requestId });
  return { sub: user.id, sid, tv: user.tokenVersion };
}

const CODE_ERRORS = new Set(["two_factor_required", "invalid_code", "code_reused"]);

function signInRefusal(error: SignInError): ApiError {
  const headers = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  const field = CODE_ERRORS.has(error.code) ? "code" : undefined;
  // `reason` lets the form ask for the code without parsing the message.
  return new ApiError(error.code === "locked" ? "rate_limited" : "unauthorized", SIGN_IN_MESSAGES[error.code], field, headers, { reason: error.code });
}

async function isPlatformAdminEmail(raw: unknown): Promise<boolean> {
  const email = emailSchema.safeParse(raw);
  return email.success ? ((await findUserByEmail(email.data))?.isPlatformAdmin ?? false) : false;
}

export async function signInAdmin(raw: { email?: unknown; password?: unknown; code?: unknown }, info: RequestInfo): Promise<AdminClaims> {
  let user: UserAccount;
  try {
    user = await verifyCredentials(raw, info);
  } catch (error) {
    if (!(error instanceof SignInError)) throw error;
    // Asking a member for their code would confirm their password: the console knows only its admins.
    if (CODE_ERRORS.has(error.code) && !(await isPlatformAdminEmail(raw.email))) throw signInRefusal(new SignInError("invalid_credentials"));
    throw signInRefusal(error);
  }
  if (!user.isPlatformAdmin) {
    await recordPlatformAuthEvent({ action: "auth.admin_sign_in_refused", actorUserId: user.id, target: `user:${user.id}`, ip: info.ip, requestId: info.requestId });
    throw signInRefusal(new SignInError("invalid_credentials"));
  }
  return openAdminSession(user, info, "auth.admin_sign_in");
}

/**
 * The one-time link `npm run admin:create` prints: set a password, then straight on to two-factor setup.
 * Null for an admin who already has a second factor: the ticket is the reset table's (an apex reset
 * mail works too), so it proves the mailbox, not the code; they sign in with password and code.
 */
export async function completeAdminSetup(raw: unknown, info: RequestInfo): Promise<AdminClaims | null> {
  const { email } = await completePasswordReset(raw, info);
  const user = await findUserByEmail(email);
  if (!user?.isPlatformAdmin) throw new ApiError("bad_request", "token: This link is not for a platform administrator.", "token");
  if (await hasSecondFactor(user.id)) return null;
  return openAdminSession(user, info, "auth.admin_setup");
}

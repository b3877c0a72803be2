import { loginThrottle, signInThrottleKeys, type LoginThrottle } from "./login-throttle";
import { verifyPassword } from "./password-hash";
import type { TenantUserContext } from "./with-tenant-user";

/*
 * A signed-in member types their password again before an irreversible change
 * (a new password, deleting the workspace). Wrong guesses count against the
 * same throttle keys as sign-in and a lock from sign-in holds here too: a
 * stolen session must not become a way around sign-in's lock. Each caller
 * turns the outcome into its own field's error.
 */

export type ReconfirmOutcome =
  | { kind: "ok" }
  | { kind: "no_password" }
  /** Nothing was tried: sign-in for this email or client is paused. */
  | { kind: "locked"; retryAfterSeconds: number }
  /** Counted as a failed sign-in; `lockedForSeconds` is set when this failure locked it. */
  | { kind: "wrong"; lockedForSeconds: number | null };

export async function reconfirmPassword(
  ctx: Pick<TenantUserContext, "user" | "db" | "request">,
  password: string,
  throttle: LoginThrottle = loginThrottle(),
): Promise<ReconfirmOutcome> {
  const user = await ctx.db.user.findFirstOrThrow({ where: { id: ctx.user.userId }, select: { email: true, passwordHash: true } });
  if (!user.passwordHash) return { kind: "no_password" };
  const keys = signInThrottleKeys(user.email, ctx.request.ip);
  const lockedUntil = await throttle.lockedUntil(keys);
  if (lockedUntil) return { kind: "locked", retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)) };
  if (await verifyPassword(user.passwordHash, password)) {
    await throttle.reset(keys.filter((k) => k.key.startsWith("email:")));
    return { kind: "ok" };
  }
  const locked = await throttle.recordFailure(keys);
  return { kind: "wrong", lockedForSeconds: locked.length > 0 ? Math.max(...locked.map((k) => k.policy.lockSeconds)) : null };
}

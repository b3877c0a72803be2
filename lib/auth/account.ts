import type { AuditEntry } from "@/lib/audit";
import { ApiError } from "@/lib/http";
import type { ChangeNameInput, ChangePasswordInput } from "./account-schemas";
import { closeSession, listSessionMemberships, openSession } from "./identity-store";
import { loginThrottle, signInThrottleKeys, type LoginThrottle } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password-hash";
import { auditInTenant } from "./request-info";
import { SESSION_MAX_AGE_SECONDS, type SessionClaims } from "./session-token";
import type { TenantUserContext } from "./with-tenant-user";

/*
 * The signed-in member's own account: display name and password. A user is
 * global (one person, several workspaces), so a change applies in every
 * workspace they belong to, and each of those workspaces' trails records it.
 */

export interface AccountView {
  name: string;
  email: string;
  /** False for accounts that only sign in with Google or Microsoft. */
  hasPassword: boolean;
}

export async function loadAccount(ctx: Pick<TenantUserContext, "user" | "db">): Promise<AccountView> {
  const row = await ctx.db.user.findFirstOrThrow({ where: { id: ctx.user.userId }, select: { name: true, email: true, passwordHash: true } });
  return { name: row.name, email: row.email, hasPassword: row.passwordHash !== null };
}

function entryFor(ctx: TenantUserContext, action: string, metadata: AuditEntry["metadata"] = {}): AuditEntry {
  return {
    action,
    actorUserId: ctx.user.userId,
    target: `user:${ctx.user.userId}`,
    metadata,
    ip: ctx.request.ip,
    requestId: ctx.request.requestId,
  };
}

/** The current tenant's row is written by the caller (with the change itself); the others' here. */
async function auditInOtherWorkspaces(ctx: TenantUserContext, entry: AuditEntry): Promise<void> {
  const memberships = await listSessionMemberships(ctx.user.sessionId);
  const others = memberships.map((m) => m.tenantId).filter((id) => id !== ctx.user.tenantId);
  await Promise.all(others.map((tenantId) => auditInTenant(tenantId, entry)));
}

function auditRow(entry: AuditEntry) {
  return {
    action: entry.action,
    actorUserId: entry.actorUserId ?? null,
    target: entry.target ?? null,
    metadata: entry.metadata ?? {},
    ip: entry.ip ?? null,
    requestId: entry.requestId ?? null,
  };
}

export async function changeName(ctx: TenantUserContext, input: ChangeNameInput): Promise<{ name: string }> {
  const before = await ctx.db.user.findFirstOrThrow({ where: { id: ctx.user.userId }, select: { name: true } });
  if (before.name === input.name) return { name: input.name };
  const entry = entryFor(ctx, "account.name_changed", { from: before.name, to: input.name });
  await ctx.db.$transaction([
    ctx.db.user.update({ where: { id: ctx.user.userId }, data: { name: input.name } }),
    ctx.db.auditEvent.create({ data: auditRow(entry) }),
  ]);
  await auditInOtherWorkspaces(ctx, entry);
  return { name: input.name };
}

function retryAfter(until: Date | number): Record<string, string> {
  const seconds = typeof until === "number" ? until : Math.ceil((until.getTime() - Date.now()) / 1000);
  return { "retry-after": String(Math.max(1, seconds)) };
}

const LOCKED_MESSAGE = "currentPassword: Too many failed attempts. Password changes and sign-in are paused for a few minutes; try again later.";

/**
 * Changes the caller's password and returns the claims of a fresh session for
 * the caller's browser on this host.
 *
 * The token version bump ends every session of the user, on every host (a
 * stolen session must not survive the change meant to shut it out). The
 * caller proved the current password, so they get a new session at once —
 * a new id, as after any sign-in — instead of being sent to sign in again.
 * Their other hosts' cookies (the apex, other workspaces) belong to the old
 * session and end with it.
 *
 * Wrong current passwords count against the same throttle keys as sign-in:
 * a stolen session must not become a way around sign-in's lock.
 */
export async function changePassword(
  ctx: TenantUserContext,
  input: ChangePasswordInput,
  throttle: LoginThrottle = loginThrottle(),
): Promise<SessionClaims> {
  const user = await ctx.db.user.findFirstOrThrow({ where: { id: ctx.user.userId } });
  if (!user.passwordHash) {
    throw new ApiError("bad_request", "currentPassword: Your account signs in with Google or Microsoft and has no password to change.", "currentPassword");
  }
  const keys = signInThrottleKeys(user.email, ctx.request.ip);
  const lockedUntil = await throttle.lockedUntil(keys);
  if (lockedUntil) throw new ApiError("rate_limited", LOCKED_MESSAGE, "currentPassword", retryAfter(lockedUntil));

  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    const locked = await throttle.recordFailure(keys);
    await auditInTenant(ctx.user.tenantId, entryFor(ctx, "account.password_change_failed", { reason: locked.length > 0 ? "locked" : "wrong_current_password" }));
    if (locked.length > 0) {
      throw new ApiError("rate_limited", LOCKED_MESSAGE, "currentPassword", retryAfter(Math.max(...locked.map((k) => k.policy.lockSeconds))));
    }
    throw new ApiError("bad_request", "currentPassword: The current password is incorrect.", "currentPassword");
  }
  if (input.newPassword === input.currentPassword) {
    throw new ApiError("bad_request", "newPassword: Choose a password different from the current one.", "newPassword");
  }
  await throttle.reset(keys.filter((k) => k.key.startsWith("email:")));

  const entry = entryFor(ctx, "account.password_changed", { otherSessions: "ended" });
  const [updated] = await ctx.db.$transaction([
    ctx.db.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.newPassword), tokenVersion: { increment: 1 } },
      select: { tokenVersion: true, name: true, email: true, isPlatformAdmin: true },
    }),
    ctx.db.auditEvent.create({ data: auditRow(entry) }),
  ]);
  await auditInOtherWorkspaces(ctx, entry);

  const sessionId = await openSession({
    userId: user.id,
    ttlSeconds: SESSION_MAX_AGE_SECONDS,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  // Already dead through the token version; revoking it also drops its pending hand-off tickets.
  await closeSession(ctx.user.sessionId);
  return {
    sub: user.id,
    sid: sessionId,
    tid: ctx.user.tenantId,
    role: ctx.user.role,
    pa: updated.isPlatformAdmin,
    tv: updated.tokenVersion,
    mv: ctx.user.membershipVersion,
    name: updated.name,
    email: updated.email,
  };
}

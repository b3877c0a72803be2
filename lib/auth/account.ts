import "server-only";
import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import { ApiError } from "@/lib/http";
import type { ChangeNameInput, ChangePasswordInput } from "./account-schemas";
import { closeSession, listSessionMemberships, openSession } from "./identity-store";
import { hashPassword } from "./password-hash";
import { reconfirmPassword } from "./password-reconfirm";
import { listUserSessions, revokeUserSession } from "./security-store";
import { auditInTenant } from "./request-info";
import { SESSION_MAX_AGE_SECONDS, type SessionClaims } from "./session-token";
import { claimsForTenantUser } from "./tenant-session";
import type { TenantUserContext } from "./with-tenant-user";
import { memberAuditEntry } from "./member-audit";

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
  return memberAuditEntry(ctx, action, `user:${ctx.user.userId}`, metadata);
}

/** The current tenant's row is written by the caller (with the change itself); the others' here. */
async function auditInOtherWorkspaces(ctx: TenantUserContext, entry: AuditEntry): Promise<void> {
  const memberships = await listSessionMemberships(ctx.user.sessionId);
  const others = memberships.map((m) => m.tenantId).filter((id) => id !== ctx.user.tenantId);
  await Promise.all(others.map((tenantId) => auditInTenant(tenantId, entry)));
}

export async function changeName(ctx: TenantUserContext, input: ChangeNameInput): Promise<{ name: string }> {
  const before = await ctx.db.user.findFirstOrThrow({ where: { id: ctx.user.userId }, select: { name: true } });
  if (before.name === input.name) return { name: input.name };
  const entry = entryFor(ctx, "account.name_changed", { from: before.name, to: input.name });
  // The user row is global (control plane), the trail the tenant's (its cell): two databases, two writes.
  await ctx.db.user.update({ where: { id: ctx.user.userId }, data: { name: input.name } });
  await recordAuditEvent(ctx.db, entry);
  await auditInOtherWorkspaces(ctx, entry);
  return { name: input.name };
}

const LOCKED_MESSAGE = "currentPassword: Too many failed attempts. Password changes and sign-in are paused for a few minutes; try again later.";

function locked(retryAfterSeconds: number): ApiError {
  return new ApiError("rate_limited", LOCKED_MESSAGE, "currentPassword", { "retry-after": String(retryAfterSeconds) });
}

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
 */
export async function changePassword(ctx: TenantUserContext, input: ChangePasswordInput): Promise<SessionClaims> {
  const check = await reconfirmPassword(ctx, input.currentPassword);
  if (check.kind === "no_password") {
    throw new ApiError("bad_request", "currentPassword: Your account signs in with Google or Microsoft and has no password to change.", "currentPassword");
  }
  if (check.kind === "locked") throw locked(check.retryAfterSeconds);
  if (check.kind === "wrong") {
    await recordAuditEvent(ctx.db, entryFor(ctx, "account.password_change_failed", { reason: check.lockedForSeconds ? "locked" : "wrong_current_password" }));
    if (check.lockedForSeconds) throw locked(check.lockedForSeconds);
    throw new ApiError("bad_request", "currentPassword: The current password is incorrect.", "currentPassword");
  }
  if (input.newPassword === input.currentPassword) {
    throw new ApiError("bad_request", "newPassword: Choose a password different from the current one.", "newPassword");
  }

  const entry = entryFor(ctx, "account.password_changed", { otherSessions: "ended" });
  const newHash = await hashPassword(input.newPassword);
  // On the control plane, where sign-in reads the hash; then the tenant's trail in its cell.
  const updated = await ctx.db.user.update({
    where: { id: ctx.user.userId },
    data: { passwordHash: newHash, tokenVersion: { increment: 1 } },
    select: { tokenVersion: true, name: true, email: true, isPlatformAdmin: true },
  });
  await recordAuditEvent(ctx.db, entry);
  await auditInOtherWorkspaces(ctx, entry);
  // Their rows end too, not only their cookies: support mode is bound to a console session's row.
  for (const other of await listUserSessions(ctx.user.sessionId)) if (!other.current) await revokeUserSession(ctx.user.sessionId, other.id);

  const sessionId = await openSession({
    userId: ctx.user.userId,
    ttlSeconds: SESSION_MAX_AGE_SECONDS,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  // Already dead through the token version; revoking it also drops its pending hand-off tickets.
  await closeSession(ctx.user.sessionId);
  return claimsForTenantUser({ ...ctx.user, ...updated, sessionId });
}

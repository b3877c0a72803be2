import type { MemberRole, TenantStatus } from "@/lib/db/generated/client";
import { loadSessionState } from "./identity-store";
import { touchSession } from "./security-store";
import type { SessionClaims } from "./session-token";

/*
 * The per-request session check. The JWT alone is never trusted for access:
 * its session row must still be live (sign-out anywhere revokes it), the
 * user's token version must match (a password change bumps it) and the
 * membership must still exist. The role comes from the database, so a role
 * change applies on the very next request; `stale` says the token's copy of
 * it (membership version) is out of date and may be re-issued.
 */

export interface TenantUser {
  sessionId: string;
  userId: string;
  name: string;
  email: string;
  isPlatformAdmin: boolean;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  tenantStatus: TenantStatus;
  role: MemberRole;
  membershipVersion: number;
  tokenVersion: number;
  /** The user signs in with a second factor. */
  twoFactorEnabled: boolean;
  /** The workspace requires a second factor of every member. */
  tenantRequiresTwoFactor: boolean;
  /** Set only for Frontdesk support viewing the workspace (lib/platform/support); absent for members. */
  support?: SupportAccess;
}

/** A support principal: no membership, a manager's reach, read-only unless the owner allows changes. */
export interface SupportAccess {
  /** The support_sessions row. */
  sessionId: string;
  expiresAt: Date;
  /** The owner's setting as read on this request. */
  writesAllowed: boolean;
  reason: string;
}

/** How stale a session's "last seen" may get before a request refreshes it (one write per session per interval). */
export const LAST_SEEN_INTERVAL_MS = 5 * 60_000;

export type TenantSessionCheck =
  | { ok: true; user: TenantUser; stale: boolean }
  | { ok: false; reason: "no_session" | "session_ended" | "not_member" };

export async function checkTenantSession(claims: SessionClaims | null, tenantId: string): Promise<TenantSessionCheck> {
  if (!claims) return { ok: false, reason: "no_session" };
  const state = await loadSessionState(claims.sid, tenantId);
  if (!state || state.userId !== claims.sub || state.tokenVersion !== claims.tv) {
    return { ok: false, reason: "session_ended" };
  }
  // A cookie is minted for exactly one tenant host; presenting it for another
  // tenant is treated like having no membership there.
  if (!state.membership || claims.tid !== tenantId) return { ok: false, reason: "not_member" };
  const m = state.membership;
  if (Date.now() - state.lastSeenAt.getTime() > LAST_SEEN_INTERVAL_MS) await touchSession(claims.sid);
  return {
    ok: true,
    stale: claims.mv !== m.version || claims.role !== m.role,
    user: {
      sessionId: claims.sid,
      userId: state.userId,
      name: state.userName,
      email: state.userEmail,
      isPlatformAdmin: state.isPlatformAdmin,
      tenantId: m.tenantId,
      tenantSlug: m.slug,
      tenantName: m.tenantName,
      tenantStatus: m.tenantStatus,
      role: m.role,
      membershipVersion: m.version,
      tokenVersion: state.tokenVersion,
      twoFactorEnabled: state.twoFactorEnabled,
      tenantRequiresTwoFactor: m.requiresTwoFactor,
    },
  };
}

export interface PlatformUser {
  sessionId: string;
  userId: string;
  name: string;
  email: string;
}

export function claimsForTenantUser(user: TenantUser): SessionClaims {
  return {
    sub: user.userId,
    sid: user.sessionId,
    tid: user.tenantId,
    role: user.role,
    pa: user.isPlatformAdmin,
    tv: user.tokenVersion,
    mv: user.membershipVersion,
    name: user.name,
    email: user.email,
  };
}

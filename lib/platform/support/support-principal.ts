import "server-only";
import { recordAuditEvent } from "@/lib/audit";
import { loadSessionState } from "@/lib/auth/identity-store";
import type { TenantUser } from "@/lib/auth/tenant-session";
import { tenantDb } from "@/lib/db";
import { runAsTenant } from "@/lib/tenancy";
import { supportClock } from "./support-clock";
import { hashSupportToken, isWellFormedSupportToken, newSupportToken } from "./support-cookie";
import { SUPPORT_ROLE } from "./support-policy";

/*
 * The tenant host's side of support mode. Everything here runs in the host's
 * tenant context on the app pool (frontdesk_app, RLS), never on the platform
 * pool: a ticket or cookie minted for another tenant is simply not found.
 * Expiry is checked against the support clock on every request, and so is
 * the admin's own console session.
 */

/** Redeems a ticket once, binding a fresh cookie to the session; null if forged, used, late or foreign. */
export async function redeemSupportTicket(ticket: string | null, tenantId: string): Promise<{ cookie: string; expiresAt: Date } | null> {
  if (!isWellFormedSupportToken(ticket)) return null;
  const ticketHash = hashSupportToken(ticket);
  const cookie = newSupportToken();
  return runAsTenant(tenantId, async () => {
    const db = tenantDb();
    const now = supportClock().now();
    const { count } = await db.supportSession.updateMany({
      where: { ticketHash, ticketUsedAt: null, endedAt: null, ticketExpiresAt: { gt: now }, expiresAt: { gt: now } },
      data: { ticketUsedAt: now, cookieHash: hashSupportToken(cookie) },
    });
    if (count !== 1) return null;
    const row = await db.supportSession.findFirst({ where: { ticketHash }, select: { expiresAt: true } });
    return row ? { cookie, expiresAt: row.expiresAt } : null;
  });
}

/** The support principal behind a cookie on this tenant's host, or null (unknown, ended, expired). */
export async function resolveSupportPrincipal(cookie: string | undefined, tenantId: string): Promise<TenantUser | null> {
  if (!isWellFormedSupportToken(cookie)) return null;
  const row = await runAsTenant(tenantId, () =>
    tenantDb().supportSession.findFirst({
      where: { cookieHash: hashSupportToken(cookie) },
      select: {
        id: true,
        adminUserId: true,
        adminSessionId: true,
        reason: true,
        expiresAt: true,
        endedAt: true,
        tenant: { select: { id: true, slug: true, name: true, status: true, supportWritesAllowed: true } },
      },
    }),
  );
  if (!row || row.endedAt || supportClock().now().getTime() >= row.expiresAt.getTime()) return null;
  // The admin must still be one, still signed in to the console, with the second factor.
  const admin = await loadSessionState(row.adminSessionId, null);
  if (!admin || admin.userId !== row.adminUserId || !admin.isPlatformAdmin || !admin.twoFactorEnabled) return null;
  return {
    sessionId: row.id,
    userId: row.adminUserId,
    name: "Frontdesk support",
    email: "",
    isPlatformAdmin: true,
    tenantId: row.tenant.id,
    tenantSlug: row.tenant.slug,
    tenantName: row.tenant.name,
    tenantStatus: row.tenant.status,
    role: SUPPORT_ROLE,
    membershipVersion: 0,
    tokenVersion: 0,
    // Admins sign in with TOTP; the workspace's own rule is about its members.
    twoFactorEnabled: true,
    tenantRequiresTwoFactor: false,
    // Read now, not when the session started: the owner turning it off applies at once.
    support: { sessionId: row.id, expiresAt: row.expiresAt, writesAllowed: row.tenant.supportWritesAllowed, reason: row.reason },
  };
}

/** Exit: ends the session behind `cookie` (once) and tells the tenant's Activity. */
export async function endSupportSession(
  cookie: string | undefined,
  tenantId: string,
  info: { ip: string | null; requestId: string | null },
): Promise<boolean> {
  if (!isWellFormedSupportToken(cookie)) return false;
  const cookieHash = hashSupportToken(cookie);
  return runAsTenant(tenantId, async () => {
    const db = tenantDb();
    const now = supportClock().now();
    const row = await db.supportSession.findFirst({ where: { cookieHash, endedAt: null }, select: { id: true, adminUserId: true, expiresAt: true } });
    if (!row) return false;
    const expired = now.getTime() >= row.expiresAt.getTime();
    // The session row is on the control plane, the tenant's trail in its cell: ended first, then recorded.
    const { count } = await db.supportSession.updateMany({ where: { id: row.id, endedAt: null }, data: { endedAt: expired ? row.expiresAt : now, endReason: expired ? "expired" : "exit" } });
    if (count !== 1 || expired) return false;
    await recordAuditEvent(db, {
      action: "support.ended",
      actorKind: "platform_admin",
      actorUserId: row.adminUserId,
      target: `support_session:${row.id}`,
      ip: info.ip,
      requestId: info.requestId,
    });
    return true;
  });
}

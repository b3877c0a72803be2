import "server-only";
import { tenantDb } from "@/lib/db";
import type { MemberRole, Region, TenantStatus } from "@/lib/db/generated/client";

/*
 * Typed calls to the identity migration's SECURITY DEFINER functions: the only
 * way the app role reaches users, memberships and sessions outside a tenant
 * context (sign-in, sign-up, the hand-off between hosts). Everything inside a
 * tenant goes through the tenant-scoped client instead.
 */

export interface UserAccount {
  id: string;
  name: string;
  email: string;
  passwordHash: string | null;
  isPlatformAdmin: boolean;
  tokenVersion: number;
  tenantIds: string[];
}

export interface SessionState {
  userId: string;
  userName: string;
  userEmail: string;
  tokenVersion: number;
  isPlatformAdmin: boolean;
  activeTenantId: string | null;
  /** The user has a TOTP second factor. */
  twoFactorEnabled: boolean;
  /** When the session was last seen (its start until a request refreshes it). */
  lastSeenAt: Date;
  /** Null unless the session's user is a member of the tenant asked about. */
  membership: {
    tenantId: string;
    slug: string;
    tenantName: string;
    tenantStatus: TenantStatus;
    role: MemberRole;
    version: number;
    /** The tenant requires every member to sign in with a second factor. */
    requiresTwoFactor: boolean;
  } | null;
}

export interface TenantMembershipSummary {
  tenantId: string;
  slug: string;
  name: string;
  status: TenantStatus;
  role: MemberRole;
}

const db = () => tenantDb();

export async function findUserByEmail(email: string): Promise<UserAccount | null> {
  const rows = await db().$queryRaw<
    Array<{
      id: string;
      name: string;
      email: string;
      password_hash: string | null;
      is_platform_admin: boolean;
      token_version: number;
      tenant_ids: string[];
    }>
  >`SELECT * FROM auth_find_user(${email})`;
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    passwordHash: r.password_hash,
    isPlatformAdmin: r.is_platform_admin,
    tokenVersion: r.token_version,
    tenantIds: r.tenant_ids,
  };
}

export async function loadSessionState(sessionId: string, tenantId: string | null): Promise<SessionState | null> {
  const rows = await db().$queryRaw<
    Array<{
      user_id: string;
      user_name: string;
      user_email: string;
      token_version: number;
      is_platform_admin: boolean;
      active_tenant_id: string | null;
      tenant_id: string | null;
      tenant_slug: string | null;
      tenant_name: string | null;
      tenant_status: TenantStatus | null;
      role: MemberRole | null;
      membership_version: number | null;
      two_factor_enabled: boolean;
      tenant_requires_two_factor: boolean;
      last_seen_at: Date;
    }>
  >`SELECT * FROM auth_session_state(${sessionId}::uuid, ${tenantId}::uuid)`;
  const r = rows[0];
  if (!r) return null;
  return {
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    tokenVersion: r.token_version,
    isPlatformAdmin: r.is_platform_admin,
    activeTenantId: r.active_tenant_id,
    twoFactorEnabled: r.two_factor_enabled,
    lastSeenAt: new Date(r.last_seen_at),
    membership:
      r.tenant_id && r.role && r.tenant_slug && r.tenant_name && r.tenant_status && r.membership_version !== null
        ? {
            tenantId: r.tenant_id,
            slug: r.tenant_slug,
            tenantName: r.tenant_name,
            tenantStatus: r.tenant_status,
            role: r.role,
            version: r.membership_version,
            requiresTwoFactor: r.tenant_requires_two_factor,
          }
        : null,
  };
}

export async function listSessionMemberships(sessionId: string): Promise<TenantMembershipSummary[]> {
  const rows = await db().$queryRaw<
    Array<{ tenant_id: string; slug: string; name: string; status: TenantStatus; role: MemberRole }>
  >`SELECT * FROM auth_session_memberships(${sessionId}::uuid)`;
  return rows.map((r) => ({ tenantId: r.tenant_id, slug: r.slug, name: r.name, status: r.status, role: r.role }));
}

export async function openSession(input: {
  userId: string;
  ttlSeconds: number;
  ip: string | null;
  userAgent: string | null;
}): Promise<string> {
  const rows = await db().$queryRaw<Array<{ id: string }>>`
    SELECT auth_open_session(${input.userId}::uuid, ${input.ttlSeconds}::int, ${input.ip}, ${input.userAgent}) AS id`;
  return rows[0]!.id;
}

/** Returns the session's user id, or null if it was already closed. */
export async function closeSession(sessionId: string): Promise<string | null> {
  const rows = await db().$queryRaw<Array<{ user_id: string | null }>>`
    SELECT auth_close_session(${sessionId}::uuid) AS user_id`;
  return rows[0]?.user_id ?? null;
}

export async function createHandoff(input: {
  sessionId: string;
  tenantId: string;
  tokenHash: string;
  nextPath: string;
  ttlSeconds: number;
}): Promise<boolean> {
  const rows = await db().$queryRaw<Array<{ ok: boolean }>>`
    SELECT auth_create_handoff(${input.sessionId}::uuid, ${input.tenantId}::uuid, ${input.tokenHash},
      ${input.nextPath}, ${input.ttlSeconds}::int) AS ok`;
  return rows[0]?.ok === true;
}

export async function consumeHandoff(tokenHash: string, tenantId: string): Promise<{ sessionId: string; nextPath: string } | null> {
  const rows = await db().$queryRaw<Array<{ session_id: string; next_path: string }>>`
    SELECT * FROM auth_consume_handoff(${tokenHash}, ${tenantId}::uuid)`;
  const r = rows[0];
  return r ? { sessionId: r.session_id, nextPath: r.next_path } : null;
}

export type SignUpOutcome = { outcome: "ok"; userId: string; tenantId: string } | { outcome: "email_taken" | "slug_taken" };

export async function createTenantWithOwner(input: {
  email: string;
  userName: string;
  passwordHash: string;
  slug: string;
  tenantName: string;
  region: Region;
  timezone: string;
  locale: string;
  trialEndsAt: Date;
}): Promise<SignUpOutcome> {
  const rows = await db().$queryRaw<Array<{ outcome: string; new_user_id: string | null; new_tenant_id: string | null }>>`
    SELECT * FROM auth_sign_up(${input.email}, ${input.userName}, ${input.passwordHash}, ${input.slug},
      ${input.tenantName}, ${input.region}::"Region", ${input.timezone}, ${input.locale}, ${input.trialEndsAt}::timestamptz)`;
  const r = rows[0]!;
  if (r.outcome === "ok") return { outcome: "ok", userId: r.new_user_id!, tenantId: r.new_tenant_id! };
  return { outcome: r.outcome as "email_taken" | "slug_taken" };
}

export type AcceptOutcome =
  | { outcome: "ok"; userId: string; invitationId: string; email: string; role: MemberRole }
  | { outcome: "invalid" }
  | { outcome: "used" | "revoked" | "expired" | "needs_account" | "account_exists" | "seat_limit"; invitationId: string; email: string; role: MemberRole };

export async function acceptInvitationRow(input: {
  tenantId: string;
  tokenHash: string;
  userName: string | null;
  passwordHash: string | null;
}): Promise<AcceptOutcome> {
  const rows = await db().$queryRaw<
    Array<{ outcome: string; accepted_user_id: string | null; invitation_id: string | null; invited_email: string | null; invited_role: MemberRole | null }>
  >`SELECT * FROM auth_accept_invitation(${input.tenantId}::uuid, ${input.tokenHash}, ${input.userName}, ${input.passwordHash})`;
  const r = rows[0]!;
  if (r.outcome === "invalid") return { outcome: "invalid" };
  if (r.outcome === "ok") {
    return { outcome: "ok", userId: r.accepted_user_id!, invitationId: r.invitation_id!, email: r.invited_email!, role: r.invited_role! };
  }
  return {
    outcome: r.outcome as "used" | "revoked" | "expired" | "needs_account" | "account_exists" | "seat_limit",
    invitationId: r.invitation_id!,
    email: r.invited_email!,
    role: r.invited_role!,
  };
}

export async function recordPlatformAuthEvent(input: {
  actorUserId: string | null;
  action: `auth.${string}`;
  target: string | null;
  metadata?: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
}): Promise<void> {
  await db().$executeRaw`SELECT auth_record_platform_event(${input.actorUserId}::uuid, ${input.action}, ${input.target},
    ${JSON.stringify(input.metadata ?? {})}::jsonb, ${input.ip}, ${input.requestId})`;
}

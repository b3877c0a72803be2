import "server-only";
import { tenantDb } from "@/lib/db";

/*
 * Typed calls to the account-security functions (migration
 * 20261206131742_console_security): password-reset tickets, the second
 * factor, and the list of a user's sessions. Like identity-store.ts, the only
 * way the app role reaches these rows.
 */

const db = () => tenantDb();

export interface SessionRow {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

export async function listUserSessions(sessionId: string): Promise<SessionRow[]> {
  const rows = await db().$queryRaw<
    Array<{ id: string; ip: string | null; user_agent: string | null; created_at: Date; last_seen_at: Date; is_current: boolean }>
  >`SELECT * FROM auth_list_sessions(${sessionId}::uuid)`;
  return rows.map((r) => ({ id: r.id, ip: r.ip, userAgent: r.user_agent, createdAt: r.created_at, lastSeenAt: r.last_seen_at, current: r.is_current }));
}

/** Revokes another session of the same user; false when there is no such live session. */
export async function revokeUserSession(sessionId: string, targetId: string): Promise<boolean> {
  const rows = await db().$queryRaw<Array<{ ok: boolean }>>`SELECT auth_revoke_user_session(${sessionId}::uuid, ${targetId}::uuid) AS ok`;
  return rows[0]?.ok === true;
}

export async function touchSession(sessionId: string): Promise<void> {
  await db().$executeRaw`SELECT auth_touch_session(${sessionId}::uuid)`;
}

export interface StoredSecondFactor {
  sealed: { ciphertext: Buffer; iv: Buffer; authTag: Buffer; keyVersion: number };
  lastStep: number | null;
  recoveryLeft: number;
}

/** The enabled second factor of a user, or null when they have none. */
export async function userSecondFactor(userId: string): Promise<StoredSecondFactor | null> {
  const rows = await db().$queryRaw<
    Array<{ ciphertext: Uint8Array | null; iv: Uint8Array | null; auth_tag: Uint8Array | null; key_version: number | null; last_step: bigint | null; recovery_left: number }>
  >`SELECT * FROM auth_user_second_factor(${userId}::uuid)`;
  const r = rows[0];
  if (!r || !r.ciphertext || !r.iv || !r.auth_tag || r.key_version === null) return null;
  return {
    sealed: { ciphertext: Buffer.from(r.ciphertext), iv: Buffer.from(r.iv), authTag: Buffer.from(r.auth_tag), keyVersion: r.key_version },
    lastStep: r.last_step === null ? null : Number(r.last_step),
    recoveryLeft: r.recovery_left,
  };
}

/** Records `step` as used; false when it (or a later one) was already accepted. */
export async function acceptTotpStep(userId: string, step: number): Promise<boolean> {
  const rows = await db().$queryRaw<Array<{ ok: boolean }>>`SELECT auth_accept_totp_step(${userId}::uuid, ${BigInt(step)}::bigint) AS ok`;
  return rows[0]?.ok === true;
}

export async function spendRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
  const rows = await db().$queryRaw<Array<{ ok: boolean }>>`SELECT auth_use_recovery_code(${userId}::uuid, ${codeHash}) AS ok`;
  return rows[0]?.ok === true;
}

export async function fileResetTicket(input: {
  email: string;
  tokenHash: string;
  ttlSeconds: number;
  ip: string | null;
}): Promise<{ userId: string; userName: string; tenantIds: string[] } | null> {
  const rows = await db().$queryRaw<Array<{ user_id: string; user_name: string; tenant_ids: string[] }>>`
    SELECT * FROM auth_request_password_reset(${input.email}, ${input.tokenHash}, ${input.ttlSeconds}::int, ${input.ip})`;
  const r = rows[0];
  return r ? { userId: r.user_id, userName: r.user_name, tenantIds: r.tenant_ids } : null;
}

export async function resetTicketUsable(tokenHash: string): Promise<boolean> {
  const rows = await db().$queryRaw<Array<{ ok: boolean }>>`SELECT auth_password_reset_usable(${tokenHash}) AS ok`;
  return rows[0]?.ok === true;
}

/** Uses the ticket: new password, every session revoked. Null when the ticket is unknown, used or expired. */
export async function redeemResetTicket(tokenHash: string, passwordHash: string): Promise<{ userId: string; email: string; tenantIds: string[] } | null> {
  const rows = await db().$queryRaw<Array<{ user_id: string; user_email: string; tenant_ids: string[] }>>`
    SELECT * FROM auth_reset_password(${tokenHash}, ${passwordHash})`;
  const r = rows[0];
  return r ? { userId: r.user_id, email: r.user_email, tenantIds: r.tenant_ids } : null;
}

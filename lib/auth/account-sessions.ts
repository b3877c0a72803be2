import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/http";
import { deviceOf, type DeviceLabel } from "./device-label";
import { auditMemberChange } from "./member-audit";
import { listUserSessions, revokeUserSession } from "./security-store";
import type { TenantUserContext } from "./with-tenant-user";

/*
 * The member's signed-in sessions (every browser and host they signed in
 * from), and "sign out this session". A session is global to the user, so
 * ending one ends it on every host it reached.
 */

export interface AccountSession {
  id: string;
  device: DeviceLabel;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export async function listAccountSessions(ctx: Pick<TenantUserContext, "user">): Promise<AccountSession[]> {
  const rows = await listUserSessions(ctx.user.sessionId);
  return rows.map((r) => ({
    id: r.id,
    device: deviceOf(r.userAgent),
    ip: r.ip,
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    current: r.current,
  }));
}

export const sessionIdSchema = z.uuid({ message: "Unknown session" });

export async function endAccountSession(ctx: TenantUserContext, id: string): Promise<void> {
  if (id === ctx.user.sessionId) throw new ApiError("bad_request", "This is the session you are using: sign out instead.");
  if (!(await revokeUserSession(ctx.user.sessionId, id))) throw new ApiError("not_found", "This session has already ended.");
  await auditMemberChange(ctx, "account.session_revoked", `session:${id}`);
}

import { recordAuditEvent, type AuditEntry } from "@/lib/audit";
import type { TenantDb } from "@/lib/db/tenant-db";
import type { TenantUserContext } from "./with-tenant-user";

/*
 * Every change a signed-in member makes is audited with the same actor
 * fields (who, from where, which request); these build them once from the
 * wrapper's context so no caller copies them by hand.
 */

export type MemberActor = Pick<AuditEntry, "actorUserId" | "actorKind" | "ip" | "requestId">;

export function memberActor(ctx: Pick<TenantUserContext, "user" | "request">): MemberActor {
  // Changes made in support mode (when the owner allows them) read as "Frontdesk support …" in Activity.
  const kind = ctx.user.support ? { actorKind: "platform_admin" as const } : {};
  return { actorUserId: ctx.user.userId, ...kind, ip: ctx.request.ip, requestId: ctx.request.requestId };
}

export function memberAuditEntry(
  ctx: Pick<TenantUserContext, "user" | "request">,
  action: string,
  target: string | null,
  metadata: AuditEntry["metadata"] = {},
): AuditEntry {
  return { action, target, metadata, ...memberActor(ctx) };
}

/** Audits a member's change; pass `db` when it must commit with a transaction's other writes. */
export function auditMemberChange(
  ctx: TenantUserContext,
  action: string,
  target: string | null,
  metadata: AuditEntry["metadata"] = {},
  db: TenantDb = ctx.db,
): Promise<void> {
  return recordAuditEvent(db, memberAuditEntry(ctx, action, target, metadata));
}

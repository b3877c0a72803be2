import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";

export interface AuditEntry {
  action: string;
  actorUserId?: string | null;
  actorKind?: "user" | "platform_admin" | "system" | "webhook";
  target?: string | null;
  metadata?: Prisma.InputJsonObject;
  ip?: string | null;
  requestId?: string | null;
}

/**
 * Appends to the current tenant's audit trail (the tenant comes from the
 * context, like every other write). Metadata must never carry secret values.
 */
export async function recordAuditEvent(db: TenantDb, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      actorKind: entry.actorKind ?? "user",
      target: entry.target ?? null,
      metadata: entry.metadata ?? {},
      ip: entry.ip ?? null,
      requestId: entry.requestId ?? null,
    },
  });
}

import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/client";
import { createPool, type PoolOptions } from "./tenant-db";

/*
 * Cross-tenant access for the support console. It connects as
 * frontdesk_platform (its own role and pool, BYPASSRLS) rather than adding a
 * bypass branch to the tenant policies, and the only way in is
 * `withPlatformAccess`, which writes the audit record before the work runs,
 * so even a use that fails half-way is on file.
 */

export interface PlatformActor {
  userId: string;
  ip?: string | null;
  requestId?: string | null;
}

export interface PlatformPurpose {
  /** e.g. "tenant.suspend", "support.enter", "tenants.list" */
  action: string;
  /** The tenant acted on; recorded in that tenant's own audit trail too. */
  tenantId?: string;
  target?: string;
  metadata?: Prisma.InputJsonObject;
}

export type PlatformDb = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$extends">;

export function createPlatformAccess(options: PoolOptions) {
  const pool = createPool(options);
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });

  async function withPlatformAccess<T>(
    actor: PlatformActor,
    purpose: PlatformPurpose,
    fn: (db: PlatformDb) => Promise<T>,
  ): Promise<T> {
    const common = {
      actorUserId: actor.userId,
      action: purpose.action,
      target: purpose.target ?? null,
      metadata: purpose.metadata ?? {},
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
    };
    if (purpose.tenantId) {
      await client.auditEvent.create({ data: { ...common, tenantId: purpose.tenantId, actorKind: "platform_admin" } });
    } else {
      await client.platformAuditEvent.create({ data: common });
    }
    return fn(client);
  }

  async function close(): Promise<void> {
    await client.$disconnect();
    await pool.end();
  }

  return { withPlatformAccess, close, pool };
}

export type PlatformAccess = ReturnType<typeof createPlatformAccess>;

import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/client";
import { createPool, type PoolOptions } from "./tenant-db";

/*
 * Cross-tenant access for the support console. It connects as
 * frontdesk_platform (its own role and pool, BYPASSRLS) rather than adding a
 * bypass branch to the tenant policies, and the only way in is
 * `withPlatformAccess`, which writes the platform audit record before the work
 * runs, so even a use that fails half-way is on file; an action on a tenant is
 * also written to that tenant's own Activity.
 */

export interface PlatformActor {
  userId: string;
  ip?: string | null;
  requestId?: string | null;
}

export interface PlatformPurpose {
  /** e.g. "tenant.suspend", "support.enter", "tenants.list" */
  action: string;
  /** The tenant the access is about, named on the platform trail. */
  tenantId?: string;
  target?: string;
  metadata?: Prisma.InputJsonObject;
  /** What the admin typed to justify an action. */
  reason?: string;
  /** An action on the tenant: also written to the tenant's own Activity ("Frontdesk support …"). */
  tenantActivity?: boolean;
}

/** The tenant an audited action names no longer exists; nothing was written. */
export class PlatformSubjectGone extends Error {
  constructor(readonly tenantId: string) {
    super(`tenant ${tenantId} no longer exists`);
    this.name = "PlatformSubjectGone";
  }
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
    const platformRow = client.platformAuditEvent.create({ data: { ...common, subjectTenantId: purpose.tenantId ?? null, reason: purpose.reason ?? null } });
    if (purpose.tenantActivity && purpose.tenantId) {
      const metadata = purpose.reason ? { ...(purpose.metadata ?? {}), reason: purpose.reason } : common.metadata;
      const tenantRow = client.auditEvent.create({ data: { ...common, metadata, tenantId: purpose.tenantId, actorKind: "platform_admin" } });
      await client.$transaction([platformRow, tenantRow]).catch((error: unknown) => {
        // The tenant was deleted between the action's checks and its audit (two admins racing).
        if ((error as { code?: string }).code === "P2003") throw new PlatformSubjectGone(purpose.tenantId!);
        throw error;
      });
    } else {
      await platformRow;
    }
    return fn(client);
  }

  async function close(): Promise<void> {
    await client.$disconnect();
    await pool.end();
  }

  /*
   * The same role's client without a new audit row: only for the console's
   * reads fanned out to other cells (lib/platform/queries/cell-fan-out.ts),
   * under an access already audited on the control plane.
   */
  const auditedElsewhere: PlatformDb = client;

  return { withPlatformAccess, close, pool, auditedElsewhere };
}

export type PlatformAccess = ReturnType<typeof createPlatformAccess>;

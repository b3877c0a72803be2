import pg from "pg";
import { databaseUrls } from "@/lib/db/database-urls";
import { cellDirectory } from "@/lib/db/cell-databases";
import { cellUrls } from "./cell-config";
import { cellIsControlPlane } from "./placement";
import { inTenantTransaction } from "./row-copy";

/*
 * Deleting a tenant whose rows live in a cell of its own spans two databases,
 * in an order a crash cannot break: (1) the directory row is marked
 * cell_state = 'deleting' on the control plane with the platform audit record
 * (tenant_delete_begin for an owner, markTenantDeleting for the system);
 * (2) the tenant row is deleted in its cell, cascading every tenant-owned
 * row; (3) the directory row is deleted, cascading the control plane's lookup
 * copies (routes, memberships, invitations) and freeing the slug. Each step is
 * idempotent, and a marked tenant is finished by any later call.
 */

const controlPlaneUrl = () => databaseUrls().migration;

async function onControlPlane<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: controlPlaneUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface SystemDeletion {
  reason: string;
  /** Extra facts for the platform trail (cancellation dates…). */
  metadata?: Record<string, unknown>;
}

/** Step 1 for a deletion the system decided (retention elapsed): mark and audit on the control plane, once. */
export async function markTenantDeleting(tenantId: string, deletion: SystemDeletion): Promise<boolean> {
  return inTenantTransaction(controlPlaneUrl(), tenantId, async (c) => {
    const { rows } = await c.query<{ slug: string; name: string; region: string; plan: string; status: string; cell: string; cell_state: string }>(
      `SELECT slug, name, region::text, plan, status::text, cell, cell_state FROM tenants WHERE id = $1 FOR UPDATE`,
      [tenantId],
    );
    const t = rows[0];
    if (!t) return false;
    if (t.cell_state === "deleting") return true;
    // Frozen by a live move: 'deleting' waits for the flip; the daily job comes back to it.
    if (t.cell_state === "frozen") return false;
    await c.query(`UPDATE tenants SET cell_state = 'deleting' WHERE id = $1`, [tenantId]);
    const { cell_state: _state, ...facts } = t;
    await c.query(
      `INSERT INTO platform_audit_events (actor_user_id, action, target, metadata) VALUES (NULL, 'tenant.deleted', $1, $2::jsonb)`,
      [`tenant:${tenantId}`, JSON.stringify({ tenantId, ...facts, ...deletion.metadata, reason: deletion.reason, actorRole: "system" })],
    );
    return true;
  });
}

/**
 * A cancelled tenant whose retention is over, deleted by the billing job:
 * the due date is checked in the tenant's cell (where billing writes it),
 * under a lock held while the control plane is marked. True once deleted.
 */
export async function deleteExpiredTenant(tenantId: string, cell: string, now: Date): Promise<boolean> {
  const marked = await inTenantTransaction(cellUrls(cell).owner, tenantId, async (c) => {
    const { rows } = await c.query<{ cancelled_at: Date | null; data_deletion_due_at: Date }>(
      `SELECT cancelled_at, data_deletion_due_at FROM tenants
       WHERE id = $1 AND status = 'cancelled' AND data_deletion_due_at IS NOT NULL AND data_deletion_due_at <= $2 FOR UPDATE`,
      [tenantId, now],
    );
    if (!rows[0]) return false;
    return markTenantDeleting(tenantId, {
      reason: "cancelled_retention_elapsed",
      metadata: { status: "cancelled", cancelledAt: rows[0].cancelled_at, dueAt: rows[0].data_deletion_due_at },
    });
  });
  return (await finishTenantDeletion(tenantId)) || marked;
}

/** Steps 2 and 3 for a tenant marked 'deleting'; false when there is none (already finished). */
export async function finishTenantDeletion(tenantId: string): Promise<boolean> {
  const entry = await onControlPlane(async (c) => {
    const { rows } = await c.query<{ cell: string; cell_state: string }>(`SELECT cell, cell_state FROM tenants WHERE id = $1`, [tenantId]);
    return rows[0];
  });
  if (entry?.cell_state !== "deleting") return false;
  if (!cellIsControlPlane(entry.cell)) await deleteFromCell(tenantId, entry.cell);
  await inTenantTransaction(controlPlaneUrl(), tenantId, (c) => c.query(`DELETE FROM tenants WHERE id = $1 AND cell_state = 'deleting'`, [tenantId]));
  cellDirectory().invalidate(tenantId);
  return true;
}

/** The tenant's rows in its cell, and the copies of its members that no other tenant there needs. */
async function deleteFromCell(tenantId: string, cell: string): Promise<void> {
  await inTenantTransaction(cellUrls(cell).owner, tenantId, async (c) => {
    const members = (await c.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE tenant_id = $1`, [tenantId])).rows.map((r) => r.user_id);
    await c.query(`DELETE FROM tenants WHERE id = $1`, [tenantId]);
    await c.query(`DELETE FROM users u WHERE u.id = ANY ($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)`, [members]);
  });
}

/** Finishes every deletion a crash left half done (run by the job runner, and safe to run anywhere). */
export async function finishPendingTenantDeletions(): Promise<number> {
  const ids = await onControlPlane(async (c) => (await c.query<{ id: string }>(`SELECT id FROM tenants WHERE cell_state = 'deleting'`)).rows);
  let done = 0;
  for (const { id } of ids) if (await finishTenantDeletion(id)) done++;
  return done;
}

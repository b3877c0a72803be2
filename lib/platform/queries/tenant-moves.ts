import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";

/* A tenant's live moves between cells (tenant_moves, control plane), newest first. */

export interface TenantMove {
  id: string;
  fromCell: string;
  toCell: string;
  phase: string;
  rowsCopied: number;
  tablesCopied: number;
  freezeMs: number | null;
  error: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

// Through the model, not raw SQL: a global model is read on the control plane even when the page's client is routed to the tenant's cell.
export async function loadTenantMoves(db: PlatformDb, tenantId: string, limit = 5): Promise<TenantMove[]> {
  return db.tenantMove.findMany({
    where: { tenantId },
    orderBy: { startedAt: "desc" },
    take: limit,
    select: { id: true, fromCell: true, toCell: true, phase: true, rowsCopied: true, tablesCopied: true, freezeMs: true, error: true, startedAt: true, updatedAt: true, finishedAt: true },
  });
}

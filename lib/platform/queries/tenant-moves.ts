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

export async function loadTenantMoves(db: PlatformDb, tenantId: string, limit = 5): Promise<TenantMove[]> {
  return db.$queryRaw<TenantMove[]>`
    SELECT id, from_cell AS "fromCell", to_cell AS "toCell", phase, rows_copied AS "rowsCopied", tables_copied AS "tablesCopied",
           freeze_ms AS "freezeMs", error, started_at AS "startedAt", updated_at AS "updatedAt", finished_at AS "finishedAt"
    FROM tenant_moves WHERE tenant_id = ${tenantId}::uuid ORDER BY started_at DESC LIMIT ${limit}`;
}

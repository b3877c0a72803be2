import "server-only";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";

/*
 * tenant.settings holds one JSON part per concern (agent, reports,
 * recording). A part is replaced in one statement that merges it into the
 * stored object, so two pages saving different parts at once never undo each
 * other; the part as it was comes back for the audit trail.
 */

const MERGE_SQL = `WITH old AS (SELECT id, settings -> $2::text AS before FROM tenants WHERE id = $1 FOR UPDATE)
  UPDATE tenants t SET settings = t.settings || jsonb_build_object($2::text, $3::jsonb), updated_at = now()
  FROM old WHERE t.id = old.id RETURNING old.before AS before`;

export async function replaceTenantSettingsPart(db: TenantDb, tenantId: string, part: string, value: unknown): Promise<unknown> {
  const rows = await db.$queryRawUnsafe<Array<{ before: unknown }>>(MERGE_SQL, tenantId, part, JSON.stringify(value));
  if (!rows.length) throw new ApiError("not_found", "This workspace no longer exists.");
  return rows[0]!.before ?? null;
}

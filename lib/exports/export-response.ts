import "server-only";
import type { TenantUserContext } from "@/lib/auth";
import { auditMemberChange } from "@/lib/auth/member-audit";
import { tenantTimeZone, wallClockAt } from "@/lib/booking";
import { streamExport, type ExportKind } from "./csv-exports";

/** An export download: audited before its first byte, then streamed. */
export async function exportResponse(ctx: TenantUserContext, kind: ExportKind, now = new Date()): Promise<Response> {
  const zone = await tenantTimeZone(ctx.db);
  await auditMemberChange(ctx, `export.${kind}`, `export:${kind}`, { format: "csv", timeZone: zone });
  const filename = `${ctx.user.tenantSlug}-${kind}-${wallClockAt(now, zone).date}.csv`;
  return new Response(streamExport(kind, ctx.db, ctx.user.tenantId, zone), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";
import { streamAuditCsv } from "./audit-csv";
import type { AuditFilters } from "./platform-audit";

/** The filters as recorded on the export's own audit row (absent ones left out). */
export function auditFiltersMetadata(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** The CSV download; the caller (withPlatformAdmin) has audited the export before its first byte. */
export function auditCsvResponse(db: PlatformDb, filters: AuditFilters, now: Date): Response {
  return new Response(streamAuditCsv(db, filters), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="platform-audit-${now.toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

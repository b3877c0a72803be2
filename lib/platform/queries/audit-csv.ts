import "server-only";
import type { PlatformDb } from "@/lib/db/platform-db";
import { csvLine } from "@/lib/exports/csv-format";
import { auditRowsAfter, type AuditFilters } from "./platform-audit";

/*
 * The platform audit as CSV, streamed: each page of the keyset walk is read
 * when the client asks for more, never the whole trail in memory. Cells go
 * through the exports' CSV writer, which defuses formula-like values (an
 * admin's typed reason is untrusted text). Instants are UTC ISO 8601.
 */

export const AUDIT_CSV_HEADER = ["id", "created_at", "admin_id", "admin_email", "action", "tenant_id", "tenant_slug", "target", "reason", "ip", "request_id", "metadata"];

const PAGE = 500;

export function streamAuditCsv(db: PlatformDb, filters: AuditFilters, pageSize = PAGE): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { at: Date; id: string } | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_HEADER)));
          return;
        }
        const rows = await auditRowsAfter(db, filters, after, pageSize);
        if (rows.length) {
          const text = rows
            .map((r) =>
              csvLine([
                r.id,
                r.createdAt.toISOString(),
                r.actorUserId,
                r.actorEmail,
                r.action,
                r.tenantId,
                r.tenantSlug,
                r.target,
                r.reason,
                r.ip,
                r.requestId,
                JSON.stringify(r.metadata ?? {}),
              ]),
            )
            .join("");
          controller.enqueue(encoder.encode(text));
          after = { at: rows.at(-1)!.createdAt, id: rows.at(-1)!.id };
        }
        if (rows.length < pageSize) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

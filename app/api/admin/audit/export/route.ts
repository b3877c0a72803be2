import { withPlatformAdmin } from "@/lib/auth";
import { readQuery } from "@/lib/http";
import { auditCsvResponse, auditFiltersMetadata, auditFiltersSchema } from "@/lib/platform/queries";

// GET /api/admin/audit/export?admin=&tenant=&action=&from=&to= — the filtered platform audit as CSV, itself audited.
export const GET = withPlatformAdmin(
  {
    purpose: (request) => ({
      action: "console.audit.export",
      metadata: { format: "csv", ...auditFiltersMetadata(readQuery(request.nextUrl.searchParams, auditFiltersSchema)) },
    }),
  },
  async (request, { db }) => auditCsvResponse(db, readQuery(request.nextUrl.searchParams, auditFiltersSchema), new Date()),
);

import { withTenantUser } from "@/lib/auth";
import { listDataExports, requestDataExport } from "@/lib/tenant-data/owner-export";

/** The owner's recent data exports (status, and the signed link when ready). */
export const GET = withTenantUser({ action: "data.export" }, (_request, ctx) => listDataExports(ctx));

/** Asks for an export of the whole business's data: 202, built within a minute by the job runner. */
export const POST = withTenantUser({ action: "data.export" }, (_request, ctx) => requestDataExport(ctx));

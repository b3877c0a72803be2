import { withTenantUser } from "@/lib/auth";
import { downloadDataExport } from "@/lib/tenant-data/owner-export";

/** The export's archive through its signed link (24 hours, this member, this workspace); every download is audited. */
export const GET = withTenantUser({ action: "data.export" }, (request, ctx) => downloadDataExport(request, ctx));

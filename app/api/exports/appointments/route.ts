import { withTenantUser } from "@/lib/auth";
import { exportResponse } from "@/lib/exports";

/** The workspace's appointments as CSV, streamed, in its time zone; the download is audited. */
export const GET = withTenantUser({ action: "appointments.view" }, (_request, ctx) => exportResponse(ctx, "appointments"));

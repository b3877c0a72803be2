import { withTenantUser } from "@/lib/auth";
import { exportResponse } from "@/lib/exports";

/** The workspace's clients as CSV, streamed, in its time zone; the download is audited. */
export const GET = withTenantUser({ action: "clients.view" }, (_request, ctx) => exportResponse(ctx, "clients"));

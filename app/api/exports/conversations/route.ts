import { withTenantUser } from "@/lib/auth";
import { exportResponse } from "@/lib/exports";

/** The workspace's conversations as CSV, streamed, in its time zone; the download is audited. */
export const GET = withTenantUser({ action: "conversations.view" }, (_request, ctx) => exportResponse(ctx, "conversations"));

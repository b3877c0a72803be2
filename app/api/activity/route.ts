import { NextResponse } from "next/server";
import { activityFiltersSchema, listTenantActivity } from "@/lib/audit";
import { withTenantUser } from "@/lib/auth";

/** `GET ?action=<prefix>&cursor=`: one page of the tenant's audit events, newest first (owners and admins). */
export const GET = withTenantUser({ action: "activity.view" }, async (request, ctx) => {
  const filters = activityFiltersSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listTenantActivity(ctx.db, filters));
});

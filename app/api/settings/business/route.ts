import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { businessProfileSchema, tenantRegion, updateBusinessProfile } from "@/lib/settings";

export const PATCH = withTenantUser({ action: "settings.manage" }, async (request, ctx) => {
  const input = await readJson(request, businessProfileSchema(await tenantRegion(ctx.db)));
  return NextResponse.json(await updateBusinessProfile(ctx, input));
});

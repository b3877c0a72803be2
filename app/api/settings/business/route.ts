import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { businessPageSchema, businessProfileSchema, saveBusinessPage, tenantRegion, updateBusinessProfile } from "@/lib/settings";

/** The profile alone. */
export const PATCH = withTenantUser({ action: "settings.manage" }, async (request, ctx) => {
  const input = await readJson(request, businessProfileSchema(await tenantRegion(ctx.db)));
  return NextResponse.json(await updateBusinessProfile(ctx, input));
});

/** The Business page's one Save: profile, opening hours and closures together. */
export const PUT = withTenantUser({ action: "settings.manage" }, async (request, ctx) => {
  const input = await readJson(request, businessPageSchema(await tenantRegion(ctx.db)));
  return NextResponse.json(await saveBusinessPage(ctx, input));
});

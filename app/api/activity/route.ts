import { NextResponse } from "next/server";
import { activityFiltersSchema, listTenantActivity } from "@/lib/audit";
import { withTenantUser } from "@/lib/auth";
import { UI_LOCALE_COOKIE, pickUiLocale } from "@/lib/i18n";
import { readQuery } from "@/lib/http";

/**
 * `GET ?action=<prefix>&cursor=`: one page of the tenant's audit events, newest first (owners and admins).
 * Each item's `summary` is in the member's console language, with times in the tenant's zone.
 */
export const GET = withTenantUser({ action: "activity.view" }, async (request, ctx) => {
  const filters = readQuery(request.nextUrl.searchParams, activityFiltersSchema);
  const tenant = await ctx.db.tenant.findFirst({ select: { timezone: true, locale: true } });
  const locale = pickUiLocale(request.cookies.get(UI_LOCALE_COOKIE)?.value, tenant?.locale);
  return NextResponse.json(await listTenantActivity(ctx.db, filters, { locale, timeZone: tenant?.timezone ?? "UTC" }));
});

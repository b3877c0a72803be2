import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { loadReportSettings, reportSettingsSchema, saveReportSettings } from "@/lib/reports";

/** The daily report's local hour and recipients (empty: the owner). */
export const GET = withTenantUser({ action: "settings.view" }, async (_request, ctx) => NextResponse.json(await loadReportSettings(ctx.db)));

export const PUT = withTenantUser({ action: "reports.manage" }, async (request, ctx) =>
  NextResponse.json(await saveReportSettings(ctx, await readJson(request, reportSettingsSchema))),
);

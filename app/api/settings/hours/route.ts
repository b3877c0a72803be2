import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { openingHoursSchema, replaceOpeningHours } from "@/lib/settings";

export const PUT = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await replaceOpeningHours(ctx, await readJson(request, openingHoursSchema))),
);

import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { settingsSchema, updateSettings } from "@/lib/auth/tenant-settings";

export const PATCH = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await updateSettings(ctx, await readJson(request, settingsSchema))),
);

import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { reminderSettingsInput, saveReminderSettings } from "@/lib/messaging";

export const PATCH = withTenantUser({ action: "settings.manage" }, async (request, ctx) =>
  NextResponse.json(await saveReminderSettings(ctx, await readJson(request, reminderSettingsInput))),
);

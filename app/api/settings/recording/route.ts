import { NextResponse } from "next/server";
import { readJson, withTenantUser } from "@/lib/auth";
import { loadRecordingSettings, recordingSettingsSchema, saveRecordingSettings } from "@/lib/settings";

/** Whether calls are recorded (the owner's choice) and for how many days recordings are kept (at most 183). */
export const GET = withTenantUser({ action: "settings.view" }, async (_request, ctx) => NextResponse.json(await loadRecordingSettings(ctx.db)));

export const PUT = withTenantUser({ action: "recording.manage" }, async (request, ctx) =>
  NextResponse.json(await saveRecordingSettings(ctx, await readJson(request, recordingSettingsSchema))),
);

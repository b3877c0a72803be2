import "server-only";
import type { TenantUserContext } from "@/lib/auth";
import { auditMemberChange } from "@/lib/auth/member-audit";
import type { TenantDb } from "@/lib/db/tenant-db";
import { recordingSettingsOf, type RecordingSettings } from "./recording-settings";
import { replaceTenantSettingsPart } from "./tenant-settings-part";

export async function loadRecordingSettings(db: TenantDb): Promise<RecordingSettings> {
  return recordingSettingsOf((await db.tenant.findFirst({ select: { settings: true } }))?.settings);
}

/** The owner's choice; audited with what it was and what it becomes (no content involved). */
export async function saveRecordingSettings(ctx: TenantUserContext, input: RecordingSettings): Promise<RecordingSettings> {
  const before = recordingSettingsOf({ recording: await replaceTenantSettingsPart(ctx.db, ctx.user.tenantId, "recording", input) });
  await auditMemberChange(ctx, "settings.recording.updated", `tenant:${ctx.user.tenantId}`, { from: before, to: input });
  return input;
}

import "server-only";
import type { TenantUserContext } from "@/lib/auth";
import { auditMemberChange } from "@/lib/auth/member-audit";
import type { TenantDb } from "@/lib/db";
import { replaceTenantSettingsPart } from "@/lib/settings/tenant-settings-part";
import { reportSettingsOf, type ReportSettings } from "./report-settings";

export async function loadReportSettings(db: TenantDb): Promise<ReportSettings> {
  return reportSettingsOf((await db.tenant.findFirst({ select: { settings: true } }))?.settings);
}

/** Owners and admins; audited with the hour and how many recipients, not their addresses. */
export async function saveReportSettings(ctx: TenantUserContext, input: ReportSettings): Promise<ReportSettings> {
  const before = reportSettingsOf({ reports: await replaceTenantSettingsPart(ctx.db, ctx.user.tenantId, "reports", input) });
  await auditMemberChange(ctx, "settings.reports.updated", `tenant:${ctx.user.tenantId}`, {
    fromHour: before.hour,
    toHour: input.hour,
    recipients: input.recipients.length,
  });
  return input;
}

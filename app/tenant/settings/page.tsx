import { PageHeading } from "@/components/console/read-only-notice";
import { DataExportSection } from "@/components/tenant/data-export-section";
import { DeleteWorkspaceForm } from "@/components/tenant/delete-workspace-form";
import { RecordingSettingsForm, ReportSettingsForm } from "@/components/reports/report-settings-form";
import { SecuritySettings } from "@/components/tenant/security-settings";
import { SupportAccessSetting } from "@/components/tenant/support-access-setting";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { messagesFor } from "@/lib/i18n";
import { consoleMessages, deleteWorkspaceMessages, settingsMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { dataExportMessages } from "@/lib/i18n/data-export-messages";
import { reportMessages } from "@/lib/i18n/reports-messages";
import { supportMessages } from "@/lib/i18n/support-messages";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { loadSupportWritesAllowed } from "@/lib/platform/support";
import { loadReportSettings } from "@/lib/reports";
import { loadRecordingSettings } from "@/lib/settings";
import { loadDataExports } from "@/lib/tenant-data/owner-export";
import { runAsTenant } from "@/lib/tenancy";

/*
 * What belongs to the workspace as a whole and nowhere else: its sign-in
 * rules, its daily report, call recording, its data export and its deletion. Everything about the business lives on its own
 * page (Business, Services, Receptionist, Channels, Provider keys).
 */
export default async function SettingsPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(settingsMessages, locale);
  const r = messagesFor(reportMessages, locale);
  const canExport = canChange(access.user, "data.export");
  const { reports, recording, supportWritesAllowed, exports, timeZone } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    return {
      reports: await loadReportSettings(db),
      recording: await loadRecordingSettings(db),
      supportWritesAllowed: await loadSupportWritesAllowed(db),
      exports: canExport ? await loadDataExports(db, access.user) : null,
      timeZone: await tenantTimeZone(db),
    };
  });
  return (
    <section aria-labelledby="settings-heading" className="space-y-10">
      <div>
        <PageHeading id="settings-heading" title={t.title} intro={t.intro} />
      </div>
      <section aria-labelledby="security-heading" className="max-w-2xl">
        <h2 id="security-heading" className="mb-3 text-lg font-semibold">
          {t.securityHeading}
        </h2>
        <SecuritySettings required={access.user.tenantRequiresTwoFactor} canManage={canChange(access.user, "security.manage")} t={t} />
      </section>
      <section aria-labelledby="reports-settings-heading" className="max-w-2xl">
        <h2 id="reports-settings-heading" className="mb-3 text-lg font-semibold">
          {r.settingsHeading}
        </h2>
        <ReportSettingsForm initial={reports} canManage={canChange(access.user, "reports.manage")} t={r} />
      </section>
      <section aria-labelledby="recording-settings-heading" className="max-w-2xl">
        <h2 id="recording-settings-heading" className="mb-3 text-lg font-semibold">
          {r.recordingHeading}
        </h2>
        <RecordingSettingsForm initial={recording} canManage={canChange(access.user, "recording.manage")} t={r} />
      </section>
      <SupportAccessSetting
        allowed={supportWritesAllowed}
        canManage={canChange(access.user, "security.manage")}
        t={messagesFor(supportMessages, locale)}
      />
      <DataExportSection initial={exports} timeZone={timeZone} locale={locale} t={messagesFor(dataExportMessages, locale)} />
      {canChange(access.user, "tenant.delete") ? (
        <DeleteWorkspaceForm slug={access.user.tenantSlug} name={access.user.tenantName} t={messagesFor(deleteWorkspaceMessages, locale)} />
      ) : null}
    </section>
  );
}

import { PageHeading } from "@/components/console/read-only-notice";
import { DeleteWorkspaceForm } from "@/components/tenant/delete-workspace-form";
import { SecuritySettings } from "@/components/tenant/security-settings";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { messagesFor } from "@/lib/i18n";
import { consoleMessages, deleteWorkspaceMessages, settingsMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";

/*
 * What belongs to the workspace as a whole and nowhere else: its sign-in
 * rules and its deletion. Everything about the business lives on its own
 * page (Business, Services, Receptionist, Channels, Provider keys).
 */
export default async function SettingsPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(settingsMessages, locale);
  return (
    <section aria-labelledby="settings-heading" className="space-y-10">
      <div>
        <PageHeading id="settings-heading" title={t.title} intro={t.intro} />
      </div>
      <section aria-labelledby="security-heading" className="max-w-2xl">
        <h2 id="security-heading" className="mb-3 text-lg font-semibold">
          {t.securityHeading}
        </h2>
        <SecuritySettings required={access.user.tenantRequiresTwoFactor} canManage={can(access.user.role, "security.manage")} t={t} />
      </section>
      {can(access.user.role, "tenant.delete") ? (
        <DeleteWorkspaceForm slug={access.user.tenantSlug} name={access.user.tenantName} t={messagesFor(deleteWorkspaceMessages, locale)} />
      ) : null}
    </section>
  );
}

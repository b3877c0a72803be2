import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { ServicesManager } from "@/components/console/services-manager";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { consoleMessages, servicesMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { listServices, REGION_CURRENCY, tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ServicesPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(servicesMessages, locale);
  const readOnly = !canChange(access.user, "settings.manage");
  const { services, region } = await runAsTenant(access.user.tenantId, async () => ({
    services: await listServices(tenantDb()),
    region: await tenantRegion(tenantDb()),
  }));
  return (
    <section aria-labelledby="services-heading" className="space-y-6">
      <div>
        <PageHeading id="services-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={readOnly} text={common.readOnly} />
      </div>
      <ServicesManager services={services} readOnly={readOnly} t={t} defaultCurrency={REGION_CURRENCY[region] ?? "EUR"} />
    </section>
  );
}

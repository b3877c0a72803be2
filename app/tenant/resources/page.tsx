import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { ResourceList } from "@/components/resources/resource-list";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { resourcesMessages } from "@/lib/i18n/resources-messages";
import { listResourceDetails } from "@/lib/resources";
import { runAsTenant } from "@/lib/tenancy";

export default async function ResourcesPage() {
  const access = await requireTenantPage("appointments.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(resourcesMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const readOnly = !canChange(access.user, "settings.manage");
  const resources = await runAsTenant(access.user.tenantId, () => listResourceDetails(tenantDb()));
  return (
    <section aria-labelledby="resources-heading" className="space-y-6">
      <div>
        <PageHeading id="resources-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={readOnly} text={t.readOnly} />
      </div>
      <ResourceList resources={resources} readOnly={readOnly} locale={locale} t={t} />
    </section>
  );
}

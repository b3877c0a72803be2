import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { ResourceEditor } from "@/components/resources/resource-editor";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { resourcesMessages } from "@/lib/i18n/resources-messages";
import { listResourceDetails, loadResourceChoices } from "@/lib/resources";
import { runAsTenant } from "@/lib/tenancy";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ResourcePage({ params }: { params: Promise<{ id: string }> }) {
  const access = await requireTenantPage("appointments.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(resourcesMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const readOnly = !canChange(access.user, "settings.manage");
  const { resource, choices } = await runAsTenant(access.user.tenantId, async () => ({
    resource: (await listResourceDetails(tenantDb())).find((r) => r.id === id),
    choices: await loadResourceChoices(tenantDb()),
  }));
  if (!resource) notFound();
  return (
    <section aria-labelledby="resource-heading" className="space-y-6">
      <div>
        <Link href="/resources" className="text-sm font-medium text-brand-800 underline-offset-2 hover:underline">
          <span aria-hidden="true">← </span>
          {t.back}
        </Link>
        <PageHeading id="resource-heading" title={resource.name} />
        <ReadOnlyNotice readOnly={readOnly} text={t.readOnly} />
      </div>
      <ResourceEditor key={resource.id} resource={resource} choices={choices} readOnly={readOnly} locale={locale} t={t} />
    </section>
  );
}

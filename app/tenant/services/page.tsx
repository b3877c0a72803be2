import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { ServicesManager } from "@/components/console/services-manager";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { listServices } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ServicesPage() {
  const access = await requireTenantPage("settings.view");
  if (!access.allowed) return <Forbidden what="settings" />;
  const readOnly = !can(access.user.role, "settings.manage");
  const services = await runAsTenant(access.user.tenantId, () => listServices(tenantDb()));
  return (
    <section aria-labelledby="services-heading" className="space-y-6">
      <div>
        <PageHeading id="services-heading" title="Services" intro="What callers can book, how long it takes and the pause kept after it." />
        <ReadOnlyNotice readOnly={readOnly} />
      </div>
      <ServicesManager services={services} readOnly={readOnly} />
    </section>
  );
}

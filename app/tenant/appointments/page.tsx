import { AppointmentsBoard } from "@/components/appointments/appointments-board";
import { ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { listAppointmentWeek, listBookableServices } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { appointmentsMessages } from "@/lib/i18n/appointments-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function AppointmentsPage() {
  const access = await requireTenantPage("appointments.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(appointmentsMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const readOnly = !can(access.user.role, "appointments.manage");
  const { week, services, region } = await runAsTenant(access.user.tenantId, async () => ({
    week: await listAppointmentWeek(tenantDb(), {}),
    services: await listBookableServices(tenantDb()),
    region: await tenantRegion(tenantDb()),
  }));
  return (
    <section aria-labelledby="appointments-heading" className="space-y-6">
      <div>
        <h1 id="appointments-heading" className="text-2xl font-bold tracking-tight">
          {t.title}
        </h1>
        <p className="mt-1 text-ink-muted">{t.intro}</p>
        <ReadOnlyNotice readOnly={readOnly} text={t.readOnly} />
      </div>
      <AppointmentsBoard initialWeek={week} services={services} region={region} readOnly={readOnly} locale={locale} t={t} />
    </section>
  );
}

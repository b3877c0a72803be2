import { AppointmentsBoard, type BoardView } from "@/components/appointments/appointments-board";
import { ReadOnlyNotice } from "@/components/console/read-only-notice";
import { ExportLink } from "@/components/console/export-link";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { listAppointmentWeek, listBookableServices } from "@/lib/booking";
import { appointmentQuerySchema } from "@/lib/booking/appointment-schemas";
import { tenantDb } from "@/lib/db";
import { pageQuery } from "@/lib/http";
import { messagesFor } from "@/lib/i18n";
import { appointmentsMessages } from "@/lib/i18n/appointments-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AppointmentsPage({ searchParams }: { searchParams: SearchParams }) {
  const access = await requireTenantPage("appointments.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(appointmentsMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const readOnly = !canChange(access.user, "appointments.manage");
  // The board writes week, status and view into the address; a value that does not parse falls back to the default.
  const query = pageQuery(await searchParams);
  const one = (key: string) => query[key];
  const week = appointmentQuerySchema.shape.week.safeParse(one("week"));
  const status = appointmentQuerySchema.shape.status.safeParse(one("status"));
  const view: BoardView = one("view") === "list" ? "list" : "week";
  const { shown, services, region } = await runAsTenant(access.user.tenantId, async () => ({
    shown: await listAppointmentWeek(tenantDb(), {
      week: week.success ? week.data : undefined,
      status: status.success ? status.data : undefined,
    }),
    services: await listBookableServices(tenantDb()),
    region: await tenantRegion(tenantDb()),
  }));
  return (
    <section aria-labelledby="appointments-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 id="appointments-heading" className="text-2xl font-bold tracking-tight">
            {t.title}
          </h1>
          <p className="mt-1 text-slate-700">{t.intro}</p>
          <ReadOnlyNotice readOnly={readOnly} text={t.readOnly} />
        </div>
        <ExportLink kind="appointments" label={t.exportCsv} hint={t.exportHint} />
      </div>
      <AppointmentsBoard
        initialWeek={shown}
        initialView={view}
        services={services}
        region={region}
        readOnly={readOnly}
        locale={locale}
        t={t}
      />
    </section>
  );
}

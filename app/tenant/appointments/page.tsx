import { AppointmentsBoard, type BoardView } from "@/components/appointments/appointments-board";
import { ReadOnlyNotice } from "@/components/console/read-only-notice";
import { CalendarConflicts } from "@/components/console/calendar-conflicts";
import { ExportLink } from "@/components/console/export-link";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { listAppointmentWeek, listBookableServices, mondayOf, tenantTimeZone } from "@/lib/booking";
import { conflictRows } from "@/lib/calendar";
import { appointmentQuerySchema, isLocalDate } from "@/lib/booking/appointment-schemas";
import { tenantDb } from "@/lib/db";
import { pageQuery } from "@/lib/http";
import { messagesFor } from "@/lib/i18n";
import { appointmentsMessages } from "@/lib/i18n/appointments-messages";
import { calendarMessages } from "@/lib/i18n/calendar-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { listResourceColumns, resourceOfMember } from "@/lib/resources";
import { tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const VIEWS: readonly BoardView[] = ["day", "week", "list"];

export default async function AppointmentsPage({ searchParams }: { searchParams: SearchParams }) {
  const access = await requireTenantPage("appointments.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(appointmentsMessages, locale);
  if (!access.allowed) return <Forbidden what={t.forbiddenWhat} locale={locale} />;
  const readOnly = !canChange(access.user, "appointments.manage");
  // The board writes what differs from the member's defaults into the address; a value that does not parse falls back to the default.
  const query = pageQuery(await searchParams);
  const one = (key: string) => query[key];
  const status = appointmentQuerySchema.shape.status.safeParse(one("status"));
  const day = typeof one("day") === "string" && isLocalDate(one("day") as string) ? (one("day") as string) : undefined;
  const week = appointmentQuerySchema.shape.week.safeParse(one("week"));
  const data = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    const [resources, mine, services, region, conflicts] = await Promise.all([
      listResourceColumns(db),
      resourceOfMember(db, access.user.userId),
      listBookableServices(db),
      tenantRegion(db),
      // Appointments whose event was moved or deleted in an external calendar, for staff to accept or dismiss.
      tenantTimeZone(db).then((zone) => conflictRows(zone, locale)),
    ]);
    const load = (at: string | undefined) => listAppointmentWeek(db, { week: at, status: status.success ? status.data : undefined });
    const shown = await load(day ?? (week.success ? week.data : undefined));
    return { resources, mine: mine?.active ? mine : null, services, region, conflicts, shown, load };
  });
  const { resources, mine, services, region, conflicts, load } = data;
  let { shown } = data;
  // A member with a diary of their own opens on their day; everyone else on the week.
  const defaults = { view: (mine ? "day" : "week") as BoardView, resource: mine?.id ?? "" };
  const view = VIEWS.find((v) => v === one("view")) ?? defaults.view;
  const asked = one("resource");
  const resource = asked === "all" ? "" : resources.some((r) => r.id === asked) ? (asked as string) : defaults.resource;
  const focus = day ?? (view === "day" || shown.days.includes(shown.today) ? shown.today : shown.weekStart);
  // "This week" skips a closed Sunday, but the day view's today is today.
  if (mondayOf(focus) !== shown.weekStart) shown = await runAsTenant(access.user.tenantId, () => load(focus));
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
      <CalendarConflicts conflicts={conflicts} readOnly={readOnly} t={messagesFor(calendarMessages, locale)} />
      <AppointmentsBoard
        initialWeek={shown}
        initial={{ view, day: focus, resource }}
        defaults={defaults}
        resources={resources}
        myResource={mine ? { id: mine.id, name: mine.name } : null}
        services={services}
        region={region}
        readOnly={readOnly}
        locale={locale}
        t={t}
      />
    </section>
  );
}

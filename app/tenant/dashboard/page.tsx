import Link from "next/link";
import { ActivityCharts } from "@/components/overview/activity-charts";
import { AgendaSection, RecentConversationsSection, UsageSection } from "@/components/overview/overview-sections";
import { SetupChecklistCard } from "@/components/overview/setup-checklist";
import { TryReceptionist } from "@/components/overview/try-receptionist";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { conversationsMessages } from "@/lib/i18n/conversations-messages";
import { dateFormatter, formatCalendarDate } from "@/lib/i18n/date-format";
import { overviewMessages } from "@/lib/i18n/overview-messages";
import { shellMessages } from "@/lib/i18n/shell-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { loadSetupChecklist } from "@/lib/onboarding";
import { CHART_PERIODS, chartPeriodSchema, loadActivityCharts, loadOverview } from "@/lib/overview";
import { runAsTenant } from "@/lib/tenancy";

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: Search }) {
  // Every member may see the overview (dashboard.view is granted to all roles).
  const { user } = await requireTenantPage("dashboard.view");
  const locale = await getUiLocale(user.tenantId);
  const t = messagesFor(overviewMessages, locale);
  const c = messagesFor(conversationsMessages, locale);
  const shell = messagesFor(shellMessages, locale);
  const period = chartPeriodSchema.parse((await searchParams).period);
  const { overview, charts, checklist } = await runAsTenant(user.tenantId, async () => {
    const db = tenantDb();
    const overview = await loadOverview(db);
    const [charts, checklist] = await Promise.all([loadActivityCharts(db, overview.timeZone, period), loadSetupChecklist(db)]);
    return { overview, charts, checklist };
  });
  const sections = { overview, locale, t, c };
  const canTry = canChange(user, "settings.manage");
  const dayLabel = (date: string) => formatCalendarDate(date, locale, { day: "numeric", month: "short" });
  const hourFormat = dateFormatter(locale, "UTC", { hour: "numeric" });
  const chartData = {
    conversations: charts.conversationsPerDay.map((d) => ({ ...d, label: dayLabel(d.date) })),
    bookings: charts.bookingsPerDay.map((d) => ({ ...d, label: dayLabel(d.date) })),
    hours: charts.busiestHours.map((h) => ({ label: hourFormat.format(new Date(Date.UTC(2030, 0, 1, h.hour))), conversations: h.conversations })),
  };
  const rate = charts.handoff.conversations ? charts.handoff.handedOff / charts.handoff.conversations : null;
  const tryPanel = canTry ? (
    <div id="try-receptionist" className="space-y-2">
      <p className="text-sm text-slate-700">{t.tryIntro}</p>
      <TryReceptionist locale={locale} timeZone={overview.timeZone} closeLabel={shell.close} t={t} />
    </div>
  ) : null;
  return (
    <section aria-labelledby="dashboard-heading" className="space-y-8">
      <div>
        <h1 id="dashboard-heading" className="text-2xl font-bold tracking-tight">
          {user.tenantName}
        </h1>
        {user.support ? null : (
          // Frontdesk support has no account or role here: the support banner says who is viewing.
          <p className="mt-2 text-slate-700">
            {fillMessage(t.signedInAs, { name: user.name, email: user.email })}{" "}
            <strong data-testid="dashboard-role" data-role={user.role}>
              {shell[`role_${user.role}`]}
            </strong>
          </p>
        )}
        {user.tenantStatus === "trial" ? <p className="mt-2 text-sm text-slate-700">{t.trialRunning}</p> : null}
      </div>
      {checklist.complete ? (
        tryPanel ? (
          <section aria-labelledby="try-heading" className="rounded-xl p-5 ring-1 ring-slate-200">
            <h2 id="try-heading" className="mb-2 text-lg font-semibold">
              {t.tryHeading}
            </h2>
            {tryPanel}
          </section>
        ) : null
      ) : (
        <SetupChecklistCard checklist={checklist} t={t}>
          {tryPanel}
        </SetupChecklistCard>
      )}
      <AgendaSection {...sections} />
      <section aria-labelledby="activity-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="activity-heading" className="text-lg font-semibold">
            {t.activityHeading}
          </h2>
          <nav aria-label={t.periodPicker} className="inline-flex rounded-lg ring-1 ring-slate-300">
            {CHART_PERIODS.map((p) => (
              <Link
                key={p}
                href={`/dashboard?period=${p}`}
                scroll={false}
                aria-current={p === period ? "true" : undefined}
                className={`px-3 py-1.5 text-sm font-medium first:rounded-l-lg last:rounded-r-lg ${p === period ? "bg-brand-700 text-white" : "text-slate-700 hover:bg-slate-50"}`}
              >
                {fillMessage(t.periodDays, { days: p })}
              </Link>
            ))}
          </nav>
        </div>
        <p className="sr-only" role="status">
          {fillMessage(t.periodCurrent, { days: period })}
        </p>
        <div className="max-w-xs rounded-xl p-4 ring-1 ring-slate-200" data-testid="handoff-rate">
            <h3 className="text-sm font-semibold">{t.handoffHeading}</h3>
            {rate === null ? (
              <p className="mt-2 text-sm text-slate-700">{t.handoffNone}</p>
            ) : (
              <>
                <p className="mt-1 text-3xl font-bold tabular-nums">{new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(rate)}</p>
                <p className="mt-1 text-sm text-slate-700">
                  {fillMessage(t.handoffDetail, { handedOff: charts.handoff.handedOff, total: charts.handoff.conversations })}
                </p>
              </>
            )}
        </div>
        <ActivityCharts data={chartData} zone={charts.timeZone} t={t} />
      </section>
      <RecentConversationsSection {...sections} />
      <UsageSection {...sections} />
    </section>
  );
}

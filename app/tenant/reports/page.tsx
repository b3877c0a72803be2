import Link from "next/link";
import { PageHeading } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { formatCalendarDate } from "@/lib/i18n/date-format";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { reportMessages } from "@/lib/i18n/reports-messages";
import { listReports, loadReportSettings } from "@/lib/reports";
import { runAsTenant } from "@/lib/tenancy";

/** Past daily reports, newest first; staff and above. */
export default async function ReportsPage() {
  const access = await requireTenantPage("reports.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(reportMessages, locale);
  if (!access.allowed) return <Forbidden what={t.reportsWhat} locale={locale} />;
  const { reports, settings } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    return { reports: await listReports(db), settings: await loadReportSettings(db) };
  });
  return (
    <section aria-labelledby="reports-heading" className="space-y-6">
      <PageHeading id="reports-heading" title={t.pageTitle} intro={t.pageIntro} />
      {reports.length === 0 ? (
        <p className="text-ink-muted">{fillMessage(t.listEmpty, { hour: `${String(settings.hour).padStart(2, "0")}:00` })}</p>
      ) : (
        <table className="w-full max-w-3xl text-left text-sm">
          <thead>
            <tr className="border-b">
              <th scope="col" className="py-2 pr-4">{t.listDate}</th>
              <th scope="col" className="py-2 pr-4">{t.listSentTo}</th>
              <th scope="col" className="py-2"><span className="sr-only">{t.listOpen}</span></th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.localDate} className="border-b last:border-0">
                <td className="py-2 pr-4">{formatCalendarDate(r.localDate, locale, { dateStyle: "full" })}</td>
                <td className="py-2 pr-4 break-all text-ink-muted">{r.recipients.join(", ")}</td>
                <td className="py-2">
                  <Link href={`/reports/${r.localDate}`} className="font-medium underline">
                    {t.listOpen}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

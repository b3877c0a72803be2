import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeading } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { formatCalendarDate } from "@/lib/i18n/date-format";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { reportMessages } from "@/lib/i18n/reports-messages";
import { readReport, reportSections } from "@/lib/reports";
import { runAsTenant } from "@/lib/tenancy";

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** One past report, rendered from its stored figures in the reader's language. */
export default async function ReportPage({ params }: { params: Promise<{ date: string }> }) {
  const access = await requireTenantPage("reports.view");
  const locale = await getUiLocale(access.user.tenantId);
  const t = messagesFor(reportMessages, locale);
  if (!access.allowed) return <Forbidden what={t.reportsWhat} locale={locale} />;
  const { date } = await params;
  if (!LOCAL_DATE.test(date)) notFound();
  const report = await runAsTenant(access.user.tenantId, () => readReport(tenantDb(), date));
  if (!report) notFound();
  const day = formatCalendarDate(report.localDate, locale, { dateStyle: "full" });
  return (
    <article aria-labelledby="report-heading" className="max-w-3xl space-y-6">
      <Link href="/reports" className="text-sm underline">
        {t.backToList}
      </Link>
      <PageHeading id="report-heading" title={fillMessage(t.heading, { date: day })} intro={fillMessage(t.intro, { date: day, timezone: report.figures.timezone })} />
      {reportSections(report.figures, locale).map((section) => (
        <section key={section.heading} className="space-y-1">
          <h2 className="text-lg font-semibold">{section.heading}</h2>
          <ul className="list-disc pl-6">
            {section.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </section>
      ))}
      <p className="text-sm text-ink-muted">
        {t.listSentTo}: {report.recipients.join(", ")}
      </p>
    </article>
  );
}

import { BusinessPageForm } from "@/components/console/business-page-form";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { businessMessages } from "@/lib/i18n/business-messages";
import { consoleMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { formatCalendarDate } from "@/lib/i18n/date-format";
import { formatTimeInput } from "@/lib/i18n/date-input";
import { loadBusinessSettings, previewOpenSlots } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function BusinessPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(businessMessages, locale);
  const readOnly = !canChange(access.user, "settings.manage");
  const { settings, preview } = await runAsTenant(access.user.tenantId, async () => ({
    settings: await loadBusinessSettings(tenantDb()),
    preview: await previewOpenSlots(tenantDb()),
  }));
  return (
    <section aria-labelledby="business-heading" className="space-y-10">
      <div>
        <PageHeading id="business-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={readOnly} text={common.readOnly} />
      </div>
      <BusinessPageForm settings={settings} region={settings.region} timezones={Intl.supportedValuesOf("timeZone")} readOnly={readOnly} locale={locale} t={t} />
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading" className="text-lg font-semibold">
          {t.previewHeading}
        </h2>
        <p className="mb-3 text-sm text-ink-muted">{preview.service ? fillMessage(t.previewFor, { service: preview.service }) : t.previewNoService}</p>
        <ul aria-label={t.previewList} className="grid gap-2 sm:grid-cols-7">
          {preview.days.map((d) => (
            <li key={d.date} className="rounded-lg border border-slate-200 p-2 text-xs">
              <p className="font-semibold">
                <time dateTime={d.date}>{formatCalendarDate(d.date, locale, { weekday: "short", day: "numeric", month: "short" })}</time>
              </p>
              <p className="text-ink-muted">{d.times.length === 0 ? t.closedOrFull : fillMessage(t.slotCount, { count: d.times.length })}</p>
              <p>
                {d.times.slice(0, 4).map((time) => formatTimeInput(time, locale)).join(", ")}
                {d.times.length > 4 ? "…" : ""}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

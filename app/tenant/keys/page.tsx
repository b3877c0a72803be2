import { CalendarConflicts } from "@/components/console/calendar-conflicts";
import { CalendarConnections } from "@/components/console/calendar-connections";
import { ProviderKeysManager } from "@/components/console/provider-keys-manager";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantTimeZone } from "@/lib/booking";
import { calendarRows, conflictRows, googleOAuthEnabled } from "@/lib/calendar";
import { googleConnectOutcome } from "@/lib/calendar/google-oauth-outcome";
import { calendarMessages } from "@/lib/i18n/calendar-messages";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { keysMessages } from "@/lib/i18n/channel-messages";
import { consoleMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { formatInstant } from "@/lib/i18n/date-format";
import Link from "next/link";
import { listProviderKeys } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ProviderKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(keysMessages, locale);
  const readOnly = !canChange(access.user, "keys.manage");
  // Summaries only (last 4 characters, update time): plaintext never reaches a page.
  const { stored, timeZone, calendars, conflicts } = await runAsTenant(access.user.tenantId, async () => {
    const timeZone = await tenantTimeZone(tenantDb());
    return { stored: await listProviderKeys(), timeZone, calendars: await calendarRows(timeZone, locale), conflicts: await conflictRows(timeZone, locale) };
  });
  const calendarText = messagesFor(calendarMessages, locale);
  return (
    <section aria-labelledby="keys-heading" className="space-y-8">
      <div>
        <PageHeading id="keys-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={readOnly} text={common.readOnly} />
      </div>
      <p className="text-sm text-slate-700">
        <Link href="/channels" className="text-brand-800 underline">
          {t.webhooksMoved}
        </Link>
      </p>
      <div className="max-w-3xl">
        <ProviderKeysManager
          stored={stored.map((s) => ({ provider: s.provider, name: s.name, last4: s.last4, updatedAt: formatInstant(s.updatedAt, timeZone, locale) }))}
          readOnly={readOnly}
          t={t}
        />
      </div>
      <div className="max-w-3xl space-y-6">
        <CalendarConflicts conflicts={conflicts} readOnly={!canChange(access.user, "appointments.manage")} t={calendarText} />
        <CalendarConnections rows={calendars} readOnly={readOnly} googleOAuth={googleOAuthEnabled()} outcome={googleConnectOutcome((await searchParams).calendar)} t={calendarText} />
      </div>
    </section>
  );
}

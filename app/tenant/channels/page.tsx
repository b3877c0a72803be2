import { NumbersManager, WidgetKeysManager } from "@/components/console/channels-manager";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { listChannelRoutes } from "@/lib/channels/channel-route-admin";
import { publicUrl } from "@/lib/channels/public-url";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { channelsMessages, consoleMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { formatInstant } from "@/lib/i18n/date-format";
import { tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ChannelsPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(channelsMessages, locale);
  const readOnly = !can(access.user.role, "channels.manage");
  const { routes, region, timeZone } = await runAsTenant(access.user.tenantId, async () => ({
    routes: await listChannelRoutes(tenantDb()),
    region: await tenantRegion(tenantDb()),
    timeZone: await tenantTimeZone(tenantDb()),
  }));
  const keys = routes.widgetKeys.map((k) => ({
    ...k,
    createdAt: formatInstant(k.createdAt, timeZone, locale),
    revokedAt: k.revokedAt ? formatInstant(k.revokedAt, timeZone, locale) : null,
  }));
  return (
    <section aria-labelledby="channels-heading" className="space-y-10">
      <div>
        <PageHeading id="channels-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={readOnly} text={common.readOnly} />
      </div>
      <section aria-labelledby="numbers-heading" className="max-w-3xl">
        <h2 id="numbers-heading" className="mb-3 text-lg font-semibold">
          {t.numbersHeading}
        </h2>
        <NumbersManager numbers={routes.numbers.map(({ id, channel, number, label }) => ({ id, channel, number, label }))} region={region} readOnly={readOnly} t={t} />
      </section>
      <section aria-labelledby="widget-heading" className="max-w-3xl">
        <h2 id="widget-heading" className="mb-3 text-lg font-semibold">
          {t.widgetHeading}
        </h2>
        <WidgetKeysManager keys={keys} scriptUrl={`${publicUrl()}/widget.js`} readOnly={readOnly} t={t} />
      </section>
    </section>
  );
}

import { NumbersManager, WidgetKeysManager } from "@/components/console/channels-manager";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { CopyField } from "@/components/ui/copy-field";
import { canChange, requireTenantPage } from "@/lib/auth";
import { tenantTimeZone } from "@/lib/booking";
import { listChannelRoutes } from "@/lib/channels/channel-route-admin";
import { loadChannelStatus } from "@/lib/channels/channel-status";
import { displayPhone } from "@/lib/channels/phone-number";
import { publicUrl } from "@/lib/channels/public-url";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { channelsMessages } from "@/lib/i18n/channel-messages";
import { consoleMessages } from "@/lib/i18n/console-messages";
import { formatInstant } from "@/lib/i18n/date-format";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { providerWebhookUrls, tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ChannelsPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(channelsMessages, locale);
  const readOnly = !canChange(access.user, "channels.manage");
  const { routes, region, timeZone, status } = await runAsTenant(access.user.tenantId, async () => {
    const db = tenantDb();
    const [routes, region, timeZone, status] = await Promise.all([listChannelRoutes(db), tenantRegion(db), tenantTimeZone(db), loadChannelStatus(db)]);
    return { routes, region, timeZone, status };
  });
  const when = (at: Date | null) => (at ? formatInstant(at, timeZone, locale) : null);
  const numbers = routes.numbers.map(({ id, channel, number, label }) => ({
    id,
    channel,
    number,
    label,
    display: displayPhone(number, region),
    connected: status.verifiable[channel],
    lastMessageAt: when(status.lastMessageAt[channel]),
  }));
  const keys = routes.widgetKeys.map((k) => ({
    ...k,
    createdAt: formatInstant(k.createdAt, timeZone, locale),
    revokedAt: k.revokedAt ? formatInstant(k.revokedAt, timeZone, locale) : null,
    lastMessageAt: when(status.lastMessageAt.web),
  }));
  const urls = providerWebhookUrls();
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
        <NumbersManager numbers={numbers} region={region} readOnly={readOnly} t={t} />
      </section>
      <section aria-labelledby="widget-heading" className="max-w-3xl">
        <h2 id="widget-heading" className="mb-3 text-lg font-semibold">
          {t.widgetHeading}
        </h2>
        <WidgetKeysManager keys={keys} scriptUrl={`${publicUrl()}/widget.js`} readOnly={readOnly} t={t} />
      </section>
      <section aria-labelledby="webhooks-heading" className="max-w-3xl space-y-3">
        <h2 id="webhooks-heading" className="text-lg font-semibold">
          {t.webhooksHeading}
        </h2>
        <p className="text-sm text-slate-700">{t.webhooksIntro}</p>
        <CopyField label={t.vapiUrl} value={urls.vapi} copyLabel={t.copy} copied={t.copied} testId="webhook-vapi" />
        <CopyField label={t.whatsappUrl} value={urls.whatsapp} copyLabel={t.copy} copied={t.copied} testId="webhook-whatsapp" />
        <CopyField label={t.scriptUrl} value={`${publicUrl()}/widget.js`} copyLabel={t.copy} copied={t.copied} />
      </section>
    </section>
  );
}

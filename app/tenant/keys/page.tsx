import { ProviderKeysManager } from "@/components/console/provider-keys-manager";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { tenantTimeZone } from "@/lib/booking";
import { tenantDb } from "@/lib/db";
import { messagesFor } from "@/lib/i18n";
import { consoleMessages, keysMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";
import { formatInstant } from "@/lib/i18n/date-format";
import { listProviderKeys, providerWebhookUrls } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ProviderKeysPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(keysMessages, locale);
  const readOnly = !can(access.user.role, "keys.manage");
  // Summaries only (last 4 characters, update time): plaintext never reaches a page.
  const { stored, timeZone } = await runAsTenant(access.user.tenantId, async () => ({
    stored: await listProviderKeys(),
    timeZone: await tenantTimeZone(tenantDb()),
  }));
  const urls = providerWebhookUrls();
  return (
    <section aria-labelledby="keys-heading" className="space-y-8">
      <div>
        <PageHeading id="keys-heading" title={t.title} intro={t.intro} />
        <ReadOnlyNotice readOnly={readOnly} text={common.readOnly} />
      </div>
      <section aria-labelledby="webhooks-heading" className="max-w-3xl">
        <h2 id="webhooks-heading" className="mb-2 text-lg font-semibold">
          {t.webhooksHeading}
        </h2>
        <dl className="grid gap-2 text-sm">
          <dt className="font-medium">{t.vapiUrl}</dt>
          <dd>
            <input aria-label={t.vapiUrl} readOnly value={urls.vapi} className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs" />
          </dd>
          <dt className="font-medium">{t.whatsappUrl}</dt>
          <dd>
            <input aria-label={t.whatsappUrl} readOnly value={urls.whatsapp} className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs" />
          </dd>
        </dl>
      </section>
      <div className="max-w-3xl">
        <ProviderKeysManager
          stored={stored.map((s) => ({ provider: s.provider, name: s.name, last4: s.last4, updatedAt: formatInstant(s.updatedAt, timeZone, locale) }))}
          readOnly={readOnly}
          t={t}
        />
      </div>
    </section>
  );
}

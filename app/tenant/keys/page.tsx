import { ProviderKeysManager } from "@/components/console/provider-keys-manager";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { listProviderKeys, providerWebhookUrls } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ProviderKeysPage() {
  const access = await requireTenantPage("settings.view");
  if (!access.allowed) return <Forbidden what="settings" />;
  const readOnly = !can(access.user.role, "keys.manage");
  // Summaries only (last 4 characters, update time): plaintext never reaches a page.
  const stored = await runAsTenant(access.user.tenantId, () => listProviderKeys());
  const urls = providerWebhookUrls();
  return (
    <section aria-labelledby="keys-heading" className="space-y-8">
      <div>
        <PageHeading id="keys-heading" title="Provider keys" intro="Stored encrypted. After saving, only the last 4 characters are shown." />
        <ReadOnlyNotice readOnly={readOnly} />
      </div>
      <section aria-labelledby="webhooks-heading" className="max-w-3xl">
        <h2 id="webhooks-heading" className="mb-2 text-lg font-semibold">Webhook URLs to give the providers</h2>
        <dl className="grid gap-2 text-sm">
          <dt className="font-medium">Vapi server URL</dt>
          <dd>
            <input aria-label="Vapi server URL" readOnly value={urls.vapi} className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs" />
          </dd>
          <dt className="font-medium">Twilio WhatsApp webhook</dt>
          <dd>
            <input aria-label="Twilio WhatsApp webhook" readOnly value={urls.whatsapp} className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs" />
          </dd>
        </dl>
      </section>
      <div className="max-w-3xl">
        <ProviderKeysManager
          stored={stored.map((s) => ({ provider: s.provider, name: s.name, last4: s.last4, updatedAt: s.updatedAt.toISOString() }))}
          readOnly={readOnly}
        />
      </div>
    </section>
  );
}

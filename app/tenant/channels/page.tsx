import { NumbersManager, WidgetKeysManager } from "@/components/console/channels-manager";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { listChannelRoutes } from "@/lib/channels/channel-route-admin";
import { publicUrl } from "@/lib/channels/public-url";
import { tenantDb } from "@/lib/db";
import { tenantRegion } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function ChannelsPage() {
  const access = await requireTenantPage("settings.view");
  if (!access.allowed) return <Forbidden what="settings" />;
  const readOnly = !can(access.user.role, "channels.manage");
  const { routes, region } = await runAsTenant(access.user.tenantId, async () => ({
    routes: await listChannelRoutes(tenantDb()),
    region: await tenantRegion(tenantDb()),
  }));
  const keys = routes.widgetKeys.map((k) => ({
    ...k,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
  }));
  return (
    <section aria-labelledby="channels-heading" className="space-y-10">
      <div>
        <PageHeading id="channels-heading" title="Channels" intro="The numbers and web widget through which callers reach your receptionist." />
        <ReadOnlyNotice readOnly={readOnly} />
      </div>
      <section aria-labelledby="numbers-heading" className="max-w-3xl">
        <h2 id="numbers-heading" className="mb-3 text-lg font-semibold">Phone and WhatsApp numbers</h2>
        <NumbersManager numbers={routes.numbers.map(({ id, channel, number, label }) => ({ id, channel, number, label }))} region={region} readOnly={readOnly} />
      </section>
      <section aria-labelledby="widget-heading" className="max-w-3xl">
        <h2 id="widget-heading" className="mb-3 text-lg font-semibold">Web widget keys</h2>
        <WidgetKeysManager keys={keys} scriptUrl={`${publicUrl()}/widget.js`} readOnly={readOnly} />
      </section>
    </section>
  );
}

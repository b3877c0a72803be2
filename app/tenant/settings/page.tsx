import { Forbidden } from "@/components/tenant/tenant-shell";
import { SettingsForm } from "@/components/tenant/settings-form";
import { requireTenantPage } from "@/lib/auth";

export default async function SettingsPage() {
  const access = await requireTenantPage("settings.manage");
  if (!access.allowed) return <Forbidden what="settings" />;
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading" className="text-2xl font-bold tracking-tight">
        Settings
      </h1>
      <div className="mt-6 max-w-md">
        <SettingsForm businessName={access.user.tenantName} />
      </div>
    </section>
  );
}

import { BusinessProfileForm, ClosuresEditor, OpeningHoursForm } from "@/components/console/business-forms";
import { PageHeading, ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { can, requireTenantPage } from "@/lib/auth";
import { tenantDb } from "@/lib/db";
import { loadBusinessSettings, previewOpenSlots } from "@/lib/settings";
import { runAsTenant } from "@/lib/tenancy";

export default async function BusinessPage() {
  const access = await requireTenantPage("settings.view");
  if (!access.allowed) return <Forbidden what="settings" />;
  const readOnly = !can(access.user.role, "settings.manage");
  const { settings, preview } = await runAsTenant(access.user.tenantId, async () => ({
    settings: await loadBusinessSettings(tenantDb()),
    preview: await previewOpenSlots(tenantDb()),
  }));
  return (
    <section aria-labelledby="business-heading" className="space-y-10">
      <div>
        <PageHeading id="business-heading" title="Business" intro="What the receptionist tells callers about you, and when it may book." />
        <ReadOnlyNotice readOnly={readOnly} />
      </div>
      <section aria-labelledby="profile-heading" className="max-w-xl">
        <h2 id="profile-heading" className="mb-3 text-lg font-semibold">Profile</h2>
        <BusinessProfileForm settings={settings} region={settings.region} readOnly={readOnly} />
      </section>
      <section aria-labelledby="hours-heading" className="max-w-3xl">
        <h2 id="hours-heading" className="mb-3 text-lg font-semibold">Opening hours</h2>
        <OpeningHoursForm key={JSON.stringify(settings.hours)} hours={settings.hours} readOnly={readOnly} />
      </section>
      <section aria-labelledby="closures-heading" className="max-w-3xl">
        <h2 id="closures-heading" className="mb-3 text-lg font-semibold">Closures</h2>
        <ClosuresEditor closures={settings.closures} readOnly={readOnly} />
      </section>
      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading" className="text-lg font-semibold">Next 7 days of open slots</h2>
        <p className="mb-3 text-sm text-ink-muted">
          {preview.service ? `For “${preview.service}”, as the receptionist would offer them.` : "Add an active service to see open slots."}
        </p>
        <ul aria-label="Open slots preview" className="grid gap-2 sm:grid-cols-7">
          {preview.days.map((d) => (
            <li key={d.date} className="rounded-lg border border-slate-200 p-2 text-xs">
              <p className="font-semibold">{d.date}</p>
              <p className="text-ink-muted">{d.times.length === 0 ? "Closed or full" : `${d.times.length} slots`}</p>
              <p>{d.times.slice(0, 4).join(", ")}{d.times.length > 4 ? "…" : ""}</p>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

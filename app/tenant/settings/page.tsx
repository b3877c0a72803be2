import Link from "next/link";
import { ReadOnlyNotice } from "@/components/console/read-only-notice";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { SettingsForm } from "@/components/tenant/settings-form";
import { can, requireTenantPage } from "@/lib/auth";

const SECTIONS = [
  { href: "/business", label: "Business", text: "Profile, opening hours, closures" },
  { href: "/services", label: "Services", text: "What callers can book" },
  { href: "/channels", label: "Channels", text: "Numbers and web widget keys" },
  { href: "/keys", label: "Provider keys", text: "Vapi, Twilio, model and calendar credentials" },
];

export default async function SettingsPage() {
  const access = await requireTenantPage("settings.view");
  if (!access.allowed) return <Forbidden what="settings" />;
  const readOnly = !can(access.user.role, "settings.manage");
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading" className="text-2xl font-bold tracking-tight">
        Settings
      </h1>
      <ReadOnlyNotice readOnly={readOnly} />
      <ul className="mt-6 grid max-w-3xl gap-3 sm:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href} className="rounded-lg border border-slate-200 p-3">
            <Link href={s.href} className="font-semibold text-brand-800 hover:underline">
              {s.label}
            </Link>
            <p className="text-sm text-ink-muted">{s.text}</p>
          </li>
        ))}
      </ul>
      <div className="mt-6 max-w-md">
        <SettingsForm businessName={access.user.tenantName} readOnly={readOnly} />
      </div>
    </section>
  );
}

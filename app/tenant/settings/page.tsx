import Link from "next/link";
import { ReadOnlyNotice } from "@/components/console/read-only-notice";
import { DeleteWorkspaceForm } from "@/components/tenant/delete-workspace-form";
import { Forbidden } from "@/components/tenant/tenant-shell";
import { SettingsForm } from "@/components/tenant/settings-form";
import { can, requireTenantPage } from "@/lib/auth";
import { messagesFor } from "@/lib/i18n";
import { consoleMessages, deleteWorkspaceMessages, settingsMessages } from "@/lib/i18n/console-messages";
import { getUiLocale } from "@/lib/i18n/request-locale";

const SECTIONS = [
  { href: "/business", label: "business", text: "businessText" },
  { href: "/services", label: "services", text: "servicesText" },
  { href: "/agent", label: "agent", text: "agentText" },
  { href: "/channels", label: "channels", text: "channelsText" },
  { href: "/keys", label: "keys", text: "keysText" },
] as const;

export default async function SettingsPage() {
  const access = await requireTenantPage("settings.view");
  const locale = await getUiLocale(access.user.tenantId);
  const common = messagesFor(consoleMessages, locale);
  if (!access.allowed) return <Forbidden what={common.settingsWhat} locale={locale} />;
  const t = messagesFor(settingsMessages, locale);
  const readOnly = !can(access.user.role, "settings.manage");
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading" className="text-2xl font-bold tracking-tight">
        {t.title}
      </h1>
      <ReadOnlyNotice readOnly={readOnly} text={common.readOnly} />
      <ul className="mt-6 grid max-w-3xl gap-3 sm:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href} className="rounded-lg border border-slate-200 p-3">
            <Link href={s.href} className="font-semibold text-brand-800 hover:underline">
              {t[s.label]}
            </Link>
            <p className="text-sm text-ink-muted">{t[s.text]}</p>
          </li>
        ))}
      </ul>
      <div className="mt-6 max-w-md">
        <SettingsForm businessName={access.user.tenantName} readOnly={readOnly} t={t} />
      </div>
      {can(access.user.role, "tenant.delete") ? (
        <DeleteWorkspaceForm slug={access.user.tenantSlug} name={access.user.tenantName} t={messagesFor(deleteWorkspaceMessages, locale)} />
      ) : null}
    </section>
  );
}

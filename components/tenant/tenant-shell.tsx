import Link from "next/link";
import type { ReactNode } from "react";
import type { MemberRole } from "@/lib/db/generated/client";
import { can, isTenantActive, type Action } from "@/lib/auth/permissions";
import { fillMessage, messagesFor, type UiLocale } from "@/lib/i18n";
import { shellMessages } from "@/lib/i18n/shell-messages";
import { DocumentLanguage } from "./document-language";
import { LanguageSwitch } from "./language-switch";

type NavLabel = keyof (typeof shellMessages)["en"];

const NAV: Array<{ href: string; label: NavLabel; action: Action }> = [
  { href: "/dashboard", label: "overview", action: "dashboard.view" },
  { href: "/appointments", label: "appointments", action: "appointments.view" },
  { href: "/conversations", label: "conversations", action: "conversations.view" },
  { href: "/clients", label: "clients", action: "clients.view" },
  { href: "/business", label: "business", action: "settings.view" },
  { href: "/services", label: "services", action: "settings.view" },
  { href: "/agent", label: "agent", action: "settings.view" },
  { href: "/channels", label: "channels", action: "settings.view" },
  { href: "/keys", label: "keys", action: "settings.view" },
  { href: "/team", label: "team", action: "team.view" },
  { href: "/activity", label: "activity", action: "activity.view" },
  { href: "/settings", label: "settings", action: "settings.view" },
  { href: "/billing", label: "billing", action: "billing.manage" },
];

export interface ShellProps {
  tenantName: string;
  tenantSlug: string;
  tenantStatus: "trial" | "active" | "past_due" | "suspended" | "cancelled";
  role: MemberRole;
  userName: string;
  workspaces: Array<{ slug: string; name: string }>;
  showOutbox: boolean;
  locale: UiLocale;
  children: ReactNode;
}

export function TenantShell({ tenantName, tenantSlug, tenantStatus, role, userName, workspaces, showOutbox, locale, children }: ShellProps) {
  const t = messagesFor(shellMessages, locale);
  const active = isTenantActive(tenantStatus);
  // The UI mirrors the server's permission table; the server still checks.
  const nav = NAV.filter((item) => can(role, item.action) && (active || item.action === "billing.manage"));
  if (showOutbox && active && can(role, "outbox.view")) nav.push({ href: "/outbox", label: "outbox", action: "outbox.view" });
  return (
    <div className="min-h-dvh" lang={locale}>
      <DocumentLanguage locale={locale} />
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-4">
          <div>
            <p className="text-lg font-bold tracking-tight text-brand-800">{tenantName}</p>
            <p className="text-xs text-ink-muted">
              {userName} · <span data-testid="current-role">{t[`role_${role}`]}</span>
            </p>
          </div>
          <nav aria-label={t.workspaceNav} className="flex flex-wrap items-center gap-4">
            {nav.map((item) => (
              <Link key={item.href} href={item.href} className="text-sm font-medium text-ink-muted hover:text-ink">
                {t[item.label]}
              </Link>
            ))}
          </nav>
          <div className="flex items-center gap-3">
            {workspaces.length > 1 ? (
              <form method="post" action="/api/auth/switch" className="flex items-center gap-2">
                <label htmlFor="workspace-switcher" className="sr-only">
                  {t.switchWorkspace}
                </label>
                <select id="workspace-switcher" name="slug" defaultValue={tenantSlug} className="rounded-lg border border-slate-300 px-2 py-1.5 text-sm">
                  {workspaces.map((w) => (
                    <option key={w.slug} value={w.slug}>
                      {w.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
                  {t.switch}
                </button>
              </form>
            ) : null}
            {active ? (
              <Link href="/account" className="text-sm font-medium text-ink-muted hover:text-ink">
                {t.account}
              </Link>
            ) : null}
            <form method="post" action="/api/auth/sign-out">
              <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
                {t.signOut}
              </button>
            </form>
            <LanguageSwitch locale={locale} label={t.language} />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-6 py-10">
        {children}
      </main>
    </div>
  );
}

/** `what` is already in the page's language; the frame follows `locale` (English when the page has not been translated). */
export function Forbidden({ what, locale = "en" }: { what: string; locale?: UiLocale }) {
  const t = messagesFor(shellMessages, locale);
  return (
    <section aria-labelledby="forbidden-heading">
      <h1 id="forbidden-heading" className="text-2xl font-bold tracking-tight">
        {fillMessage(t.forbiddenTitle, { what })}
      </h1>
      <p className="mt-2 text-ink-muted">{t.forbiddenText}</p>
    </section>
  );
}

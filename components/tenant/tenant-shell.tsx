import { Suspense, type ReactNode } from "react";
import type { MemberRole } from "@/lib/db/generated/client";
import { fillMessage, messagesFor, type UiLocale } from "@/lib/i18n";
import { shellMessages } from "@/lib/i18n/shell-messages";
import { MobileDrawer } from "@/components/shell/mobile-drawer";
import { navigationFor } from "@/components/shell/nav-items";
import { NavigationProgress } from "@/components/shell/navigation-progress";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { Toaster } from "@/components/ui/toaster";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { notificationMessages } from "@/lib/i18n/notification-messages";
import { DocumentLanguage } from "./document-language";
import { LanguageSwitch } from "./language-switch";

export interface ShellProps {
  tenantName: string;
  tenantSlug: string;
  tenantStatus: "trial" | "active" | "past_due" | "suspended" | "cancelled";
  role: MemberRole;
  userName: string;
  workspaces: Array<{ slug: string; name: string }>;
  showOutbox: boolean;
  locale: UiLocale;
  /** Above every page's content: where billing's notices (trial ending, payment failed) go. */
  banner?: ReactNode;
  /** Frontdesk support is viewing (support mode): its banner tops every page, and there is no sign-out (Exit instead). */
  supportBanner?: ReactNode;
  /** Conversations waiting in the inbox (shown to those who may act on them). */
  inboxCount?: number;
  /** The tenant's time zone, for the bell's times. */
  timeZone: string;
  children: ReactNode;
}

/*
 * The console frame: a sidebar on wide screens, a menu button and drawer on
 * phones (the same navigation in both), the workspace menu at the top, who is
 * signed in and the language at the bottom. Toasts and the navigation
 * progress bar live here so every page has them.
 */
export function TenantShell({ tenantName, tenantSlug, tenantStatus, role, userName, workspaces, showOutbox, locale, banner, supportBanner, inboxCount, timeZone, children }: ShellProps) {
  const t = messagesFor(shellMessages, locale);
  const groups = navigationFor(role, tenantStatus, showOutbox, { inbox: inboxCount });
  const current = { slug: tenantSlug, name: tenantName };
  const switchable = workspaces.length ? workspaces : [current];
  const footer = (
    <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <p className="px-2 text-sm">
        <span className="block truncate font-medium text-ink">{userName}</span>
        {supportBanner ? null : (
          <span className="text-xs text-slate-600" data-testid="current-role">
            {t[`role_${role}`]}
          </span>
        )}
      </p>
      <div className="flex items-center gap-2 px-2">
        <LanguageSwitch locale={locale} label={t.language} />
        {supportBanner ? null : (
          <form method="post" action="/api/auth/sign-out">
            <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
              {t.signOut}
            </button>
          </form>
        )}
      </div>
    </div>
  );
  return (
    <Toaster label={t.notifications} dismiss={t.dismiss} words={{ saved: t.saved, failed: t.failed, networkFailure: t.networkFailure }}>
      <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_minmax(0,1fr)]" lang={locale}>
        <DocumentLanguage locale={locale} />
        <Suspense fallback={null}>
          <NavigationProgress />
        </Suspense>
        <a href="#main" className="sr-only z-50 rounded-lg bg-white px-3 py-2 font-semibold focus:not-sr-only focus:fixed focus:left-3 focus:top-3">
          {t.skipToContent}
        </a>
        <aside className="sticky top-0 hidden h-dvh flex-col gap-5 overflow-y-auto border-r border-slate-200 bg-slate-50 p-4 lg:flex">
          <WorkspaceSwitcher current={current} workspaces={switchable} t={t} />
          <div className="flex-1">
            <SidebarNav groups={groups} t={t} />
          </div>
          {footer}
        </aside>
        <div className="min-w-0">
          <header className="sticky top-0 z-30 flex items-center gap-3 border-b border-slate-200 bg-white/95 px-4 py-3 backdrop-blur lg:hidden">
            <MobileDrawer openLabel={t.openMenu} closeLabel={t.closeMenu} title={fillMessage(t.currentWorkspace, { name: tenantName })}>
              <WorkspaceSwitcher current={current} workspaces={switchable} t={t} />
              <div className="flex-1">
                <SidebarNav groups={groups} t={t} />
              </div>
              {footer}
            </MobileDrawer>
            <p className="min-w-0 flex-1 truncate font-semibold text-brand-800">{tenantName}</p>
          </header>
          {supportBanner ? <div className="sticky top-0 z-40">{supportBanner}</div> : null}
          {/* Support views the workspace as no member: it has no notifications of its own here. */}
          {supportBanner ? null : (
            <div className="fixed right-3 top-2.5 z-40 lg:right-5 lg:top-4">
              <NotificationBell t={messagesFor(notificationMessages, locale)} locale={locale} timeZone={timeZone} />
            </div>
          )}
          {banner ? <div className="border-b border-slate-200">{banner}</div> : null}
          <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6 lg:px-10">
            {children}
          </main>
        </div>
      </div>
    </Toaster>
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

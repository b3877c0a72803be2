import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/toaster";
import { AdminNav } from "./admin-nav";

/*
 * The support console's frame, drawn like the tenant console's: a sidebar
 * with the sections and who is signed in on wide screens, the sections in a
 * scrolling row above the page on phones. Every page under it checks access
 * and audits itself; the frame reads nothing.
 */
export function AdminShell({ adminEmail, children }: { adminEmail: string; children: ReactNode }) {
  const footer = (
    <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <p className="px-2 text-sm">
        <span className="block truncate font-medium text-ink">{adminEmail}</span>
        <span className="text-xs text-slate-600">Platform admin · every visit is audited</span>
      </p>
      <form method="post" action="/api/admin/auth/sign-out" className="px-2">
        <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
          Sign out
        </button>
      </form>
    </div>
  );
  return (
    <Toaster label="Notifications" dismiss="Dismiss" words={{ saved: "Saved", failed: "That did not work", networkFailure: "The network failed; try again." }}>
      <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_minmax(0,1fr)]" lang="en">
        <a href="#main" className="sr-only z-50 rounded-lg bg-white px-3 py-2 font-semibold focus:not-sr-only focus:fixed focus:left-3 focus:top-3">
          Skip to content
        </a>
        <aside className="sticky top-0 hidden h-dvh flex-col gap-5 overflow-y-auto border-r border-slate-200 bg-slate-50 p-4 lg:flex">
          <p className="px-3 text-sm font-bold tracking-tight text-brand-800">Frontdesk · Platform</p>
          <div className="flex-1">
            <AdminNav />
          </div>
          {footer}
        </aside>
        <div className="min-w-0">
          <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 px-4 py-3 backdrop-blur lg:hidden">
            <div className="flex items-center justify-between gap-3">
              <p className="font-semibold text-brand-800">Frontdesk · Platform</p>
              <form method="post" action="/api/admin/auth/sign-out">
                <button type="submit" className="rounded-lg px-3 py-1 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
                  Sign out
                </button>
              </form>
            </div>
            <div className="mt-2 overflow-x-auto [&_nav]:flex-row [&_nav]:gap-1">
              <AdminNav />
            </div>
          </header>
          <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6 lg:px-10">
            {children}
          </main>
        </div>
      </div>
    </Toaster>
  );
}

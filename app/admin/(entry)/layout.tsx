import type { ReactNode } from "react";

/** The platform console's sign-in steps: English only, it is for Frontdesk's own staff. */
export default function AdminEntryLayout({ children }: { children: ReactNode }) {
  return (
    <div lang="en" className="min-h-dvh bg-slate-100">
      <header className="border-b border-slate-200 bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-6 py-4">
          <span className="text-lg font-bold tracking-tight">Frontdesk</span>
          <span className="rounded bg-amber-400 px-2 py-0.5 text-xs font-semibold text-slate-900">Platform console</span>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-md px-4 py-12 sm:px-6">
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
      </main>
    </div>
  );
}

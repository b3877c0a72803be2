import Link from "next/link";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-dvh bg-brand-50/40">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center px-6 py-4">
          <Link href="/" className="text-lg font-bold tracking-tight text-brand-800">
            Frontdesk
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-md px-6 py-12">
        <div className="rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200">{children}</div>
      </main>
    </div>
  );
}

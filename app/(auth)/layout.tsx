import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/tenant/language-switch";
import { messagesFor } from "@/lib/i18n";
import { authMessages } from "@/lib/i18n/auth-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const locale = await getPublicLocale();
  const t = messagesFor(authMessages, locale);
  return (
    <div className="min-h-dvh bg-brand-50/40">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-4">
          <Link href="/" aria-label={t.home} className="text-lg font-bold tracking-tight text-brand-800">
            Frontdesk
          </Link>
          <LanguageSwitch locale={locale} label={t.language} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-md px-4 py-12 sm:px-6">
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
      </main>
    </div>
  );
}

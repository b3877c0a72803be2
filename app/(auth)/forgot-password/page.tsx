import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/password-reset-forms";
import { messagesFor } from "@/lib/i18n";
import { authMessages } from "@/lib/i18n/auth-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messagesFor(authMessages, await getPublicLocale()).forgotTitle };
}

export default async function ForgotPasswordPage() {
  const t = messagesFor(authMessages, await getPublicLocale());
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">{t.forgotTitle}</h1>
      <p className="mt-2 text-sm text-ink-muted">{t.forgotIntro}</p>
      <div className="mt-6">
        <ForgotPasswordForm t={t} />
      </div>
      <p className="mt-6 text-sm">
        <Link href="/sign-in" className="font-semibold text-brand-700 hover:text-brand-800">
          {t.backToSignIn}
        </Link>
      </p>
    </>
  );
}

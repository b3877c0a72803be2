import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/password-reset-forms";
import { resetLinkUsable } from "@/lib/auth/password-reset";
import { messagesFor } from "@/lib/i18n";
import { authMessages } from "@/lib/i18n/auth-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";

// The ticket is in the address: it must not leave in a Referer header.
export const metadata: Metadata = { title: "Frontdesk", referrer: "no-referrer", robots: { index: false } };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = messagesFor(authMessages, await getPublicLocale());
  const usable = await resetLinkUsable(token);
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">{t.resetTitle}</h1>
      {usable ? (
        <div className="mt-6">
          <ResetPasswordForm token={token} t={t} />
        </div>
      ) : (
        <>
          <p role="alert" className="mt-4 text-sm text-red-700">
            {t.resetInvalid}
          </p>
          <p className="mt-4 text-sm">
            <Link href="/forgot-password" className="font-semibold text-brand-700 hover:text-brand-800">
              {t.askAgain}
            </Link>
          </p>
        </>
      )}
    </>
  );
}

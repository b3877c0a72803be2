import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { TRIAL_DAYS } from "@/lib/auth";
import { fillMessage, messagesFor } from "@/lib/i18n";
import { authMessages } from "@/lib/i18n/auth-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";
import { rootDomain } from "@/lib/tenancy/tenant-host";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messagesFor(authMessages, await getPublicLocale()).signUpTitle };
}

export default async function SignUpPage() {
  const locale = await getPublicLocale();
  const t = messagesFor(authMessages, locale);
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">{t.signUpTitle}</h1>
      <p className="mt-2 text-sm text-ink-muted">{fillMessage(t.trial, { days: TRIAL_DAYS })}</p>
      <div className="mt-6">
        <SignUpForm rootHost={rootDomain().split(":")[0]!} timezones={Intl.supportedValuesOf("timeZone")} locale={locale} t={t} />
      </div>
      <p className="mt-6 text-sm text-ink-muted">
        {t.haveAccount}{" "}
        <Link href="/sign-in" className="font-semibold text-brand-700 hover:text-brand-800">
          {t.signInLink}
        </Link>
      </p>
    </>
  );
}

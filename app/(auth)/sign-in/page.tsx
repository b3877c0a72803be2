import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/auth/sign-in-form";
import { enabledOAuthProviders } from "@/lib/auth";
import { fillMessage, isUiLocale, messagesFor } from "@/lib/i18n";
import { authMessages } from "@/lib/i18n/auth-messages";
import { deleteWorkspaceMessages } from "@/lib/i18n/console-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";
import { readDeletionNotice } from "@/lib/auth/deletion-notice";
import { pageQuery } from "@/lib/http";

export async function generateMetadata(): Promise<Metadata> {
  return { title: messagesFor(authMessages, await getPublicLocale()).signInTitle };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const params: Partial<Record<string, string>> = pageQuery(await searchParams);
  const locale = await getPublicLocale();
  const t = messagesFor(authMessages, locale);
  const error = params.error;
  // Set by DELETE /api/workspace on its way here; the language is the console's, as the owner last saw it.
  const deleted = readDeletionNotice(params.deleted);
  const lang = params.lang;
  const deletedLocale = isUiLocale(lang) ? lang : locale;
  const deletedNotice = deleted ? fillMessage(messagesFor(deleteWorkspaceMessages, deletedLocale).deletedNotice, { slug: deleted }) : null;
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">{t.signInTitle}</h1>
      {params.signed_out ? (
        <p role="status" className="mt-2 text-sm text-ink-muted">
          {t.signedOut}
        </p>
      ) : null}
      {params.reset ? (
        <p role="status" className="mt-2 text-sm text-green-800">
          {t.resetDone}
        </p>
      ) : null}
      {params.joined ? (
        <p role="status" className="mt-2 text-sm text-ink-muted">
          {t.joinedSignIn}
        </p>
      ) : null}
      {deletedNotice ? (
        <p role="status" lang={deletedLocale} className="mt-2 text-sm text-ink-muted">
          {deletedNotice}
        </p>
      ) : null}
      {error === "no_workspace" ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {t.noWorkspace}
        </p>
      ) : null}
      <div className="mt-6">
        <SignInForm
          to={params.to}
          next={params.next}
          initialError={error && error !== "no_workspace" ? error : undefined}
          initialEmail={params.email}
          oauth={enabledOAuthProviders()}
          t={t}
        />
      </div>
      <p className="mt-6 text-sm text-ink-muted">
        {t.newHere}{" "}
        <Link href="/sign-up" className="font-semibold text-brand-700 hover:text-brand-800">
          {t.createAccountLink}
        </Link>
      </p>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/tenant/language-switch";
import { messagesFor } from "@/lib/i18n";
import { landingMessages } from "@/lib/i18n/landing-messages";
import { getPublicLocale } from "@/lib/i18n/public-locale";

// The marketing page: it must never import from lib/db or read secrets. Its
// language is the visitor's (switch, else Accept-Language).

export async function generateMetadata(): Promise<Metadata> {
  const t = messagesFor(landingMessages, await getPublicLocale());
  return { title: { absolute: `Frontdesk — ${t.kicker}` }, description: t.heroText };
}

const CHANNELS = ["phone", "whatsapp", "web"] as const;
const CHANNEL_ICONS: Record<(typeof CHANNELS)[number], ReactNode> = {
  phone: (
    <path d="M2.25 6.75c0 8.284 6.716 15 15 15h2.25a2.25 2.25 0 0 0 2.25-2.25v-1.372c0-.516-.351-.966-.852-1.091l-4.423-1.106c-.44-.11-.902.055-1.173.417l-.97 1.293a1.5 1.5 0 0 1-1.767.5 12.035 12.035 0 0 1-7.143-7.143 1.5 1.5 0 0 1 .5-1.767l1.293-.97c.363-.271.527-.734.417-1.173L6.963 3.102a1.125 1.125 0 0 0-1.091-.852H4.5A2.25 2.25 0 0 0 2.25 4.5v2.25Z" />
  ),
  whatsapp: (
    <path d="M8.625 12a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0Zm4.125 0a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0Zm4.125 0a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0ZM2.25 12c0 4.556 4.03 8.25 9 8.25a9.764 9.764 0 0 0 2.555-.337A5.972 5.972 0 0 0 18.6 21a5.969 5.969 0 0 0 .474-.065 4.48 4.48 0 0 1-.978-2.025c-.09-.457.133-.901.467-1.226C20.178 16.082 21.75 14.236 21.75 12c0-4.556-4.03-8.25-9-8.25s-9 3.694-9 8.25Z" />
  ),
  web: (
    <path d="M3 5.25A2.25 2.25 0 0 1 5.25 3h13.5A2.25 2.25 0 0 1 21 5.25v9a2.25 2.25 0 0 1-2.25 2.25H9l-4.5 4.5v-4.5H5.25A2.25 2.25 0 0 1 3 14.25v-9Z" />
  ),
};
const STEPS = [1, 2, 3] as const;
const REGIONS = ["FR", "CH", "BE", "DZ", "CA"] as const;

const buttonBase =
  "inline-flex items-center justify-center rounded-lg px-4 py-2.5 text-sm font-semibold transition-colors";
const primaryButton = `${buttonBase} bg-brand-700 text-white hover:bg-brand-800`;
const secondaryButton = `${buttonBase} text-ink ring-1 ring-slate-300 ring-inset hover:bg-slate-50`;

function ChannelIcon({ children }: { children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-6"
    >
      {children}
    </svg>
  );
}

export default async function LandingPage() {
  const locale = await getPublicLocale();
  const t = messagesFor(landingMessages, locale);
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-4 focus:left-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow"
      >
        {t.skip}
      </a>

      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-6 px-6 py-4">
          <Link href="/" className="text-lg font-bold tracking-tight text-brand-800">
            Frontdesk
          </Link>
          <nav aria-label={t.mainNav} className="flex items-center gap-2 sm:gap-6">
            <a href="#how-it-works" className="hidden text-sm font-medium text-ink-muted hover:text-ink sm:inline">
              {t.howItWorksLink}
            </a>
            <a href="#regions" className="hidden text-sm font-medium text-ink-muted hover:text-ink sm:inline">
              {t.regionsLink}
            </a>
            <Link href="/sign-in" className="px-2 text-sm font-semibold text-ink hover:text-brand-800">
              {t.signIn}
            </Link>
            <Link href="/sign-up" className={primaryButton}>
              {t.startTrial}
            </Link>
          </nav>
          <LanguageSwitch locale={locale} label={t.language} />
        </div>
      </header>

      <main id="main">
        <section aria-labelledby="hero-heading" className="bg-linear-to-b from-brand-50 to-white">
          <div className="mx-auto max-w-4xl px-6 py-20 text-center sm:py-28">
            <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">
              {t.kicker}
            </p>
            <h1
              id="hero-heading"
              className="mt-4 text-4xl font-bold tracking-tight text-balance sm:text-5xl"
            >
              {t.hero}
            </h1>
            <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-ink-muted">
              {t.heroText}
            </p>
            <div className="mt-10 flex flex-wrap items-center justify-center gap-4">
              <Link href="/sign-up" className={primaryButton}>
                {t.startTrial}
              </Link>
              <a href="#how-it-works" className={secondaryButton}>
                {t.seeHow}
              </a>
            </div>
          </div>
        </section>

        <section aria-labelledby="channels-heading" className="mx-auto max-w-6xl px-6 py-20">
          <h2 id="channels-heading" className="text-center text-3xl font-bold tracking-tight">
            {t.channelsHeading}
          </h2>
          <ul className="mt-12 grid gap-6 md:grid-cols-3">
            {CHANNELS.map((channel) => (
              <li key={channel} className="rounded-2xl border border-slate-200 p-6 shadow-sm">
                <div className="flex size-11 items-center justify-center rounded-xl bg-brand-100 text-brand-800">
                  <ChannelIcon>{CHANNEL_ICONS[channel]}</ChannelIcon>
                </div>
                <h3 className="mt-4 text-lg font-semibold">{t[`channel_${channel}`]}</h3>
                <p className="mt-2 text-ink-muted">{t[`channel_${channel}Text`]}</p>
              </li>
            ))}
          </ul>
        </section>

        <section id="how-it-works" aria-labelledby="how-heading" className="scroll-mt-8 bg-slate-50">
          <div className="mx-auto max-w-6xl px-6 py-20">
            <h2 id="how-heading" className="text-center text-3xl font-bold tracking-tight">
              {t.howHeading}
            </h2>
            <ol className="mt-12 grid gap-8 md:grid-cols-3">
              {STEPS.map((step, index) => (
                <li key={step} className="flex gap-4">
                  <span
                    aria-hidden="true"
                    className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-700 font-semibold text-white"
                  >
                    {index + 1}
                  </span>
                  <div>
                    <h3 className="text-lg font-semibold">{t[`step_${step}`]}</h3>
                    <p className="mt-2 text-ink-muted">{t[`step_${step}Text`]}</p>
                  </div>
                </li>
              ))}
            </ol>
          </div>
        </section>

        <section id="regions" aria-labelledby="regions-heading" className="scroll-mt-8 mx-auto max-w-6xl px-6 py-20">
          <h2 id="regions-heading" className="text-center text-3xl font-bold tracking-tight">
            {t.regionsHeading}
          </h2>
          <p className="mx-auto mt-4 max-w-2xl text-center text-ink-muted">{t.regionsText}</p>
          <ul className="mt-10 flex flex-wrap justify-center gap-3">
            {REGIONS.map((region) => (
              <li
                key={region}
                className="rounded-full border border-brand-200 bg-brand-50 px-4 py-2 text-sm font-medium text-brand-900"
              >
                {t[`region_${region}`]}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="cta-heading" className="bg-brand-900">
          <div className="mx-auto max-w-4xl px-6 py-16 text-center">
            <h2 id="cta-heading" className="text-3xl font-bold tracking-tight text-white">
              {t.ctaHeading}
            </h2>
            <p className="mt-4 text-brand-100">{t.ctaText}</p>
            <div className="mt-8 flex flex-wrap justify-center gap-4">
              <Link
                href="/sign-up"
                className={`${buttonBase} bg-white text-brand-900 hover:bg-brand-50 focus-visible:outline-white`}
              >
                {t.startTrial}
              </Link>
            </div>
          </div>
        </section>
      </main>

      <footer className="border-t border-slate-200">
        <div className="mx-auto flex max-w-6xl flex-col gap-4 px-6 py-8 text-sm text-ink-muted sm:flex-row sm:items-center sm:justify-between">
          <p>
            <span className="font-semibold text-ink">Frontdesk</span> {t.footer}
          </p>
          <nav aria-label={t.footerNav}>
            <ul className="flex gap-6">
              <li>
                <Link href="/sign-in" className="hover:text-ink">
                  {t.signIn}
                </Link>
              </li>
              <li>
                <Link href="/sign-up" className="hover:text-ink">
                  {t.createAccount}
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";

// Static marketing page: it must never import from lib/db or read secrets, so
// it can be prerendered and served to anyone.

const channels: { name: string; description: string; icon: ReactNode }[] = [
  {
    name: "Phone",
    description:
      "Picks up on the first ring, day and night, on your existing number. Callers speak naturally; no keypad menus.",
    icon: (
      <path d="M2.25 6.75c0 8.284 6.716 15 15 15h2.25a2.25 2.25 0 0 0 2.25-2.25v-1.372c0-.516-.351-.966-.852-1.091l-4.423-1.106c-.44-.11-.902.055-1.173.417l-.97 1.293a1.5 1.5 0 0 1-1.767.5 12.035 12.035 0 0 1-7.143-7.143 1.5 1.5 0 0 1 .5-1.767l1.293-.97c.363-.271.527-.734.417-1.173L6.963 3.102a1.125 1.125 0 0 0-1.091-.852H4.5A2.25 2.25 0 0 0 2.25 4.5v2.25Z" />
    ),
  },
  {
    name: "WhatsApp",
    description:
      "Replies to messages in seconds, sends confirmations and reminders, and hands the thread to you when a human is needed.",
    icon: (
      <path d="M8.625 12a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0Zm4.125 0a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0Zm4.125 0a.375.375 0 1 1-.75 0 .375.375 0 0 1 .75 0ZM2.25 12c0 4.556 4.03 8.25 9 8.25a9.764 9.764 0 0 0 2.555-.337A5.972 5.972 0 0 0 18.6 21a5.969 5.969 0 0 0 .474-.065 4.48 4.48 0 0 1-.978-2.025c-.09-.457.133-.901.467-1.226C20.178 16.082 21.75 14.236 21.75 12c0-4.556-4.03-8.25-9-8.25s-9 3.694-9 8.25Z" />
    ),
  },
  {
    name: "Web chat",
    description:
      "A chat widget for your website that answers questions about services, prices and opening hours, and books on the spot.",
    icon: (
      <path d="M3 5.25A2.25 2.25 0 0 1 5.25 3h13.5A2.25 2.25 0 0 1 21 5.25v9a2.25 2.25 0 0 1-2.25 2.25H9l-4.5 4.5v-4.5H5.25A2.25 2.25 0 0 1 3 14.25v-9Z" />
    ),
  },
];

const steps: { title: string; description: string }[] = [
  {
    title: "Tell it about your business",
    description:
      "Add your services, opening hours, staff and the questions clients ask most. Connect your calendar.",
  },
  {
    title: "Connect your channels",
    description:
      "Forward your phone line, link your WhatsApp Business number and paste one line of code for the web chat.",
  },
  {
    title: "Let it answer and book",
    description:
      "Frontdesk answers, books into free slots and sends you a summary of every conversation.",
  },
];

const regions = ["France", "Switzerland", "Belgium", "Algeria", "Canada"];

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

export default function LandingPage() {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-4 focus:left-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>

      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-6 px-6 py-4">
          <Link href="/" className="text-lg font-bold tracking-tight text-brand-800">
            Frontdesk
          </Link>
          <nav aria-label="Main" className="flex items-center gap-2 sm:gap-6">
            <a href="#how-it-works" className="hidden text-sm font-medium text-ink-muted hover:text-ink sm:inline">
              How it works
            </a>
            <a href="#regions" className="hidden text-sm font-medium text-ink-muted hover:text-ink sm:inline">
              Regions
            </a>
            <Link href="/sign-in" className="px-2 text-sm font-semibold text-ink hover:text-brand-800">
              Sign in
            </Link>
            <Link href="/sign-up" className={primaryButton}>
              Start free trial
            </Link>
          </nav>
        </div>
      </header>

      <main id="main">
        <section aria-labelledby="hero-heading" className="bg-linear-to-b from-brand-50 to-white">
          <div className="mx-auto max-w-4xl px-6 py-20 text-center sm:py-28">
            <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">
              For medical practices, salons and law offices
            </p>
            <h1
              id="hero-heading"
              className="mt-4 text-4xl font-bold tracking-tight text-balance sm:text-5xl"
            >
              Your AI receptionist answers every call, WhatsApp and chat — and books the appointment.
            </h1>
            <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-ink-muted">
              Stop losing clients to voicemail. Frontdesk answers questions, takes messages and fills
              your calendar, so your team can look after the people in front of them.
            </p>
            <div className="mt-10 flex flex-wrap items-center justify-center gap-4">
              <Link href="/sign-up" className={primaryButton}>
                Start free trial
              </Link>
              <a href="#how-it-works" className={secondaryButton}>
                See how it works
              </a>
            </div>
          </div>
        </section>

        <section aria-labelledby="channels-heading" className="mx-auto max-w-6xl px-6 py-20">
          <h2 id="channels-heading" className="text-center text-3xl font-bold tracking-tight">
            One receptionist, every channel
          </h2>
          <ul className="mt-12 grid gap-6 md:grid-cols-3">
            {channels.map((channel) => (
              <li key={channel.name} className="rounded-2xl border border-slate-200 p-6 shadow-sm">
                <div className="flex size-11 items-center justify-center rounded-xl bg-brand-100 text-brand-800">
                  <ChannelIcon>{channel.icon}</ChannelIcon>
                </div>
                <h3 className="mt-4 text-lg font-semibold">{channel.name}</h3>
                <p className="mt-2 text-ink-muted">{channel.description}</p>
              </li>
            ))}
          </ul>
        </section>

        <section id="how-it-works" aria-labelledby="how-heading" className="scroll-mt-8 bg-slate-50">
          <div className="mx-auto max-w-6xl px-6 py-20">
            <h2 id="how-heading" className="text-center text-3xl font-bold tracking-tight">
              How it works
            </h2>
            <ol className="mt-12 grid gap-8 md:grid-cols-3">
              {steps.map((step, index) => (
                <li key={step.title} className="flex gap-4">
                  <span
                    aria-hidden="true"
                    className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-700 font-semibold text-white"
                  >
                    {index + 1}
                  </span>
                  <div>
                    <h3 className="text-lg font-semibold">{step.title}</h3>
                    <p className="mt-2 text-ink-muted">{step.description}</p>
                  </div>
                </li>
              ))}
            </ol>
          </div>
        </section>

        <section id="regions" aria-labelledby="regions-heading" className="scroll-mt-8 mx-auto max-w-6xl px-6 py-20">
          <h2 id="regions-heading" className="text-center text-3xl font-bold tracking-tight">
            Where Frontdesk works
          </h2>
          <p className="mx-auto mt-4 max-w-2xl text-center text-ink-muted">
            Local phone numbers, your time zone and your opening hours, in the countries we serve.
          </p>
          <ul className="mt-10 flex flex-wrap justify-center gap-3">
            {regions.map((region) => (
              <li
                key={region}
                className="rounded-full border border-brand-200 bg-brand-50 px-4 py-2 text-sm font-medium text-brand-900"
              >
                {region}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="cta-heading" className="bg-brand-900">
          <div className="mx-auto max-w-4xl px-6 py-16 text-center">
            <h2 id="cta-heading" className="text-3xl font-bold tracking-tight text-white">
              Never miss a booking again
            </h2>
            <p className="mt-4 text-brand-100">Set up in an afternoon, on the phone number you already have.</p>
            <div className="mt-8 flex flex-wrap justify-center gap-4">
              <Link
                href="/sign-up"
                className={`${buttonBase} bg-white text-brand-900 hover:bg-brand-50 focus-visible:outline-white`}
              >
                Start free trial
              </Link>
            </div>
          </div>
        </section>
      </main>

      <footer className="border-t border-slate-200">
        <div className="mx-auto flex max-w-6xl flex-col gap-4 px-6 py-8 text-sm text-ink-muted sm:flex-row sm:items-center sm:justify-between">
          <p>
            <span className="font-semibold text-ink">Frontdesk</span> — the AI receptionist for small
            businesses.
          </p>
          <nav aria-label="Footer">
            <ul className="flex gap-6">
              <li>
                <Link href="/sign-in" className="hover:text-ink">
                  Sign in
                </Link>
              </li>
              <li>
                <Link href="/sign-up" className="hover:text-ink">
                  Create an account
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}

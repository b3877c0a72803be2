import Link from "next/link";
import { formatDateTime, formatLocalDay, formatMonth, formatTime } from "@/components/conversations/time-format";
import { ConversationStatusBadge } from "@/components/conversations/status-badge";
import { CONVERSATION_CHANNELS, type ConversationRow } from "@/lib/conversations";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import type { conversationsMessages } from "@/lib/i18n/conversations-messages";
import type { overviewMessages } from "@/lib/i18n/overview-messages";
import type { AgendaDay, Overview } from "@/lib/overview";
import { UsageMeter } from "./usage-meter";

type T = Messages<keyof (typeof overviewMessages)["en"]>;
type C = Messages<keyof (typeof conversationsMessages)["en"]>;

interface SectionProps {
  overview: Overview;
  locale: UiLocale;
  t: T;
  c: C;
}

function Day({ title, day, timeZone, locale, t }: { title: string; day: AgendaDay; timeZone: string; locale: UiLocale; t: T }) {
  const dayName = formatLocalDay(day.date, locale);
  return (
    <div>
      <h3 className="text-sm font-semibold">
        {title} <span className="font-normal text-ink-muted">· {dayName}</span>
      </h3>
      {day.appointments.length === 0 ? (
        <p className="mt-2 text-sm text-ink-muted">{t.noAppointments}</p>
      ) : (
        <ul aria-label={fillMessage(t.dayList, { day: title })} className="mt-2 divide-y divide-slate-100 text-sm">
          {day.appointments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 py-2">
              <time dateTime={a.startsAt} className="w-20 font-semibold tabular-nums" suppressHydrationWarning>
                {formatTime(a.startsAt, locale, timeZone)}
              </time>
              <span>{a.service}</span>
              <span className="text-ink-muted">{a.client}</span>
              {a.status !== "booked" ? <span className="text-xs text-ink-muted">{t[`appointmentStatus_${a.status}`]}</span> : null}
              {a.conversationId ? (
                <Link href={`/conversations/${a.conversationId}`} className="text-xs text-brand-800 underline-offset-2 hover:underline">
                  {t.fromConversation}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function AgendaSection({ overview, locale, t }: SectionProps) {
  return (
    <section aria-labelledby="agenda-heading" className="rounded-xl border border-slate-200 p-5">
      <h2 id="agenda-heading" className="mb-4 text-lg font-semibold">
        {t.agendaHeading}
      </h2>
      <div className="grid gap-6 md:grid-cols-2">
        <Day title={t.today} day={overview.agenda.today} timeZone={overview.timeZone} locale={locale} t={t} />
        <Day title={t.tomorrow} day={overview.agenda.tomorrow} timeZone={overview.timeZone} locale={locale} t={t} />
      </div>
    </section>
  );
}

function ConversationLink({ row, timeZone, locale, c }: { row: ConversationRow; timeZone: string; locale: UiLocale; c: C }) {
  const client = row.client ?? c.unknownClient;
  const started = formatDateTime(row.startedAt, locale, timeZone);
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
      <Link href={`/conversations/${row.id}`} aria-label={fillMessage(c.openConversation, { client, started })} className="font-medium text-brand-800 underline-offset-2 hover:underline">
        {client}
      </Link>
      <span className="flex items-baseline gap-2 text-xs text-ink-muted">
        <time dateTime={row.startedAt} suppressHydrationWarning>
          {started}
        </time>
        <ConversationStatusBadge status={row.status} t={c} />
      </span>
    </li>
  );
}

export function RecentConversationsSection({ overview, locale, t, c }: SectionProps) {
  return (
    <section aria-labelledby="recent-heading" className="rounded-xl border border-slate-200 p-5">
      <div className="mb-4 flex items-baseline justify-between gap-4">
        <h2 id="recent-heading" className="text-lg font-semibold">
          {t.recentHeading}
        </h2>
        <Link href="/conversations" className="text-sm font-medium text-brand-800 underline-offset-2 hover:underline">
          {t.allConversations}
        </Link>
      </div>
      <div className="grid gap-6 md:grid-cols-3">
        {CONVERSATION_CHANNELS.map((channel) => {
          const name = c[`channel_${channel}`];
          const rows = overview.recent[channel];
          return (
            <div key={channel}>
              <h3 className="text-sm font-semibold">{name}</h3>
              {rows.length === 0 ? (
                <p className="mt-2 text-sm text-ink-muted">{t.noConversations}</p>
              ) : (
                <ul aria-label={fillMessage(t.recentList, { channel: name })} className="mt-1 divide-y divide-slate-100">
                  {rows.map((row) => (
                    <ConversationLink key={row.id} row={row} timeZone={overview.timeZone} locale={locale} c={c} />
                  ))}
                </ul>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}

export function UsageSection({ overview, locale, t }: SectionProps) {
  const { usage } = overview;
  return (
    <section aria-labelledby="usage-heading" className="rounded-xl border border-slate-200 p-5">
      <h2 id="usage-heading" className="text-lg font-semibold">
        {t.usageHeading}
      </h2>
      <p className="mb-4 text-sm text-ink-muted">{fillMessage(t.usageIntro, { month: formatMonth(usage.month, locale), plan: usage.plan.name })}</p>
      <ul className="space-y-4">
        {usage.lines.map((line) => (
          <UsageMeter key={line.key} line={line} locale={locale} t={t} />
        ))}
      </ul>
    </section>
  );
}

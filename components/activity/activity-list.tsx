"use client";

import { PagedListFooter, usePagedList } from "@/components/conversations/paged-list";
import { formatDateTime } from "@/components/conversations/time-format";
import type { ActivityEntry, ActivityPage } from "@/lib/audit";
import type { Messages, UiLocale } from "@/lib/i18n";
import type { activityMessages } from "@/lib/i18n/activity-messages";

type T = Messages<keyof (typeof activityMessages)["en"]>;

export interface ActivityListProps {
  initialPage: ActivityPage;
  action: string | null;
  /** Identifies the server's first page; part of the cache key so a fresh render is never hidden by older cached pages. */
  version: string;
  locale: UiLocale;
  timeZone: string;
  t: T;
}

function actorLabel(actor: ActivityEntry["actor"], t: T): { name: string; email: string | null } {
  if (actor.kind !== "user") return { name: t[`actor_${actor.kind}`], email: null };
  if (!actor.userId) return { name: t.unknown, email: null };
  if (!actor.name && !actor.email) return { name: t.formerMember, email: null };
  return { name: actor.name ?? actor.email!, email: actor.name ? actor.email : null };
}

function ActivityItem({ e, locale, timeZone, t }: { e: ActivityEntry; locale: UiLocale; timeZone: string; t: T }) {
  const who = actorLabel(e.actor, t);
  return (
    <li data-action={e.action} className="py-3">
      <p className="text-sm font-medium text-ink">{e.summary}</p>
      {e.facts.length ? (
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
          {e.facts.map((f, i) => (
            <div key={i} className="contents">
              <dt className="text-ink-muted">{f.label}</dt>
              <dd className="break-words">{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className="mt-1 text-xs text-ink-muted">
        <span className="font-medium text-ink" title={who.email ?? undefined}>
          {who.name}
        </span>
        {who.email ? <span className="hidden sm:inline"> ({who.email})</span> : null}
        {" · "}
        <time dateTime={e.at} suppressHydrationWarning>
          {formatDateTime(e.at, locale, timeZone)}
        </time>
      </p>
      <details className="mt-1 text-xs">
        <summary className="cursor-pointer text-ink-muted hover:text-ink">{t.detailsToggle}</summary>
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 rounded-md bg-slate-50 p-2">
          {who.email ? (
            <>
              <dt className="text-ink-muted">{t.actor}</dt>
              <dd className="break-all">{who.email}</dd>
            </>
          ) : null}
          <dt className="text-ink-muted">{t.ip}</dt>
          <dd className="font-mono">{e.ip ?? t.unknown}</dd>
          <dt className="text-ink-muted">{t.rawAction}</dt>
          <dd className="font-mono break-all">{e.action}</dd>
          <dt className="text-ink-muted">{t.rawTarget}</dt>
          <dd className="font-mono break-all">{e.target ?? t.unknown}</dd>
          <dt className="text-ink-muted">{t.rawMetadata}</dt>
          <dd className="font-mono break-all">
            {e.metadata.length ? e.metadata.map((m) => <span key={m.key} className="block">{`${m.key}: ${m.value}`}</span>) : t.unknown}
          </dd>
        </dl>
      </details>
    </li>
  );
}

export function ActivityList({ initialPage, action, version, locale, timeZone, t }: ActivityListProps) {
  // The summaries are in the member's language, so the locale is part of the cache key.
  const { query, rows } = usePagedList("/api/activity", { action: action ?? undefined }, initialPage, [locale, version]);

  if (rows.length === 0) return <p className="text-sm text-ink-muted">{t.empty}</p>;
  return (
    <div className="space-y-4">
      <ol aria-label={t.tableLabel} className="divide-y divide-slate-100 border-y border-slate-200">
        {rows.map((e) => (
          <ActivityItem key={e.id} e={e} locale={locale} timeZone={timeZone} t={t} />
        ))}
      </ol>
      <PagedListFooter query={query} shown={rows.length} locale={locale} t={t} />
    </div>
  );
}

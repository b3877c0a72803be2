"use client";

import Link from "next/link";
import type { ConversationPage } from "@/lib/conversations";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import type { conversationsMessages } from "@/lib/i18n/conversations-messages";
import { PagedListFooter, usePagedList } from "./paged-list";
import { ConversationStatusBadge } from "./status-badge";
import { formatDateTime, formatDuration } from "./time-format";

type T = Messages<keyof (typeof conversationsMessages)["en"]>;

export interface ConversationListProps {
  initialPage: ConversationPage;
  filters: { channel?: string; status?: string };
  /** Identifies the server's first page; part of the cache key so a fresh render is never hidden by older cached pages. */
  version: string;
  locale: UiLocale;
  timeZone: string;
  t: T;
}

export function ConversationList({ initialPage, filters, version, locale, timeZone, t }: ConversationListProps) {
  const { query, rows } = usePagedList("/api/conversations", filters, initialPage, [version]);

  if (rows.length === 0) return <p className="text-sm text-ink-muted">{t.empty}</p>;
  return (
    <div className="space-y-4">
      <div className="overflow-x-auto">
        <table aria-label={t.tableLabel} className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-ink-muted">
            <tr>
              <th scope="col" className="py-2 pr-4">{t.channel}</th>
              <th scope="col" className="py-2 pr-4">{t.client}</th>
              <th scope="col" className="py-2 pr-4">{t.status}</th>
              <th scope="col" className="py-2 pr-4">{t.started}</th>
              <th scope="col" className="py-2">{t.duration}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const started = formatDateTime(c.startedAt, locale, timeZone);
              const client = c.client ?? t.unknownClient;
              return (
                <tr key={c.id} data-testid={`conversation-${c.id}`} className="border-b border-slate-100">
                  <td className="py-2 pr-4">{t[`channel_${c.channel}`]}</td>
                  <td className="py-2 pr-4">
                    <Link
                      href={`/conversations/${c.id}`}
                      aria-label={fillMessage(t.openConversation, { client, started })}
                      className="font-medium text-brand-800 underline-offset-2 hover:underline"
                    >
                      {client}
                    </Link>
                  </td>
                  <td className="py-2 pr-4">
                    <ConversationStatusBadge status={c.status} t={t} />
                  </td>
                  <td className="py-2 pr-4">
                    <time dateTime={c.startedAt} suppressHydrationWarning>
                      {started}
                    </time>
                  </td>
                  <td className="py-2">{formatDuration(c.durationSeconds)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <PagedListFooter query={query} shown={rows.length} locale={locale} t={t} />
    </div>
  );
}

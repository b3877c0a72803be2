"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiRequest } from "@/components/forms/api-request";
import { secondaryButtonClass } from "@/components/forms/fields";
import type { ConversationPage } from "@/lib/conversations";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import type { conversationsMessages } from "@/lib/i18n/conversations-messages";
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

/** The first page comes from the server; "Load more" follows the cursor through the API. */
export function ConversationList({ initialPage, filters, version, locale, timeZone, t }: ConversationListProps) {
  const query = useInfiniteQuery({
    queryKey: ["conversations", filters, version],
    initialPageParam: null as string | null,
    initialData: { pages: [initialPage], pageParams: [null] },
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      if (filters.channel) params.set("channel", filters.channel);
      if (filters.status) params.set("status", filters.status);
      if (pageParam) params.set("cursor", pageParam);
      return apiRequest<ConversationPage>(`/api/conversations?${params}`, "GET");
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = query.data.pages.flatMap((p) => p.items);

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
      <p role="status" className="sr-only">
        {fillMessage(new Intl.PluralRules(locale).select(rows.length) === "one" ? t.shown_one : t.shown_other, { count: rows.length })}
      </p>
      {query.isFetchNextPageError ? (
        <p role="alert" className="text-sm text-red-700">
          {t.loadError}
        </p>
      ) : null}
      {query.hasNextPage ? (
        <button type="button" className={secondaryButtonClass} disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? t.loading : t.loadMore}
        </button>
      ) : null}
    </div>
  );
}

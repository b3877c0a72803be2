"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/components/conversations/time-format";
import { apiRequest } from "@/components/forms/api-request";
import { secondaryButtonClass } from "@/components/forms/fields";
import type { ActivityEntry, ActivityPage } from "@/lib/audit";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
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

function Actor({ actor, t }: { actor: ActivityEntry["actor"]; t: T }) {
  if (actor.kind !== "user") return <>{t[`actor_${actor.kind}`]}</>;
  if (!actor.userId) return <>{t.unknown}</>;
  if (!actor.name && !actor.email) return <>{t.formerMember}</>;
  return (
    <>
      <span className="font-medium">{actor.name}</span>
      {actor.email ? <span className="block text-xs text-ink-muted">{actor.email}</span> : null}
    </>
  );
}

/** The first page comes from the server; "Load more" follows the cursor through the API. */
export function ActivityList({ initialPage, action, version, locale, timeZone, t }: ActivityListProps) {
  const query = useInfiniteQuery({
    queryKey: ["activity", action, version],
    initialPageParam: null as string | null,
    initialData: { pages: [initialPage], pageParams: [null] },
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      if (action) params.set("action", action);
      if (pageParam) params.set("cursor", pageParam);
      return apiRequest<ActivityPage>(`/api/activity?${params}`, "GET");
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
              <th scope="col" className="py-2 pr-4">{t.time}</th>
              <th scope="col" className="py-2 pr-4">{t.actor}</th>
              <th scope="col" className="py-2 pr-4">{t.action}</th>
              <th scope="col" className="py-2 pr-4">{t.target}</th>
              <th scope="col" className="py-2 pr-4">{t.ip}</th>
              <th scope="col" className="py-2">{t.details}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-4 whitespace-nowrap">
                  <time dateTime={e.at} suppressHydrationWarning>
                    {formatDateTime(e.at, locale, timeZone)}
                  </time>
                </td>
                <td className="py-2 pr-4">
                  <Actor actor={e.actor} t={t} />
                </td>
                <td className="py-2 pr-4 font-mono text-xs">{e.action}</td>
                <td className="py-2 pr-4 font-mono text-xs break-all">{e.target ?? t.unknown}</td>
                <td className="py-2 pr-4 font-mono text-xs">{e.ip ?? t.unknown}</td>
                <td className="py-2">
                  {e.metadata.length ? (
                    <dl className="grid grid-cols-[max-content_1fr] gap-x-2 text-xs">
                      {e.metadata.map((m) => (
                        <div key={m.key} className="contents">
                          <dt className="text-ink-muted">{m.key}</dt>
                          <dd className="break-all">{m.value}</dd>
                        </div>
                      ))}
                    </dl>
                  ) : (
                    t.unknown
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p role="status" className="sr-only">
        {fillMessage(t.shown, { count: rows.length })}
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

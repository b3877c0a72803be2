"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiRequest } from "@/components/forms/api-request";
import { secondaryButtonClass } from "@/components/forms/fields";
import { fillMessage, type UiLocale } from "@/lib/i18n";

/*
 * A console list read with a keyset cursor (conversations, activity): the
 * first page comes from the server; "Load more" follows the cursor through
 * the API with the same filters.
 */

interface CursorPage<Item> {
  items: Item[];
  nextCursor: string | null;
}

export function usePagedList<Item>(
  path: string,
  filters: Record<string, string | undefined>,
  initialPage: CursorPage<Item>,
  /** Identifies the server's first page (and whatever else the items depend on), so a fresh render is never hidden by older cached pages. */
  version: unknown[],
) {
  const query = useInfiniteQuery({
    queryKey: [path, filters, ...version],
    initialPageParam: null as string | null,
    initialData: { pages: [initialPage], pageParams: [null] },
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
      if (pageParam) params.set("cursor", pageParam);
      return apiRequest<CursorPage<Item>>(`${path}?${params}`, "GET");
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  return { query, rows: query.data.pages.flatMap((p) => p.items) };
}

type FooterText = Record<"shown_one" | "shown_other" | "loadError" | "loading" | "loadMore", string>;

export function PagedListFooter({
  query,
  shown,
  locale,
  t,
}: {
  query: { isFetchNextPageError: boolean; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  shown: number;
  locale: UiLocale;
  t: FooterText;
}) {
  return (
    <>
      <p role="status" className="sr-only">
        {fillMessage(new Intl.PluralRules(locale).select(shown) === "one" ? t.shown_one : t.shown_other, { count: shown })}
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
    </>
  );
}

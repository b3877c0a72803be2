"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiRequestError, apiRequest, failureOf } from "@/components/forms/api-request";
import { buttonClass, FormError } from "@/components/forms/fields";
import { useToast } from "@/components/ui/toaster";
import { fillMessage, type Messages, type UiLocale } from "@/lib/i18n";
import { formatBytes } from "@/lib/i18n/byte-format";
import type { dataExportMessages } from "@/lib/i18n/data-export-messages";
import { formatInstant } from "@/lib/i18n/date-format";
import { DATA_EXPORTS_PER_DAY, dataExportListSchema, dataExportRequestedSchema, type DataExportView } from "@/lib/tenant-data/owner-export-contract";

type T = Messages<keyof (typeof dataExportMessages)["en"]>;

const EXPORTS_URL = "/api/settings/data-export";
// While an export is queued or being prepared the list is asked again; the job picks it up within a minute.
const POLL_MS = 5_000;
const inFlight = (exports: DataExportView[] | undefined) => exports?.some((e) => e.status === "queued" || e.status === "running") ?? false;

interface Props {
  /** The first render's list; null for members who may not export (they see why instead). */
  initial: DataExportView[] | null;
  timeZone: string;
  locale: UiLocale;
  t: T;
}

/** Settings → Your data: the owner asks for an export of the whole business and downloads it within 24 hours. */
export function DataExportSection({ initial, timeZone, locale, t }: Props) {
  return (
    <section aria-labelledby="data-export-heading" className="max-w-2xl" data-testid="data-export">
      <h2 id="data-export-heading" className="mb-3 text-lg font-semibold">
        {t.heading}
      </h2>
      <div className="space-y-2 text-sm text-ink-muted">
        <p>{t.intro}</p>
        <p>{t.linkNote}</p>
        <p>{fillMessage(t.limitNote, { count: DATA_EXPORTS_PER_DAY })}</p>
      </div>
      {initial === null ? (
        <p className="mt-4 text-sm font-medium" data-testid="data-export-owner-only">
          {t.ownerOnly}
        </p>
      ) : (
        <OwnerExports initial={initial} timeZone={timeZone} locale={locale} t={t} />
      )}
    </section>
  );
}

function OwnerExports({ initial, timeZone, locale, t }: Omit<Props, "initial"> & { initial: DataExportView[] }) {
  const queryClient = useQueryClient();
  const { notify, words } = useToast();
  const when = (iso: string) => formatInstant(iso, timeZone, locale);
  const list = useQuery({
    queryKey: ["data-exports"],
    queryFn: async () => dataExportListSchema.parse(await apiRequest(EXPORTS_URL, "GET")).exports,
    initialData: initial,
    refetchInterval: (query) => (inFlight(query.state.data) ? POLL_MS : false),
  });
  const request = useMutation({
    mutationFn: async () => dataExportRequestedSchema.parse(await apiRequest(EXPORTS_URL, "POST")),
    onSuccess: (result) => {
      notify("success", result.created ? t.requested : t.alreadyRunning);
      void queryClient.invalidateQueries({ queryKey: ["data-exports"] });
    },
    onError: (error) => notify("error", fillMessage(words.failed, { reason: requestFailure(error) })),
  });

  function requestFailure(error: unknown): string {
    const retryAt = error instanceof ApiRequestError && error.status === 429 ? error.details.retryAt : undefined;
    if (typeof retryAt === "string") return fillMessage(t.rateLimited, { count: DATA_EXPORTS_PER_DAY, when: when(retryAt) });
    return failureOf(error, words.networkFailure).message;
  }

  const exports = list.data ?? [];
  return (
    <div className="mt-4 space-y-4">
      <button type="button" className={buttonClass} disabled={request.isPending || inFlight(exports)} onClick={() => request.mutate()}>
        {request.isPending ? t.requesting : t.request}
      </button>
      <FormError message={request.isError ? requestFailure(request.error) : null} />
      {list.isError ? <FormError message={t.loadFailed} /> : null}
      <h3 className="text-sm font-semibold">{t.listHeading}</h3>
      {exports.length === 0 ? (
        <p className="text-sm text-ink-muted">{t.none}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200" aria-live="polite">
          {exports.map((e) => (
            <ExportRow key={e.id} item={e} when={when} locale={locale} t={t} />
          ))}
        </ul>
      )}
    </div>
  );
}

function statusText(item: DataExportView, when: (iso: string) => string, t: T): string {
  if (item.status === "ready") return fillMessage(t.status_ready, { when: item.expiresAt ? when(item.expiresAt) : "" });
  return t[`status_${item.status}`];
}

function ExportRow({ item, when, locale, t }: { item: DataExportView; when: (iso: string) => string; locale: UiLocale; t: T }) {
  const rows = item.tableCounts ? Object.values(item.tableCounts).reduce((n, c) => n + c, 0) : 0;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm" data-testid="data-export-row" data-status={item.status}>
      <div className="space-y-1">
        <p className="font-medium">{statusText(item, when, t)}</p>
        <p className="text-ink-muted">{fillMessage(t.requestedAt, { when: when(item.createdAt) })}</p>
        {item.status === "failed" ? (
          <p className="text-red-700">{item.sizeBytes !== null ? fillMessage(t.failedTooLarge, { size: formatBytes(item.sizeBytes, locale) }) : t.failedGeneric}</p>
        ) : null}
        {item.status === "ready" && !item.mine ? <p className="text-ink-muted">{t.otherOwner}</p> : null}
      </div>
      {item.downloadUrl ? (
        <a href={item.downloadUrl} download className={buttonClass}>
          {t.download}
          <span className="ml-2 font-normal opacity-80">
            ({fillMessage(t.downloadHint, { size: formatBytes(item.sizeBytes ?? 0, locale), rows: new Intl.NumberFormat(locale).format(rows) })})
          </span>
        </a>
      ) : null}
    </li>
  );
}

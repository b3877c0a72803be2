"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { buttonClass } from "@/components/forms/fields";
import { apiRequest } from "@/components/forms/api-request";
import type { ClientSummary } from "@/lib/clients/client-directory";
import { fillMessage } from "@/lib/i18n/messages";
import type { ClientsMessages } from "@/lib/i18n/clients-messages";
import { formatInstant } from "@/lib/i18n/date-format";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import type { CountryCode } from "libphonenumber-js";
import { displayPhone } from "@/lib/channels/phone-number";

/** Search as a plain GET form (works before hydration), then through TanStack Query. */
const SINCE: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };

export function ClientsDirectory({
  initialQuery,
  initialClients,
  locale,
  timeZone,
  region,
  t,
}: {
  region: CountryCode;
  initialQuery: string;
  initialClients: ClientSummary[];
  locale: UiLocale;
  /** The tenant's: a client's first day is the practice's day, on the server's render and the browser's alike. */
  timeZone: string;
  t: ClientsMessages;
}) {
  const [typed, setTyped] = useState(initialQuery);
  const [q, setQ] = useState(initialQuery);
  const query = useQuery({
    queryKey: ["clients", q],
    queryFn: () => apiRequest<{ clients: ClientSummary[] }>(`/api/clients?q=${encodeURIComponent(q)}`, "GET").then((r) => r.clients),
    initialData: q === initialQuery ? initialClients : undefined,
    placeholderData: keepPreviousData,
  });
  const clients = query.data ?? [];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = typed.trim();
    setQ(next);
    window.history.replaceState(null, "", next ? `/clients?q=${encodeURIComponent(next)}` : "/clients");
  }

  return (
    <div className="space-y-6">
      <form method="get" action="/clients" role="search" aria-label={t.searchForm} onSubmit={onSubmit} className="flex max-w-xl items-end gap-2">
        <div className="flex-1">
          <label htmlFor="client-search" className="block text-sm font-medium">
            {t.searchLabel}
          </label>
          <input
            id="client-search"
            name="q"
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <button type="submit" className={buttonClass}>
          {t.search}
        </button>
      </form>
      <p role="status" className="text-sm text-ink-muted">
        {query.isFetching ? t.loading : query.isError ? t.loadFailed : clients.length ? "" : q ? fillMessage(t.noMatch, { q }) : t.noClients}
      </p>
      {clients.length ? (
        <table aria-label={t.results} className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-ink-muted">
              <th scope="col" className="py-2 pr-4 font-medium">{t.colName}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t.colPhone}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t.colEmail}</th>
              <th scope="col" className="py-2 font-medium">{t.colSince}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id} className="border-b border-slate-100">
                <td className="py-2 pr-4">
                  <Link href={`/clients/${c.id}`} className="font-medium text-brand-700 underline">
                    {c.name}
                  </Link>
                </td>
                <td className="py-2 pr-4">{c.phone ? <a href={`tel:${c.phone}`} className="whitespace-nowrap underline-offset-2 hover:underline">{displayPhone(c.phone, region)}</a> : "—"}</td>
                <td className="py-2 pr-4">{c.email ?? "—"}</td>
                <td className="py-2">{formatInstant(c.createdAt, timeZone, locale, SINCE)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

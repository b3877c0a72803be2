"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CountryCode } from "libphonenumber-js";
import { useEffect, useState } from "react";
import { apiRequest } from "@/components/forms/api-request";
import { secondaryButtonClass } from "@/components/forms/fields";
import type { AppointmentView, AppointmentWeek, BookableService } from "@/lib/booking/appointment-calendar";
import { APPOINTMENT_STATUSES, type AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import { addDays, mondayOf, type LocalDate } from "@/lib/booking/local-time";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { AppointmentDetails } from "./appointment-details";
import { channelLabel, formatLongDay, formatRange, formatWhen, statusLabel } from "./appointment-format";
import { NewAppointmentForm } from "./new-appointment-form";
import { WeekGrid } from "./week-grid";
import { useToast } from "@/components/ui/toaster";


/**
 * The week (Monday to Sunday on the practice's clock) or the same week as a
 * list, filtered by status; booking, moving and closing appointments by hand.
 * The week is fetched with TanStack Query and refetched after every change.
 */
export type BoardView = "week" | "list";

/** This week, every status and the week grid are the defaults and stay out of the address. */
function boardUrl(path: string, shown: { week: LocalDate; status: AppointmentStatusValue | ""; view: BoardView }, thisWeek: LocalDate): string {
  const params = new URLSearchParams();
  if (shown.week !== thisWeek) params.set("week", shown.week);
  if (shown.status) params.set("status", shown.status);
  if (shown.view !== "week") params.set("view", shown.view);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function AppointmentsBoard({
  initialWeek,
  services,
  region,
  readOnly,
  initialView,
  locale,
  t,
}: {
  initialWeek: AppointmentWeek;
  initialView: BoardView;
  services: BookableService[];
  region: CountryCode;
  readOnly: boolean;
  locale: UiLocale;
  t: AppointmentsMessages;
}) {
  const queryClient = useQueryClient();
  const [week, setWeek] = useState(initialWeek.weekStart);
  const [status, setStatus] = useState<AppointmentStatusValue | "">(initialWeek.status ?? "");
  const [view, setView] = useState<BoardView>(initialView);
  const [selected, setSelected] = useState<AppointmentView | null>(null);
  const { notify } = useToast();
  const timeZone = initialWeek.timeZone;
  const thisWeek = initialWeek.thisWeek;

  // The address follows what is shown, so a reload or a shared link opens the same week.
  useEffect(() => {
    const url = boardUrl(window.location.pathname, { week, status, view }, thisWeek);
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
  }, [week, status, view, thisWeek]);

  const query = useQuery({
    queryKey: ["appointments", week, status],
    queryFn: () => apiRequest<AppointmentWeek>(`/api/appointments?week=${week}${status ? `&status=${status}` : ""}`, "GET"),
    initialData: week === initialWeek.weekStart && status === (initialWeek.status ?? "") ? initialWeek : undefined,
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const appointments = data?.appointments ?? [];
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const current = selected ? (appointments.find((a) => a.id === selected.id) ?? selected) : null;

  function changed(appointment: AppointmentView, message: string) {
    setSelected(appointment);
    notify("success", message);
    setWeek(mondayOf(appointment.localDate));
    void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    void queryClient.invalidateQueries({ queryKey: ["clients"] });
  }

  const open = (a: AppointmentView) => setSelected(a);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <nav aria-label={t.weekNav} className="flex flex-wrap items-center gap-2">
          <button type="button" className={secondaryButtonClass} onClick={() => setWeek(addDays(week, -7))}>
            <span aria-hidden="true" className="mr-1">
              ←
            </span>
            {t.previousWeek}
          </button>
          <button type="button" className={secondaryButtonClass} aria-current={week === thisWeek ? "true" : undefined} onClick={() => setWeek(thisWeek)}>
            {t.thisWeek}
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => setWeek(addDays(week, 7))}>
            {t.nextWeek}
            <span aria-hidden="true" className="ml-1">
              →
            </span>
          </button>
        </nav>
        <div className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="appointment-status-filter" className="block text-sm font-medium">
              {t.statusFilter}
            </label>
            <select
              id="appointment-status-filter"
              value={status}
              onChange={(e) => setStatus(e.target.value as AppointmentStatusValue | "")}
              className="mt-1 rounded-lg border border-slate-300 px-2 py-2 text-sm"
            >
              <option value="">{t.allStatuses}</option>
              {APPOINTMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(t, s)}
                </option>
              ))}
            </select>
          </div>
          <div role="group" aria-label={t.viewLabel} className="flex gap-1">
            {(["week", "list"] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => setView(v)}
                className={`${secondaryButtonClass} aria-pressed:bg-brand-700 aria-pressed:text-white`}
              >
                {v === "week" ? t.weekView : t.listView}
              </button>
            ))}
          </div>
        </div>
      </div>

      <div>
        <h2 className="text-lg font-semibold" data-testid="week-heading">
          {fillMessage(t.weekOf, { date: formatLongDay(week, locale) })}
        </h2>
        <p className="text-xs text-ink-muted">{fillMessage(t.timeZoneNote, { zone: timeZone })}</p>
        <p role="status" className="text-sm text-ink-muted">
          {query.isFetching ? t.loading : query.isError ? t.loadFailed : !appointments.length ? t.noAppointmentsWeek : ""}
        </p>
      </div>

      {view === "week" ? (
        <WeekGrid week={data ?? initialWeek} days={days} appointments={appointments} currentId={current?.id ?? null} locale={locale} t={t} onOpen={open} />
      ) : (
        <table aria-label={t.listTable} className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-ink-muted">
              <th scope="col" className="py-2 pr-4 font-medium">{t.colWhen}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t.colService}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t.colClient}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t.colStatus}</th>
              <th scope="col" className="py-2 font-medium">{t.colChannel}</th>
            </tr>
          </thead>
          <tbody>
            {appointments.map((a) => (
              <tr key={a.id} className="border-b border-slate-100">
                <td className="py-2 pr-4">
                  <button type="button" className="text-left font-medium text-brand-700 underline" onClick={() => open(a)}>
                    {formatRange(a.startsAt, a.endsAt, timeZone, locale)}
                  </button>
                </td>
                <td className="py-2 pr-4">{a.service}</td>
                <td className="py-2 pr-4">{a.clientName}</td>
                <td className="py-2 pr-4">{statusLabel(t, a.status)}</td>
                <td className="py-2">{channelLabel(t, a.channel)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        {current ? (
          <AppointmentDetails
            key={current.id}
            appointment={current}
            timeZone={timeZone}
            region={region}
            readOnly={readOnly}
            locale={locale}
            t={t}
            onChanged={changed}
            onClose={() => setSelected(null)}
          />
        ) : null}
        {readOnly ? null : (
          <NewAppointmentForm
            services={services}
            region={region}
            timeZone={timeZone}
            defaultDate={initialWeek.nextOpen.date}
            defaultTime={initialWeek.nextOpen.time}
            locale={locale}
            t={t}
            onBooked={(a) => changed(a, fillMessage(t.booked, { when: formatWhen(a.startsAt, timeZone, locale) }))}
          />
        )}
      </div>
    </div>
  );
}

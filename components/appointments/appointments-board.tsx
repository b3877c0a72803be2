"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CountryCode } from "libphonenumber-js";
import { useEffect, useState } from "react";
import { apiRequest } from "@/components/forms/api-request";
import type { AppointmentView, AppointmentWeek, BookableService } from "@/lib/booking/appointment-calendar";
import type { AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import { addDays, mondayOf, type LocalDate } from "@/lib/booking/local-time";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import type { ResourceColumn } from "@/lib/resources/resource-directory";
import { AppointmentDetails } from "./appointment-details";
import { channelLabel, formatLongDay, formatRange, formatWhen, statusLabel } from "./appointment-format";
import { BoardToolbar, type BoardView } from "./board-toolbar";
import { DayGrid } from "./day-grid";
import { NewAppointmentForm } from "./new-appointment-form";
import { WeekGrid } from "./week-grid";
import { useToast } from "@/components/ui/toaster";

export type { BoardView } from "./board-toolbar";

/**
 * The week (Monday to Sunday on the practice's clock), one day with a column
 * per person or room, or the week as a list; filtered by person or room and
 * by status; booking, moving and closing appointments by hand. The week is
 * fetched with TanStack Query and refetched after every change; a member
 * with a diary of their own opens on it ("My day").
 */

export interface BoardState {
  week: LocalDate;
  day: LocalDate;
  status: AppointmentStatusValue | "";
  view: BoardView;
  /** "" is everyone. */
  resource: string;
}

/** What differs from this member's defaults goes into the address, so a reload or a shared link opens the same board. */
function boardUrl(path: string, shown: BoardState, defaults: { view: BoardView; resource: string; thisWeek: LocalDate; today: LocalDate }): string {
  const params = new URLSearchParams();
  if (shown.view === "day" ? shown.day !== defaults.today : shown.week !== defaults.thisWeek) params.set(shown.view === "day" ? "day" : "week", shown.view === "day" ? shown.day : shown.week);
  if (shown.status) params.set("status", shown.status);
  if (shown.view !== defaults.view) params.set("view", shown.view);
  if (shown.resource !== defaults.resource) params.set("resource", shown.resource || "all");
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function AppointmentsBoard({
  initialWeek,
  initial,
  defaults,
  resources,
  myResource,
  services,
  region,
  readOnly,
  locale,
  t,
}: {
  initialWeek: AppointmentWeek;
  initial: Omit<BoardState, "week" | "status">;
  defaults: { view: BoardView; resource: string };
  resources: ResourceColumn[];
  myResource: { id: string; name: string } | null;
  services: BookableService[];
  region: CountryCode;
  readOnly: boolean;
  locale: UiLocale;
  t: AppointmentsMessages;
}) {
  const queryClient = useQueryClient();
  const [week, setWeek] = useState(initialWeek.weekStart);
  const [day, setDay] = useState(initial.day);
  const [status, setStatus] = useState<AppointmentStatusValue | "">(initialWeek.status ?? "");
  const [view, setView] = useState<BoardView>(initial.view);
  const [resource, setResource] = useState(initial.resource);
  const [selected, setSelected] = useState<AppointmentView | null>(null);
  const { notify } = useToast();
  const { timeZone, thisWeek, today } = initialWeek;

  useEffect(() => {
    const url = boardUrl(window.location.pathname, { week, day, status, view, resource }, { ...defaults, thisWeek, today });
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
  }, [week, day, status, view, resource, defaults, thisWeek, today]);

  const query = useQuery({
    queryKey: ["appointments", week, status],
    queryFn: () => apiRequest<AppointmentWeek>(`/api/appointments?week=${week}${status ? `&status=${status}` : ""}`, "GET"),
    initialData: week === initialWeek.weekStart && status === (initialWeek.status ?? "") ? initialWeek : undefined,
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const all = data?.appointments ?? [];
  const appointments = resource ? all.filter((a) => a.resourceId === resource) : all;
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const current = selected ? (all.find((a) => a.id === selected.id) ?? selected) : null;
  // Everyone: the active ones, and an inactive one only while it still holds appointments on screen.
  const columns = resource ? resources.filter((r) => r.id === resource) : resources.filter((r) => r.active || all.some((a) => a.resourceId === r.id));
  const shownEmpty = view === "day" ? !appointments.some((a) => a.localDate === day) : !appointments.length;

  const goTo = (next: LocalDate) => {
    setDay(next);
    setWeek(mondayOf(next));
  };
  function step(by: -1 | 1) {
    if (view === "day") return goTo(addDays(day, by));
    setWeek(addDays(week, 7 * by));
    setDay(addDays(day, 7 * by));
  }
  function toToday() {
    if (view === "day") return goTo(today);
    setWeek(thisWeek);
    setDay(mondayOf(today) === thisWeek ? today : thisWeek);
  }
  function myDay() {
    if (!myResource) return;
    setResource(myResource.id);
    setView("day");
    goTo(today);
  }

  function changed(appointment: AppointmentView, message: string) {
    setSelected(appointment);
    notify("success", message);
    goTo(appointment.localDate);
    void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    void queryClient.invalidateQueries({ queryKey: ["clients"] });
  }

  const open = (a: AppointmentView) => setSelected(a);
  const grid = data ?? initialWeek;

  return (
    <div className="space-y-6">
      <BoardToolbar
        view={view}
        onView={(v) => {
          setView(v);
          if (v === "day" && mondayOf(day) !== week) setDay(week);
        }}
        onStep={step}
        onToday={toToday}
        atToday={view === "day" ? day === today : week === thisWeek}
        resources={resources}
        resource={resource}
        onResource={setResource}
        status={status}
        onStatus={setStatus}
        myResource={myResource}
        onMyDay={myDay}
        t={t}
      />

      <div>
        <h2 className="text-lg font-semibold" data-testid="week-heading">
          {view === "day" ? formatLongDay(day, locale) : fillMessage(t.weekOf, { date: formatLongDay(week, locale) })}
        </h2>
        {myResource && resource === myResource.id ? <p className="text-sm text-ink-muted">{fillMessage(t.myDayNote, { name: myResource.name })}</p> : null}
        <p className="text-xs text-ink-muted">{fillMessage(t.timeZoneNote, { zone: timeZone })}</p>
        <p role="status" className="text-sm text-ink-muted">
          {query.isFetching ? t.loading : query.isError ? t.loadFailed : shownEmpty ? (view === "day" ? t.noAppointmentsDay : t.noAppointmentsWeek) : ""}
        </p>
      </div>

      {view === "day" ? (
        <DayGrid week={grid} day={day} appointments={appointments} columns={columns} currentId={current?.id ?? null} locale={locale} t={t} onOpen={open} />
      ) : view === "week" ? (
        <WeekGrid week={grid} days={days} appointments={appointments} columns={columns} currentId={current?.id ?? null} locale={locale} t={t} onOpen={open} />
      ) : (
        <table aria-label={t.listTable} className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-ink-muted">
              <th scope="col" className="py-2 pr-4 font-medium">{t.colWhen}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t.colService}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t.colClient}</th>
              {resources.length > 1 ? <th scope="col" className="py-2 pr-4 font-medium">{t.colResource}</th> : null}
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
                {resources.length > 1 ? <td className="py-2 pr-4">{a.resourceName}</td> : null}
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
            resources={resources}
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
            resources={resources}
            preferredResource={resource}
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

"use client";

import type { AppointmentView, AppointmentWeek } from "@/lib/booking/appointment-calendar";
import type { LocalDate } from "@/lib/booking/local-time";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import type { ResourceColumn } from "@/lib/resources/resource-directory";
import { formatDay } from "./appointment-format";
import { ColumnBody, HourAxis, hourSpan, openOn, openText } from "./grid-parts";

/*
 * The week as a calendar: hours down the side, one column per day, and
 * within each day one narrow column per person or room shown (one only when
 * the board is filtered to a resource). Semantically still a list of days,
 * each a list of appointments, so it reads well without the picture.
 */

export function WeekGrid({
  week,
  days,
  appointments,
  columns,
  currentId,
  locale,
  t,
  onOpen,
}: {
  week: AppointmentWeek;
  days: LocalDate[];
  appointments: AppointmentView[];
  /** The resources shown side by side within each day; one means no split. */
  columns: ResourceColumn[];
  currentId: string | null;
  locale: UiLocale;
  t: AppointmentsMessages;
  onOpen: (a: AppointmentView) => void;
}) {
  const { schedule, timeZone } = week;
  const span = hourSpan(schedule, appointments);
  const split = columns.length > 1;
  // Each resource column stays wide enough for a time range: the grid scrolls sideways past that.
  const minWidth = split ? 56 + days.length * columns.length * 60 : 760;

  return (
    // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    <div tabIndex={0} role="region" aria-label={t.weekScroll} className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]" style={{ minWidth }}>
        <div aria-hidden="true" className="border-b border-slate-200 bg-slate-50" />
        {days.map((day) => (
          <div key={day} aria-hidden="true" className={`border-b border-l border-slate-200 ${day === week.today ? "bg-brand-50 text-brand-800" : "bg-slate-50 text-slate-700"}`}>
            <div className="px-2 py-2 text-xs font-semibold uppercase tracking-wide">
              {formatDay(day, locale)}
              {day === week.today ? <span className="ml-1 normal-case">· {t.today}</span> : null}
            </div>
            {split ? (
              <div className="flex border-t border-slate-200 text-[11px] font-medium normal-case">
                {columns.map((c) => (
                  <span key={c.id} className="min-w-0 flex-1 truncate border-l border-slate-200 px-1 py-0.5 first:border-l-0" title={c.name}>
                    {c.name}
                  </span>
                ))}
              </div>
            ) : null}
          </div>
        ))}
        <HourAxis span={span} locale={locale} />
        <ol aria-label={t.weekGrid} className="contents">
          {days.map((day) => {
            const items = appointments.filter((a) => a.localDate === day);
            const dayLabel = formatDay(day, locale);
            const businessOpen = openOn(schedule, day);
            return (
              <li key={day} data-date={day} data-open={businessOpen.length ? "true" : "false"} className="relative flex border-l border-slate-200 bg-slate-100" style={{ height: span.height }}>
                <h3 className="sr-only">
                  {dayLabel} ({openText(businessOpen, locale, t)})
                </h3>
                {(split ? columns : [undefined]).map((c) => {
                  const own = c ? items.filter((a) => a.resourceId === c.id) : items;
                  const label = c ? fillMessage(t.appointmentsOfWith, { day: dayLabel, name: c.name }) : fillMessage(t.appointmentsOf, { day: dayLabel });
                  return (
                    <div key={c?.id ?? "all"} data-resource={c?.name} className="relative min-w-0 flex-1 border-l border-slate-200/70 first:border-l-0">
                      <ColumnBody
                        span={span}
                        open={openOn(schedule, day, c ?? columns[0])}
                        items={own}
                        label={label}
                        timeZone={timeZone}
                        currentId={currentId}
                        locale={locale}
                        t={t}
                        onOpen={onOpen}
                      />
                    </div>
                  );
                })}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

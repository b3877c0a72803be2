"use client";

import type { AppointmentView, AppointmentWeek } from "@/lib/booking/appointment-calendar";
import type { LocalDate } from "@/lib/booking/local-time";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import type { ResourceColumn } from "@/lib/resources/resource-directory";
import { formatLongDay } from "./appointment-format";
import { ColumnBody, HourAxis, hourSpan, openOn, openText } from "./grid-parts";

/*
 * One day with one column per person or room: the salon's or the practice's
 * day side by side, readable on a phone (each column keeps a usable width
 * and the grid scrolls sideways). A list of resources, each a list of its
 * appointments, for screen readers.
 */

export function DayGrid({
  week,
  day,
  appointments,
  columns,
  currentId,
  locale,
  t,
  onOpen,
}: {
  week: AppointmentWeek;
  day: LocalDate;
  appointments: AppointmentView[];
  columns: ResourceColumn[];
  currentId: string | null;
  locale: UiLocale;
  t: AppointmentsMessages;
  onOpen: (a: AppointmentView) => void;
}) {
  const { schedule, timeZone } = week;
  const items = appointments.filter((a) => a.localDate === day);
  const span = hourSpan(schedule, items);
  const dayLabel = formatLongDay(day, locale);
  return (
    <div tabIndex={0} role="region" aria-label={fillMessage(t.dayScroll, { day: dayLabel })} className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <div className="grid" style={{ gridTemplateColumns: `3.5rem repeat(${Math.max(columns.length, 1)}, minmax(9rem, 1fr))` }}>
        <div aria-hidden="true" className="border-b border-slate-200 bg-slate-50" />
        {columns.map((c) => (
          <div key={c.id} aria-hidden="true" className="truncate border-b border-l border-slate-200 bg-slate-50 px-2 py-2 text-xs font-semibold text-slate-700">
            {c.name}
          </div>
        ))}
        <HourAxis span={span} locale={locale} />
        <ol aria-label={fillMessage(t.dayGrid, { day: dayLabel })} className="contents">
          {columns.map((c) => {
            const open = openOn(schedule, day, c);
            return (
              <li key={c.id} data-resource={c.name} data-open={open.length ? "true" : "false"} className="relative border-l border-slate-200 bg-slate-100" style={{ height: span.height }}>
                <h3 className="sr-only">
                  {c.name} ({openText(open, locale, t)})
                </h3>
                <ColumnBody
                  span={span}
                  open={open}
                  items={items.filter((a) => a.resourceId === c.id)}
                  label={fillMessage(t.appointmentsOfWith, { day: dayLabel, name: c.name })}
                  timeZone={timeZone}
                  currentId={currentId}
                  locale={locale}
                  t={t}
                  onOpen={onOpen}
                />
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

"use client";

import type { AppointmentView, AppointmentWeek } from "@/lib/booking/appointment-calendar";
import type { AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import { isoWeekday, type LocalDate } from "@/lib/booking/local-time";
import { formatClock } from "@/lib/i18n/date-input";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { formatDay, formatTimeRange, statusLabel } from "./appointment-format";

/*
 * The week as a calendar: hours down the side, one column per day, each
 * day's opening hours shaded, appointments placed at their time and as tall
 * as they last (overlapping ones side by side). Semantically still a list of
 * days, each a list of appointments, so it reads well without the picture.
 */

const HOUR_PX = 48;
const STATUS_STYLE: Record<AppointmentStatusValue, string> = {
  booked: "border-brand-300 bg-brand-50 text-brand-950",
  completed: "border-green-300 bg-green-50 text-green-950",
  no_show: "border-amber-300 bg-amber-50 text-amber-950",
  cancelled: "border-slate-300 bg-white text-slate-600 line-through",
};

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function closedOn(schedule: AppointmentWeek["schedule"], day: LocalDate): boolean {
  return schedule.closures.some((c) => c.startsOn <= day && day <= c.endsOn);
}

/** Lanes for overlapping appointments of one day: each gets the first lane free at its start. */
function lanes(items: AppointmentView[]): Map<string, { lane: number; of: number }> {
  const sorted = [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const out = new Map<string, { lane: number; of: number }>();
  let group: AppointmentView[] = [];
  let groupEnd = "";
  let laneEnds: string[] = [];
  const flush = () => {
    for (const a of group) out.set(a.id, { lane: out.get(a.id)!.lane, of: laneEnds.length });
    group = [];
    laneEnds = [];
  };
  for (const a of sorted) {
    if (group.length && a.startsAt >= groupEnd) flush();
    let lane = laneEnds.findIndex((end) => end <= a.startsAt);
    if (lane === -1) lane = laneEnds.push(a.endsAt) - 1;
    else laneEnds[lane] = a.endsAt;
    out.set(a.id, { lane, of: 1 });
    group.push(a);
    groupEnd = groupEnd > a.endsAt ? groupEnd : a.endsAt;
  }
  flush();
  return out;
}

export function WeekGrid({
  week,
  days,
  appointments,
  currentId,
  locale,
  t,
  onOpen,
}: {
  week: AppointmentWeek;
  days: LocalDate[];
  appointments: AppointmentView[];
  currentId: string | null;
  locale: UiLocale;
  t: AppointmentsMessages;
  onOpen: (a: AppointmentView) => void;
}) {
  const { schedule, timeZone } = week;
  // The hours shown: the business's day, widened to any appointment outside it; 08:00–18:00 when nothing is known.
  const opens = schedule.hours.map((h) => h.opensAt);
  const closes = schedule.hours.map((h) => h.closesAt);
  const booked = appointments.map((a) => [minutesOf(a.localTime), a.localEndTime === "00:00" ? 1440 : Math.max(minutesOf(a.localEndTime), minutesOf(a.localTime) + 15)]);
  const first = Math.floor(Math.min(8 * 60, ...opens, ...booked.map((b) => b[0]!)) / 60);
  const last = Math.ceil(Math.max(first * 60 + 60, ...(opens.length ? closes : [18 * 60]), ...booked.map((b) => b[1]!)) / 60);
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const top = (minutes: number) => ((minutes - first * 60) / 60) * HOUR_PX;

  return (
    // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    <div tabIndex={0} role="region" aria-label={t.weekScroll} className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <div className="grid min-w-[760px] grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]">
        <div aria-hidden="true" className="border-b border-slate-200 bg-slate-50" />
        {days.map((day) => (
          <div
            key={day}
            aria-hidden="true"
            className={`border-b border-l border-slate-200 px-2 py-2 text-xs font-semibold uppercase tracking-wide ${day === week.today ? "bg-brand-50 text-brand-800" : "bg-slate-50 text-slate-700"}`}
          >
            {formatDay(day, locale)}
            {day === week.today ? <span className="ml-1 normal-case">· {t.today}</span> : null}
          </div>
        ))}
        <div aria-hidden="true" className="relative" style={{ height: hours.length * HOUR_PX }}>
          {hours.map((h) => (
            <span key={h} className="absolute right-1 -translate-y-2 text-[11px] tabular-nums text-slate-600" style={{ top: top(h * 60) }}>
              {h === first ? "" : formatClock(h * 60, locale)}
            </span>
          ))}
        </div>
        <ol aria-label={t.weekGrid} className="contents">
          {days.map((day) => {
            const items = appointments.filter((a) => a.localDate === day);
            const dayLabel = formatDay(day, locale);
            const open = closedOn(schedule, day) ? [] : schedule.hours.filter((h) => h.weekday === isoWeekday(day));
            const placed = lanes(items);
            return (
              <li key={day} data-date={day} data-open={open.length ? "true" : "false"} className="relative border-l border-slate-200 bg-slate-100" style={{ height: hours.length * HOUR_PX }}>
                <h3 className="sr-only">
                  {dayLabel}
                  {open.length ? ` (${open.map((o) => `${formatClock(o.opensAt, locale)} – ${formatClock(o.closesAt, locale)}`).join(", ")})` : ` (${t.closedDay})`}
                </h3>
                {open.map((o) => (
                  <div
                    key={o.opensAt}
                    aria-hidden="true"
                    data-testid="open-hours"
                    className="absolute inset-x-0 bg-white"
                    style={{ top: top(o.opensAt), height: top(o.closesAt) - top(o.opensAt) }}
                  />
                ))}
                {hours.map((h) => (
                  <div key={h} aria-hidden="true" className="pointer-events-none absolute inset-x-0 border-t border-slate-200/70" style={{ top: top(h * 60) }} />
                ))}
                {items.length ? (
                  <ul aria-label={fillMessage(t.appointmentsOf, { day: dayLabel })}>
                    {items.map((a) => {
                      const start = minutesOf(a.localTime);
                      const end = a.localEndTime === "00:00" ? 1440 : Math.max(minutesOf(a.localEndTime), start + 15);
                      const lane = placed.get(a.id) ?? { lane: 0, of: 1 };
                      return (
                        <li
                          key={a.id}
                          className="absolute px-0.5"
                          style={{ top: top(start), height: Math.max(top(end) - top(start), 22), left: `${(lane.lane / lane.of) * 100}%`, width: `${100 / lane.of}%` }}
                        >
                          <button
                            type="button"
                            onClick={() => onOpen(a)}
                            aria-current={currentId === a.id ? "true" : undefined}
                            className={`h-full w-full overflow-hidden rounded-md border px-1.5 py-0.5 text-left text-[11px] leading-tight hover:ring-1 hover:ring-brand-500 aria-[current=true]:ring-2 aria-[current=true]:ring-brand-700 ${STATUS_STYLE[a.status]}`}
                          >
                            <span className="block font-semibold">{formatTimeRange(a.startsAt, a.endsAt, timeZone, locale)}</span>
                            <span className="block truncate">{a.service}</span>
                            <span className="block truncate">{a.clientName}</span>
                            {a.status !== "booked" ? <span className="block">{statusLabel(t, a.status)}</span> : null}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

"use client";

import type { AppointmentView, AppointmentWeek } from "@/lib/booking/appointment-calendar";
import type { AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import { isoWeekday, type LocalDate } from "@/lib/booking/local-time";
import { formatClock } from "@/lib/i18n/date-input";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import type { ResourceColumn } from "@/lib/resources/resource-directory";
import { formatTimeRange, statusLabel } from "./appointment-format";

/*
 * What the week and day calendars share: the hours shown down the side, the
 * open hours shaded in white (a resource's own, within the business's), and
 * appointments placed at their time and as tall as they last, overlapping
 * ones side by side.
 */

export const HOUR_PX = 48;
const STATUS_STYLE: Record<AppointmentStatusValue, string> = {
  booked: "border-brand-300 bg-brand-50 text-brand-950",
  completed: "border-green-300 bg-green-50 text-green-950",
  no_show: "border-amber-300 bg-amber-50 text-amber-950",
  cancelled: "border-slate-300 bg-white text-slate-600 line-through",
};

export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const endOf = (a: AppointmentView) => (a.localEndTime === "00:00" ? 1440 : Math.max(minutesOf(a.localEndTime), minutesOf(a.localTime) + 15));

export interface HourSpan {
  first: number;
  hours: number[];
  top: (minutes: number) => number;
  height: number;
}

/** The hours shown: the business's day, widened to any appointment outside it; 08:00–18:00 when nothing is known. */
export function hourSpan(schedule: AppointmentWeek["schedule"], appointments: AppointmentView[]): HourSpan {
  const opens = schedule.hours.map((h) => h.opensAt);
  const closes = schedule.hours.map((h) => h.closesAt);
  const booked = appointments.map((a) => [minutesOf(a.localTime), endOf(a)] as const);
  const first = Math.floor(Math.min(8 * 60, ...opens, ...booked.map((b) => b[0])) / 60);
  const last = Math.ceil(Math.max(first * 60 + 60, ...(opens.length ? closes : [18 * 60]), ...booked.map((b) => b[1])) / 60);
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  return { first, hours, top: (minutes) => ((minutes - first * 60) / 60) * HOUR_PX, height: hours.length * HOUR_PX };
}

/**
 * Open intervals of a day: the business's (none on a closure), narrowed to a
 * resource's own week and days off when one is given.
 */
export function openOn(schedule: AppointmentWeek["schedule"], day: LocalDate, resource?: ResourceColumn): Array<{ opensAt: number; closesAt: number }> {
  const weekday = isoWeekday(day);
  if (schedule.closures.some((c) => c.startsOn <= day && day <= c.endsOn)) return [];
  const business = schedule.hours.filter((h) => h.weekday === weekday);
  if (!resource) return business;
  if (resource.closures.some((c) => c.startsOn <= day && day <= c.endsOn)) return [];
  return resource.hours ? resource.hours.filter((h) => h.weekday === weekday) : business;
}

/** Lanes for overlapping appointments: each gets the first lane free at its start. */
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

/** The hour labels down the side. */
export function HourAxis({ span, locale }: { span: HourSpan; locale: UiLocale }) {
  return (
    <div aria-hidden="true" className="relative" style={{ height: span.height }}>
      {span.hours.map((h) => (
        <span key={h} className="absolute right-1 -translate-y-2 whitespace-nowrap text-[11px] tabular-nums text-slate-600" style={{ top: span.top(h * 60) }}>
          {h === span.first ? "" : formatClock(h * 60, locale)}
        </span>
      ))}
    </div>
  );
}

/** One column's background (open hours, hour lines) and its appointments; `label` names the list for screen readers. */
export function ColumnBody({
  span,
  open,
  items,
  label,
  timeZone,
  currentId,
  locale,
  t,
  onOpen,
}: {
  span: HourSpan;
  open: Array<{ opensAt: number; closesAt: number }>;
  items: AppointmentView[];
  label: string;
  timeZone: string;
  currentId: string | null;
  locale: UiLocale;
  t: AppointmentsMessages;
  onOpen: (a: AppointmentView) => void;
}) {
  const placed = lanes(items);
  return (
    <>
      {open.map((o) => (
        <div
          key={o.opensAt}
          aria-hidden="true"
          data-testid="open-hours"
          className="absolute inset-x-0 bg-white"
          style={{ top: span.top(o.opensAt), height: span.top(o.closesAt) - span.top(o.opensAt) }}
        />
      ))}
      {span.hours.map((h) => (
        <div key={h} aria-hidden="true" className="pointer-events-none absolute inset-x-0 border-t border-slate-200/70" style={{ top: span.top(h * 60) }} />
      ))}
      {items.length ? (
        <ul aria-label={label}>
          {items.map((a) => {
            const start = minutesOf(a.localTime);
            const lane = placed.get(a.id) ?? { lane: 0, of: 1 };
            return (
              <li
                key={a.id}
                className="absolute px-0.5"
                style={{ top: span.top(start), height: Math.max(span.top(endOf(a)) - span.top(start), 22), left: `${(lane.lane / lane.of) * 100}%`, width: `${100 / lane.of}%` }}
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
    </>
  );
}

/** "09:00 – 12:00, 14:00 – 18:00", or "closed". */
export function openText(open: Array<{ opensAt: number; closesAt: number }>, locale: UiLocale, t: AppointmentsMessages): string {
  return open.length ? open.map((o) => `${formatClock(o.opensAt, locale)} – ${formatClock(o.closesAt, locale)}`).join(", ") : t.closedDay;
}

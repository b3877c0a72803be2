"use client";

import { TimeField } from "@/components/forms/date-time-fields";
import { secondaryButtonClass } from "@/components/forms/fields";
import { Switch } from "@/components/ui/switch";
import { formatTimeInput } from "@/lib/i18n/date-input";
import { fillMessage } from "@/lib/i18n/messages";
import type { ResourcesMessages } from "@/lib/i18n/resources-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { businessDayHours, weekdayName, type BusinessInterval } from "@/lib/resources/resource-schemas";

/*
 * A resource's week: each day on or off, with as many intervals as it needs
 * (the gap between two is a break), the business's own hours of that day
 * shown next to it, since the resource's must fit inside them.
 */

export type Interval = { opens: string; closes: string };
export type Day = { works: boolean; intervals: Interval[] };

const pad = (n: number) => String(n).padStart(2, "0");
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** The stored week, or (for a resource on the business's hours) the business's week to start editing from. */
export function weekOf(hours: Array<{ weekday: number; opens: string; closes: string }> | null, business: BusinessInterval[]): Day[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => {
    const own = hours?.filter((h) => h.weekday === weekday).map((h) => ({ opens: h.opens, closes: h.closes }));
    const open = business.filter((b) => b.weekday === weekday).map((b) => ({ opens: clock(b.opensAt), closes: clock(b.closesAt) }));
    const intervals = own ?? open;
    return { works: intervals.length > 0, intervals: intervals.length ? intervals : [{ opens: "09:00", closes: "17:00" }] };
  });
}

export function weekHours(week: Day[]) {
  return week.flatMap((d, i) => (d.works ? d.intervals.map((iv) => ({ weekday: i + 1, ...iv })) : []));
}

export function WeekFields({
  week,
  business,
  readOnly,
  locale,
  t,
  error,
  onDay,
}: {
  week: Day[];
  business: BusinessInterval[];
  readOnly: boolean;
  locale: UiLocale;
  t: ResourcesMessages;
  /** The field error of one interval's control, if any. */
  error: (day: number, slot: number, key: "opens" | "closes") => string | null;
  onDay: (day: number, change: (d: Day) => Day) => void;
}) {
  return (
    <ul aria-label={t.hoursHeading} className="divide-y divide-slate-200 rounded-xl ring-1 ring-slate-200">
      {week.map((d, day) => {
        const weekday = day + 1;
        const dayName = weekdayName(t, weekday);
        const switchId = `resource-day-${day}`;
        const open = businessDayHours(business, weekday);
        return (
          <li key={day} data-weekday={weekday} className="flex flex-wrap items-start gap-x-6 gap-y-3 p-3">
            <div className="w-44 pt-1">
              <div className="flex items-center gap-3">
                <Switch id={switchId} checked={d.works} disabled={readOnly} labelledBy={`${switchId}-label`} onCheckedChange={(works) => onDay(day, (x) => ({ ...x, works }))} />
                <label id={`${switchId}-label`} htmlFor={switchId} className="text-sm font-medium">
                  <span className="sr-only">{fillMessage(t.dayWorks, { day: dayName })}</span>
                  <span aria-hidden="true">{dayName}</span>
                </label>
              </div>
              <p className="mt-1 text-xs text-ink-muted">{open ? fillMessage(t.businessDay, { hours: open }) : t.businessClosed}</p>
            </div>
            {d.works ? (
              <div className="flex flex-1 flex-col gap-2">
                {d.intervals.map((iv, slot) => {
                  const nth = slot + 1;
                  const setInterval = (change: Partial<Interval>) => onDay(day, (x) => ({ ...x, intervals: x.intervals.map((v, i) => (i === slot ? { ...v, ...change } : v)) }));
                  return (
                    <div key={slot} className="flex flex-wrap items-start gap-2">
                      <div className="w-32">
                        <TimeField
                          id={`resource-hours-${day}-${slot}-opens`}
                          label={nth === 1 ? fillMessage(t.opensLabel, { day: dayName }) : fillMessage(t.opensNth, { day: dayName, n: nth })}
                          name={`opens-${day}-${slot}`}
                          value={iv.opens}
                          locale={locale}
                          disabled={readOnly}
                          onChange={(opens) => setInterval({ opens })}
                          error={error(day, slot, "opens")}
                        />
                      </div>
                      <div className="w-32">
                        <TimeField
                          id={`resource-hours-${day}-${slot}-closes`}
                          label={nth === 1 ? fillMessage(t.closesLabel, { day: dayName }) : fillMessage(t.closesNth, { day: dayName, n: nth })}
                          name={`closes-${day}-${slot}`}
                          value={iv.closes}
                          locale={locale}
                          disabled={readOnly}
                          onChange={(closes) => setInterval({ closes })}
                          error={error(day, slot, "closes")}
                        />
                      </div>
                      {readOnly || d.intervals.length === 1 ? null : (
                        <button
                          type="button"
                          className={`${secondaryButtonClass} mt-6`}
                          aria-label={fillMessage(t.removeInterval, { day: dayName, from: formatTimeInput(iv.opens, locale), to: formatTimeInput(iv.closes, locale) })}
                          onClick={() => onDay(day, (x) => ({ ...x, intervals: x.intervals.filter((_, i) => i !== slot) }))}
                        >
                          <span aria-hidden="true">×</span>
                        </button>
                      )}
                    </div>
                  );
                })}
                {readOnly || d.intervals.length >= 4 ? null : (
                  <button
                    type="button"
                    className="self-start text-sm font-medium text-brand-800 underline-offset-2 hover:underline"
                    aria-label={fillMessage(t.addIntervalTo, { day: dayName })}
                    onClick={() =>
                      onDay(day, (x) => {
                        const start = Math.min(Number(x.intervals.at(-1)!.closes.slice(0, 2)) + 1, 22);
                        return { ...x, intervals: [...x.intervals, { opens: `${pad(start)}:00`, closes: `${pad(Math.min(start + 2, 23))}:00` }] };
                      })
                    }
                  >
                    + {t.addInterval}
                  </button>
                )}
              </div>
            ) : (
              <p className="pt-1 text-sm text-slate-600">{t.off}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

"use client";

import { secondaryButtonClass } from "@/components/forms/fields";
import { APPOINTMENT_STATUSES, type AppointmentStatusValue } from "@/lib/booking/appointment-schemas";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { ResourceColumn } from "@/lib/resources/resource-directory";
import { statusLabel } from "./appointment-format";

/*
 * The board's controls: step by day or by week, "My day" for a member with a
 * diary of their own, and the filters (person or room, status) and views.
 */

export type BoardView = "day" | "week" | "list";
const VIEWS: BoardView[] = ["day", "week", "list"];

export function BoardToolbar({
  view,
  onView,
  onStep,
  onToday,
  atToday,
  resources,
  resource,
  onResource,
  status,
  onStatus,
  myResource,
  onMyDay,
  t,
}: {
  view: BoardView;
  onView: (view: BoardView) => void;
  /** One day (day view) or one week back or forward. */
  onStep: (by: -1 | 1) => void;
  onToday: () => void;
  atToday: boolean;
  resources: ResourceColumn[];
  resource: string;
  onResource: (id: string) => void;
  status: AppointmentStatusValue | "";
  onStatus: (status: AppointmentStatusValue | "") => void;
  myResource: { id: string; name: string } | null;
  onMyDay: () => void;
  t: AppointmentsMessages;
}) {
  const byDay = view === "day";
  const onMine = !!myResource && byDay && atToday && resource === myResource.id;
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <nav aria-label={byDay ? t.dayNav : t.weekNav} className="flex flex-wrap items-center gap-2">
        <button type="button" className={secondaryButtonClass} onClick={() => onStep(-1)}>
          <span aria-hidden="true" className="mr-1">
            ←
          </span>
          {byDay ? t.previousDay : t.previousWeek}
        </button>
        <button type="button" className={secondaryButtonClass} aria-current={atToday ? "true" : undefined} onClick={onToday}>
          {byDay ? t.todayButton : t.thisWeek}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => onStep(1)}>
          {byDay ? t.nextDay : t.nextWeek}
          <span aria-hidden="true" className="ml-1">
            →
          </span>
        </button>
        {myResource ? (
          onMine ? (
            <button type="button" className={secondaryButtonClass} onClick={() => onResource("")}>
              {t.seeEveryone}
            </button>
          ) : (
            <button type="button" className={secondaryButtonClass} onClick={onMyDay}>
              {t.myDay}
            </button>
          )
        ) : null}
      </nav>
      <div className="flex flex-wrap items-end gap-3">
        {resources.length > 1 ? (
          <div>
            <label htmlFor="appointment-resource-filter" className="block text-sm font-medium">
              {t.resourceFilter}
            </label>
            <select
              id="appointment-resource-filter"
              value={resource}
              onChange={(e) => onResource(e.target.value)}
              className="mt-1 max-w-[12rem] rounded-lg border border-slate-300 px-2 py-2 text-sm"
            >
              <option value="">{t.allResources}</option>
              {resources.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.active ? r.name : fillMessage(t.inactiveResource, { name: r.name })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor="appointment-status-filter" className="block text-sm font-medium">
            {t.statusFilter}
          </label>
          <select
            id="appointment-status-filter"
            value={status}
            onChange={(e) => onStatus(e.target.value as AppointmentStatusValue | "")}
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
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => onView(v)}
              className={`${secondaryButtonClass} aria-pressed:bg-brand-700 aria-pressed:text-white`}
            >
              {v === "day" ? t.dayView : v === "week" ? t.weekView : t.listView}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}

"use client";

import { secondaryButtonClass } from "@/components/forms/fields";
import { DateField, TimeField } from "@/components/forms/date-time-fields";
import type { SlotOffer } from "@/lib/booking/appointment-calendar";
import { fillMessage } from "@/lib/i18n/messages";
import type { AppointmentsMessages } from "@/lib/i18n/appointments-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { formatWhen } from "./appointment-format";
import type { RequestFailure } from "./appointment-requests";

/** Why a time was refused, in the page's language, with the nearest free times to pick from. */
export function SlotRefusal({
  failure,
  timeZone,
  locale,
  t,
  onPick,
  withResource = false,
}: {
  failure: RequestFailure | null;
  timeZone: string;
  locale: UiLocale;
  t: AppointmentsMessages;
  onPick: (offer: SlotOffer) => void;
  /** Name who is free at each offered time (a workspace with several people or rooms). */
  withResource?: boolean;
}) {
  if (!failure?.reason) return null;
  const reason = failure.reason === "taken" ? t.refusedTaken : failure.reason === "past" ? t.refusedPast : t.refusedClosed;
  const offers = failure.alternatives ?? [];
  return (
    <div role="alert" className="space-y-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p className="font-medium">{reason}</p>
      {offers.length ? (
        <>
          <p>{t.alternatives}</p>
          <ul aria-label={t.alternatives} className="flex flex-wrap gap-2">
            {offers.map((offer) => {
              const when = formatWhen(offer.startsAt, timeZone, locale);
              return (
                <li key={`${offer.startsAt}-${offer.resourceId}`}>
                  <button type="button" className={secondaryButtonClass} onClick={() => onPick(offer)}>
                    {withResource ? fillMessage(t.useAlternativeWith, { when, name: offer.resourceName }) : fillMessage(t.useAlternative, { when })}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p>{t.noAlternatives}</p>
      )}
    </div>
  );
}

/** The date and time of a booking or a move; picking an offered free time fills both (and who, when asked) and clears the refusal. */
export function SlotFields({
  idPrefix,
  date,
  time,
  onDate,
  onTime,
  failure,
  onFailure,
  timeZone,
  locale,
  t,
  onResource,
}: {
  idPrefix: string;
  date: string;
  time: string;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
  failure: RequestFailure | null;
  onFailure: (failure: RequestFailure | null) => void;
  timeZone: string;
  locale: UiLocale;
  t: AppointmentsMessages;
  /** Given when the form chooses a person or room: an offer picked sets it too. */
  onResource?: (resourceId: string) => void;
}) {
  const fieldError = (field: string) => (failure?.field === field && !failure.reason ? failure.message : null);
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <DateField id={`${idPrefix}-date`} label={t.date} name="date" value={date} onChange={onDate} locale={locale} error={fieldError("date")} />
        <TimeField id={`${idPrefix}-time`} label={t.time} name="time" value={time} onChange={onTime} locale={locale} error={fieldError("time")} />
      </div>
      <SlotRefusal
        failure={failure}
        timeZone={timeZone}
        locale={locale}
        t={t}
        withResource={!!onResource}
        onPick={(offer) => {
          onDate(offer.localDate);
          onTime(offer.localTime);
          onResource?.(offer.resourceId);
          onFailure(null);
        }}
      />
    </>
  );
}

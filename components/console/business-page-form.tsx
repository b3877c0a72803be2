"use client";

import type { CountryCode } from "libphonenumber-js";
import { useState, type FormEvent } from "react";
import { DateField, TimeField } from "@/components/forms/date-time-fields";
import { FormError, TextAreaField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Switch } from "@/components/ui/switch";
import { displayPhone } from "@/lib/channels/phone-number";
import { formatTimeInput } from "@/lib/i18n/date-input";
import { fillMessage } from "@/lib/i18n/messages";
import type { BusinessMessages } from "@/lib/i18n/business-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import type { BusinessSettings } from "@/lib/settings/business-settings";
import { CONSOLE_LANGUAGES, WEEKDAYS, businessPageSchema } from "@/lib/settings/settings-schemas";
import { useConsoleMutation } from "./use-console-mutation";

/*
 * The Business page as one form with one Save: the profile, the week (each
 * day open or closed, with as many opening intervals as it needs: a split
 * day, a late opening, a single stretch) and the closures. Nothing is sent
 * until Save; the server stores it all in one transaction.
 */

const WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
type Interval = { opens: string; closes: string };
type Day = { open: boolean; intervals: Interval[] };
type Closure = { key: string; id?: string; startsOn: string; endsOn: string; reason: string };

let closureKeys = 0;

function weekOf(hours: BusinessSettings["hours"]): Day[] {
  return WEEKDAYS.map((weekday) => {
    const intervals = hours.filter((h) => h.weekday === weekday).map((h) => ({ opens: h.opens, closes: h.closes }));
    return { open: intervals.length > 0, intervals: intervals.length ? intervals : [{ opens: "09:00", closes: "17:00" }] };
  });
}

export function BusinessPageForm({
  settings,
  region,
  timezones,
  readOnly,
  locale,
  t,
}: {
  settings: BusinessSettings;
  region: CountryCode;
  timezones: string[];
  readOnly: boolean;
  locale: UiLocale;
  t: BusinessMessages;
}) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const [week, setWeek] = useState<Day[]>(() => weekOf(settings.hours));
  const [closures, setClosures] = useState<Closure[]>(() => settings.closures.map((c) => ({ key: c.id, ...c })));
  const [dirty, setDirty] = useState(false);

  const updateDay = (index: number, change: (day: Day) => Day) => {
    setDirty(true);
    setWeek((current) => current.map((d, i) => (i === index ? change(d) : d)));
  };
  const updateClosure = (key: string, change: Partial<Closure>) => {
    setDirty(true);
    setClosures((current) => current.map((c) => (c.key === key ? { ...c, ...change } : c)));
  };

  // The server names a field "week.hours.<n>.<opens|closes>", n counting the open intervals in order.
  const flatIndex: Array<{ day: number; slot: number }> = [];
  week.forEach((d, day) => {
    if (d.open) d.intervals.forEach((_, slot) => flatIndex.push({ day, slot }));
  });
  const hourError = (day: number, slot: number, key: "opens" | "closes") => {
    const match = /^week\.hours\.(\d+)\.(opens|closes)$/.exec(m.failure?.field ?? "");
    if (!match) return null;
    const at = flatIndex[Number(match[1])];
    return at && at.day === day && at.slot === slot && match[2] === key ? m.failure!.message : null;
  };
  const closureError = (index: number, key: string) => (m.failure?.field === `closures.${index}.${key}` ? m.failure.message : null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      profile: {
        businessName: String(form.get("businessName") ?? ""),
        address: String(form.get("address") ?? ""),
        timezone: String(form.get("timezone") ?? ""),
        languages: form.getAll("languages").map(String),
        transferPhone: String(form.get("transferPhone") ?? ""),
        directions: String(form.get("directions") ?? ""),
        emergencyNumber: String(form.get("emergencyNumber") ?? ""),
      },
      week: { hours: week.flatMap((d, i) => (d.open ? d.intervals.map((iv) => ({ weekday: WEEKDAYS[i]!, ...iv })) : [])) },
      closures: closures.map(({ id, startsOn, endsOn, reason }) => ({ ...(id ? { id } : {}), startsOn, endsOn, reason })),
    };
    if (await m.run({ url: "/api/settings/business", method: "PUT", body, schema: businessPageSchema(region), done: t.pageSaved })) setDirty(false);
  }

  const profileError = (field: string) => m.fieldError(`profile.${field}`);
  const known = /^(profile\.|week\.hours\.\d+\.|closures\.\d+\.)/;
  const stray = m.failure && !(m.failure.field && known.test(m.failure.field)) ? m.failure.message : null;

  return (
    <form onSubmit={onSubmit} onChange={() => setDirty(true)} noValidate aria-label={t.pageForm} className="space-y-10">
      <FormError message={stray} />
      <fieldset disabled={readOnly} className="space-y-10">
        <section aria-labelledby="profile-heading" className="max-w-xl space-y-4">
          <h2 id="profile-heading" className="text-lg font-semibold">
            {t.profileHeading}
          </h2>
          <TextField label={t.businessName} name="businessName" defaultValue={settings.businessName} required error={profileError("businessName")} />
          <TextField label={t.address} name="address" defaultValue={settings.address} error={profileError("address")} />
          <TextField
            label={t.timezone}
            name="timezone"
            list="timezone-options"
            autoComplete="off"
            defaultValue={settings.timezone}
            error={profileError("timezone")}
            hint={t.timezoneSearchHint}
          />
          <datalist id="timezone-options">
            {timezones.map((tz) => (
              <option key={tz} value={tz} />
            ))}
          </datalist>
          <TextField
            label={t.transferPhone}
            name="transferPhone"
            type="tel"
            defaultValue={displayPhone(settings.transferPhone, region)}
            error={profileError("transferPhone")}
            hint={t.transferPhoneHint}
          />
          <TextAreaField label={t.directions} name="directions" rows={2} defaultValue={settings.directions} error={profileError("directions")} hint={t.directionsHint} />
          <TextField
            label={t.emergencyNumber}
            name="emergencyNumber"
            type="tel"
            defaultValue={settings.emergencyNumber ? displayPhone(settings.emergencyNumber, region) : ""}
            error={profileError("emergencyNumber")}
            hint={fillMessage(t.emergencyNumberHint, { numbers: settings.regionEmergencyNumbers.join(", ") })}
          />
          <fieldset aria-describedby={profileError("languages") ? "languages-error" : undefined}>
            <legend className="text-sm font-medium text-ink">{t.languages}</legend>
            <div className="mt-1 flex gap-4">
              {CONSOLE_LANGUAGES.map((lang) => (
                <label key={lang} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="languages" value={lang} defaultChecked={settings.languages.includes(lang)} />
                  {lang === "fr" ? t.french : t.english}
                </label>
              ))}
            </div>
            {profileError("languages") ? (
              <p id="languages-error" role="alert" className="mt-1 text-sm text-red-700">
                {profileError("languages")}
              </p>
            ) : null}
          </fieldset>
        </section>

        <section aria-labelledby="hours-heading" className="max-w-3xl space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <h2 id="hours-heading" className="text-lg font-semibold">
              {t.hoursHeading}
            </h2>
            {readOnly ? null : (
              <button
                type="button"
                className={secondaryButtonClass}
                onClick={() => {
                  setDirty(true);
                  setWeek((current) => current.map((d, i) => (i >= 1 && i <= 4 ? { open: current[0]!.open, intervals: current[0]!.intervals.map((iv) => ({ ...iv })) } : d)));
                }}
              >
                {t.copyToWeekdays}
              </button>
            )}
          </div>
          <ul aria-label={t.hoursForm} className="divide-y divide-slate-200 rounded-xl ring-1 ring-slate-200">
            {week.map((d, day) => {
              const dayName = t[WEEKDAY_KEYS[day]!];
              const switchId = `day-open-${day}`;
              return (
                <li key={day} data-weekday={day + 1} className="flex flex-wrap items-start gap-x-6 gap-y-3 p-3">
                  <div className="flex w-44 items-center gap-3 pt-1">
                    <Switch
                      id={switchId}
                      checked={d.open}
                      disabled={readOnly}
                      labelledBy={`${switchId}-label`}
                      onCheckedChange={(open) => updateDay(day, (x) => ({ ...x, open }))}
                    />
                    <label id={`${switchId}-label`} htmlFor={switchId} className="text-sm font-medium">
                      <span className="sr-only">{fillMessage(t.dayOpen, { day: dayName })}</span>
                      <span aria-hidden="true">{dayName}</span>
                    </label>
                  </div>
                  {d.open ? (
                    <div className="flex flex-1 flex-col gap-2">
                      {d.intervals.map((iv, slot) => {
                        const nth = slot + 1;
                        return (
                          <div key={slot} className="flex flex-wrap items-start gap-2">
                            <div className="w-32">
                              <TimeField
                                id={`hours-${day}-${slot}-opens`}
                                label={nth === 1 ? fillMessage(t.opensLabel, { day: dayName }) : fillMessage(t.opensNth, { day: dayName, n: nth })}
                                name={`opens-${day}-${slot}`}
                                value={iv.opens}
                                locale={locale}
                                onChange={(opens) => updateDay(day, (x) => ({ ...x, intervals: x.intervals.map((v, i) => (i === slot ? { ...v, opens } : v)) }))}
                                error={hourError(day, slot, "opens")}
                              />
                            </div>
                            <div className="w-32">
                              <TimeField
                                id={`hours-${day}-${slot}-closes`}
                                label={nth === 1 ? fillMessage(t.closesLabel, { day: dayName }) : fillMessage(t.closesNth, { day: dayName, n: nth })}
                                name={`closes-${day}-${slot}`}
                                value={iv.closes}
                                locale={locale}
                                onChange={(closes) => updateDay(day, (x) => ({ ...x, intervals: x.intervals.map((v, i) => (i === slot ? { ...v, closes } : v)) }))}
                                error={hourError(day, slot, "closes")}
                              />
                            </div>
                            {readOnly || d.intervals.length === 1 ? null : (
                              <button
                                type="button"
                                className={`${secondaryButtonClass} mt-6`}
                                aria-label={fillMessage(t.removeHours, { day: dayName, from: formatTimeInput(iv.opens, locale), to: formatTimeInput(iv.closes, locale) })}
                                onClick={() => updateDay(day, (x) => ({ ...x, intervals: x.intervals.filter((_, i) => i !== slot) }))}
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
                          aria-label={fillMessage(t.addHoursTo, { day: dayName })}
                          onClick={() =>
                            updateDay(day, (x) => {
                              const last = x.intervals.at(-1)!;
                              const start = Math.min(Number(last.closes.slice(0, 2)) + 1, 22);
                              const pad = (n: number) => String(n).padStart(2, "0");
                              return { ...x, intervals: [...x.intervals, { opens: `${pad(start)}:00`, closes: `${pad(Math.min(start + 2, 23))}:00` }] };
                            })
                          }
                        >
                          + {t.addHours}
                        </button>
                      )}
                    </div>
                  ) : (
                    <p className="pt-1 text-sm text-slate-600">{t.closedAllDay}</p>
                  )}
                </li>
              );
            })}
          </ul>
        </section>

        <section aria-labelledby="closures-heading" className="max-w-3xl space-y-3">
          <h2 id="closures-heading" className="text-lg font-semibold">
            {t.closuresHeading}
          </h2>
          {closures.length === 0 ? <p className="text-sm text-slate-600">{t.noClosures}</p> : null}
          <ul aria-label={t.closuresList} className="space-y-3">
            {closures.map((c, index) => (
              <li key={c.key} aria-label={fillMessage(t.closureRow, { n: index + 1 })} className="grid gap-3 rounded-lg p-3 ring-1 ring-slate-200 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-start">
                <DateField id={`closure-${c.key}-from`} label={t.firstDay} name={`closure-${index}-from`} value={c.startsOn} locale={locale} onChange={(startsOn) => updateClosure(c.key, { startsOn })} error={closureError(index, "startsOn")} />
                <DateField id={`closure-${c.key}-to`} label={t.lastDay} name={`closure-${index}-to`} value={c.endsOn} locale={locale} onChange={(endsOn) => updateClosure(c.key, { endsOn })} error={closureError(index, "endsOn")} />
                <TextField id={`closure-${c.key}-reason`} label={t.reason} name={`closure-${index}-reason`} value={c.reason} onChange={(e) => updateClosure(c.key, { reason: e.target.value })} error={closureError(index, "reason")} />
                {readOnly ? null : (
                  <button
                    type="button"
                    className={`${secondaryButtonClass} sm:mt-6`}
                    onClick={() => {
                      setDirty(true);
                      setClosures((current) => current.filter((x) => x.key !== c.key));
                    }}
                  >
                    {t.remove}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {readOnly ? null : (
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => {
                setDirty(true);
                setClosures((current) => [...current, { key: `new-${++closureKeys}`, startsOn: "", endsOn: "", reason: "" }]);
              }}
            >
              + {t.newClosure}
            </button>
          )}
        </section>
      </fieldset>
      {readOnly ? null : (
        <div className="sticky bottom-0 z-10 -mx-4 flex items-center gap-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6 lg:-mx-10 lg:px-10">
          <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
            {t.save}
          </button>
          {dirty ? <span className="text-sm text-slate-700">{t.unsaved}</span> : null}
        </div>
      )}
    </form>
  );
}

"use client";

import { useState, type FormEvent } from "react";
import type { CountryCode } from "libphonenumber-js";
import { FormError, TextAreaField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import {
  CONSOLE_LANGUAGES,
  WEEKDAYS,
  businessProfileSchema,
  closureSchema,
  openingHoursSchema,
} from "@/lib/settings/settings-schemas";
import type { BusinessSettings } from "@/lib/settings/business-settings";
import { fillMessage } from "@/lib/i18n/messages";
import type { BusinessMessages } from "@/lib/i18n/console-messages";
import { SavedStatus, useConsoleMutation } from "./use-console-mutation";

const WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

export function BusinessProfileForm({ settings, region, readOnly, t }: { settings: BusinessSettings; region: CountryCode; readOnly: boolean; t: BusinessMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      businessName: String(form.get("businessName") ?? ""),
      address: String(form.get("address") ?? ""),
      timezone: String(form.get("timezone") ?? ""),
      languages: form.getAll("languages").map(String),
      transferPhone: String(form.get("transferPhone") ?? ""),
      directions: String(form.get("directions") ?? ""),
      emergencyNumber: String(form.get("emergencyNumber") ?? ""),
    };
    await m.run({ url: "/api/settings/business", method: "PATCH", body, schema: businessProfileSchema(region), done: t.profileSaved });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t.profileForm} className="space-y-4">
      <fieldset disabled={readOnly} className="space-y-4">
        <FormError message={m.formError} />
        <TextField label={t.businessName} name="businessName" defaultValue={settings.businessName} required error={m.fieldError("businessName")} />
        <TextField label={t.address} name="address" defaultValue={settings.address} error={m.fieldError("address")} />
        <TextField label={t.timezone} name="timezone" defaultValue={settings.timezone} error={m.fieldError("timezone")} hint={t.timezoneHint} />
        <TextField
          label={t.transferPhone}
          name="transferPhone"
          type="tel"
          defaultValue={settings.transferPhone ?? ""}
          error={m.fieldError("transferPhone")}
          hint={t.transferPhoneHint}
        />
        <TextAreaField label={t.directions} name="directions" rows={2} defaultValue={settings.directions} error={m.fieldError("directions")} hint={t.directionsHint} />
        <TextField
          label={t.emergencyNumber}
          name="emergencyNumber"
          type="tel"
          defaultValue={settings.emergencyNumber ?? ""}
          error={m.fieldError("emergencyNumber")}
          hint={fillMessage(t.emergencyNumberHint, { numbers: settings.regionEmergencyNumbers.join(", ") })}
        />
        <fieldset aria-describedby={m.fieldError("languages") ? "languages-error" : undefined}>
          <legend className="text-sm font-medium text-ink">{t.languages}</legend>
          <div className="mt-1 flex gap-4">
            {CONSOLE_LANGUAGES.map((lang) => (
              <label key={lang} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="languages" value={lang} defaultChecked={settings.languages.includes(lang)} />
                {lang === "fr" ? t.french : t.english}
              </label>
            ))}
          </div>
          {m.fieldError("languages") ? (
            <p id="languages-error" role="alert" className="mt-1 text-sm text-red-700">
              {m.fieldError("languages")}
            </p>
          ) : null}
        </fieldset>
      </fieldset>
      {readOnly ? null : (
        <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
          {t.saveProfile}
        </button>
      )}
      <SavedStatus text={m.status} />
    </form>
  );
}

type Interval = { opens: string; closes: string };

function daysFrom(hours: BusinessSettings["hours"]): Interval[][] {
  return WEEKDAYS.map((d) => {
    const list = hours.filter((h) => h.weekday === d).map((h) => ({ opens: h.opens, closes: h.closes }));
    while (list.length < 2) list.push({ opens: "", closes: "" });
    return list;
  });
}

/** Each weekday has up to two intervals; the gap between them is the break. Empty means closed. */
export function OpeningHoursForm({ hours, readOnly, t }: { hours: BusinessSettings["hours"]; readOnly: boolean; t: BusinessMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const [days, setDays] = useState(() => daysFrom(hours));
  // Index in the submitted `hours` array → the control it came from, to place server errors.
  const [positions, setPositions] = useState<Array<[number, number]>>([]);

  function set(day: number, slot: number, key: keyof Interval, value: string) {
    setDays((prev) => prev.map((d, i) => (i !== day ? d : d.map((s, j) => (j !== slot ? s : { ...s, [key]: value })))));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body: { hours: Array<{ weekday: number; opens: string; closes: string }> } = { hours: [] };
    const pos: Array<[number, number]> = [];
    days.forEach((d, day) =>
      d.forEach((s, slot) => {
        if (!s.opens && !s.closes) return;
        body.hours.push({ weekday: day + 1, opens: s.opens, closes: s.closes });
        pos.push([day, slot]);
      }),
    );
    setPositions(pos);
    await m.run({ url: "/api/settings/hours", method: "PUT", body, schema: openingHoursSchema, done: t.hoursSaved });
  }

  function errorFor(day: number, slot: number, key: keyof Interval) {
    const index = positions.findIndex(([d, s]) => d === day && s === slot);
    return index >= 0 ? m.fieldError(`hours.${index}.${key}`) : null;
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t.hoursForm} className="space-y-3">
      <FormError message={m.formError} />
      <fieldset disabled={readOnly} className="min-w-0">
        {/* Four time inputs per row do not fit a phone: the table scrolls, not the page. */}
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-ink-muted">
                <th scope="col" className="py-1">
                  {t.day}
                </th>
                <th scope="col">{t.morning}</th>
                <th scope="col">{t.afterBreak}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d, day) => (
                <tr key={day} className="border-t border-slate-100">
                  <th scope="row" className="py-2 pr-3 text-left font-medium">
                    {t[WEEKDAY_KEYS[day]!]}
                  </th>
                  {d.map((s, slot) => (
                    <td key={slot} className="py-2 pr-3">
                      <div className="flex items-center gap-1">
                        {(["opens", "closes"] as const).map((key) => {
                          const template = slot === 0 ? (key === "opens" ? t.opensLabel : t.closesLabel) : key === "opens" ? t.breakOpensLabel : t.breakClosesLabel;
                          const label = fillMessage(template, { day: t[WEEKDAY_KEYS[day]!] });
                          const error = errorFor(day, slot, key);
                          return (
                            <span key={key} className="flex flex-col">
                              <input
                                type="time"
                                aria-label={label}
                                value={s[key]}
                                onChange={(e) => set(day, slot, key, e.target.value)}
                                aria-invalid={error ? true : undefined}
                                className="rounded border border-slate-300 px-1 py-1 aria-invalid:border-red-600"
                              />
                              {error ? (
                                <span role="alert" className="text-xs text-red-700">
                                  {error}
                                </span>
                              ) : null}
                            </span>
                          );
                        })}
                      </div>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      {readOnly ? null : (
        <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
          {t.saveHours}
        </button>
      )}
      <SavedStatus text={m.status} />
    </form>
  );
}

/** `label` is the closure's dates already formatted for the UI language. */
export function ClosuresEditor({ closures, readOnly, t }: { closures: Array<BusinessSettings["closures"][number] & { label: string }>; readOnly: boolean; t: BusinessMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = { startsOn: String(form.get("startsOn") ?? ""), endsOn: String(form.get("endsOn") ?? ""), reason: String(form.get("reason") ?? "") };
    if (await m.run({ url: "/api/settings/closures", method: "POST", body, schema: closureSchema, done: t.closureAdded })) formElement.reset();
  }

  return (
    <div className="space-y-4">
      <ul aria-label={t.closuresList} className="divide-y divide-slate-100 text-sm">
        {closures.length === 0 ? <li className="py-2 text-ink-muted">{t.noClosures}</li> : null}
        {closures.map((c) => (
          <li key={c.id} className="flex items-center justify-between py-2">
            <span>
              {c.label} {c.reason ? `· ${c.reason}` : ""}
            </span>
            {readOnly ? null : (
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={m.pending || !hydrated}
                onClick={() => m.run({ url: `/api/settings/closures/${c.id}`, method: "DELETE", done: t.closureRemoved })}
              >
                {t.remove}
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={onSubmit} noValidate aria-label={t.closureForm} className="grid gap-3 sm:grid-cols-4 sm:items-end">
          <TextField label={t.firstDay} name="startsOn" type="date" error={m.fieldError("startsOn")} />
          <TextField label={t.lastDay} name="endsOn" type="date" error={m.fieldError("endsOn")} />
          <TextField label={t.reason} name="reason" error={m.fieldError("reason")} />
          <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
            {t.addClosure}
          </button>
        </form>
      )}
      <FormError message={m.formError} />
      <SavedStatus text={m.status} />
    </div>
  );
}

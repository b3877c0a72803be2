"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { DateField } from "@/components/forms/date-time-fields";
import { FormError, SelectField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { useConsoleMutation } from "@/components/console/use-console-mutation";
import { fillMessage } from "@/lib/i18n/messages";
import type { ResourcesMessages } from "@/lib/i18n/resources-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import type { ResourceChoices, ResourceDetail } from "@/lib/resources/resource-directory";
import { RESOURCE_KINDS, resourceSchema } from "@/lib/resources/resource-schemas";
import { WeekFields, weekHours, weekOf, type Day } from "./resource-week-fields";

/*
 * One person or room as one form with one Save: details, the services it
 * performs, its week (the business's, or its own with breaks) and its days
 * off. Checked in the browser with the server's schema, in the member's
 * language; the server's answer is the authority.
 */

type Closure = { key: string; id?: string; startsOn: string; endsOn: string; reason: string };
let closureKeys = 0;

export function ResourceEditor({
  resource,
  choices,
  readOnly,
  locale,
  t,
}: {
  resource: ResourceDetail;
  choices: ResourceChoices;
  readOnly: boolean;
  locale: UiLocale;
  t: ResourcesMessages;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const m = useConsoleMutation();
  const removal = useConsoleMutation();
  const [name, setName] = useState(resource.name);
  const [kind, setKind] = useState(resource.kind);
  const [memberUserId, setMemberUserId] = useState(resource.memberUserId ?? "");
  const [active, setActive] = useState(resource.active);
  const [serviceIds, setServiceIds] = useState<string[]>(resource.serviceIds);
  const [ownHours, setOwnHours] = useState(resource.hours !== null);
  const [week, setWeek] = useState<Day[]>(() => weekOf(resource.hours, choices.businessHours));
  const [closures, setClosures] = useState<Closure[]>(() => resource.closures.map((c) => ({ key: c.id, ...c })));
  const [dirty, setDirty] = useState(false);
  const touch = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
    setDirty(true);
    fn(...a);
  };

  // The server names an interval "hours.<n>.<opens|closes>", n counting the working intervals in order.
  const flat: Array<{ day: number; slot: number }> = [];
  week.forEach((d, day) => d.works && d.intervals.forEach((_, slot) => flat.push({ day, slot })));
  const hourError = (day: number, slot: number, key: "opens" | "closes") => {
    const match = /^hours\.(\d+)\.(opens|closes)$/.exec(m.failure?.field ?? "");
    const at = match ? flat[Number(match[1])] : undefined;
    return at && at.day === day && at.slot === slot && match![2] === key ? m.failure!.message : null;
  };
  const closureError = (index: number, key: string) => m.fieldError(`closures.${index}.${key}`);
  const known = /^(name|kind|memberUserId|active|hours\.\d+\.(opens|closes)|closures\.\d+\.\w+)$/;
  const stray = m.failure && !(m.failure.field && known.test(m.failure.field)) ? m.failure.message : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      name,
      kind,
      memberUserId: memberUserId || null,
      active,
      serviceIds,
      hours: ownHours ? weekHours(week) : null,
      closures: closures.map(({ id, startsOn, endsOn, reason }) => ({ ...(id ? { id } : {}), startsOn, endsOn, reason })),
    };
    const schema = resourceSchema(choices.businessHours, t);
    const saved = await m.run({ url: `/api/resources/${resource.id}`, method: "PUT", body, schema, done: fillMessage(t.saved, { name: name.trim() }) });
    if (saved) setDirty(false);
  }

  async function onDelete() {
    const done = await removal.run({ url: `/api/resources/${resource.id}`, method: "DELETE", done: fillMessage(t.deleted, { name: resource.name }) });
    if (done) router.push("/resources");
  }

  return (
    <div className="space-y-10">
      <form onSubmit={onSubmit} noValidate aria-label={resource.name} className="space-y-10">
        <FormError message={stray} />
        <fieldset disabled={readOnly} className="space-y-10">
          <section aria-labelledby="resource-details-heading" className="max-w-xl space-y-4">
            <h2 id="resource-details-heading" className="text-lg font-semibold">
              {t.detailsHeading}
            </h2>
            <TextField id="resource-name" label={t.name} name="name" value={name} onChange={(e) => touch(setName)(e.target.value)} hint={t.nameHint} error={m.fieldError("name")} />
            <SelectField
              id="resource-kind"
              label={t.kind}
              name="kind"
              value={kind}
              onChange={(e) => touch(setKind)(e.target.value as typeof kind)}
              options={RESOURCE_KINDS.map((k) => ({ value: k, label: t[`kind_${k}`] }))}
              error={m.fieldError("kind")}
            />
            <SelectField
              id="resource-member"
              label={t.member}
              name="memberUserId"
              value={memberUserId}
              onChange={(e) => touch(setMemberUserId)(e.target.value)}
              options={[{ value: "", label: t.noMember }, ...choices.members.map((p) => ({ value: p.userId, label: `${p.name} (${p.email})` }))]}
              error={m.fieldError("memberUserId")}
            />
            <p className="-mt-3 text-xs text-ink-muted">{t.memberHint}</p>
            <div>
              <label className="flex items-center gap-2 text-sm font-medium">
                <input type="checkbox" name="active" checked={active} onChange={(e) => touch(setActive)(e.target.checked)} aria-describedby="resource-active-hint" />
                {t.active}
              </label>
              <p id="resource-active-hint" className="mt-1 text-xs text-ink-muted">
                {t.activeHint}
              </p>
              {m.fieldError("active") ? (
                <p role="alert" className="mt-1 text-sm text-red-700">
                  {m.fieldError("active")}
                </p>
              ) : null}
            </div>
          </section>

          <section aria-labelledby="resource-services-heading" className="max-w-xl space-y-3">
            <h2 id="resource-services-heading" className="text-lg font-semibold">
              {t.servicesHeading}
            </h2>
            {choices.services.length === 0 ? (
              <p className="text-sm text-slate-600">{t.noServicesYet}</p>
            ) : (
              <fieldset>
                <legend className="sr-only">{t.servicesLegend}</legend>
                <ul className="grid gap-2 sm:grid-cols-2">
                  {choices.services.map((s) => (
                    <li key={s.id}>
                      <label className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          name="serviceIds"
                          value={s.id}
                          checked={serviceIds.includes(s.id)}
                          onChange={(e) => touch(setServiceIds)(e.target.checked ? [...serviceIds, s.id] : serviceIds.filter((x) => x !== s.id))}
                        />
                        <span className={s.active ? "" : "text-slate-500"}>{s.name}</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            )}
          </section>

          <section aria-labelledby="resource-hours-heading" className="max-w-3xl space-y-3">
            <h2 id="resource-hours-heading" className="text-lg font-semibold">
              {t.hoursHeading}
            </h2>
            <p className="text-sm text-ink-muted">{t.hoursIntro}</p>
            <label className="flex items-center gap-2 text-sm font-medium">
              <input type="checkbox" name="sameAsBusiness" checked={!ownHours} onChange={(e) => touch(setOwnHours)(!e.target.checked)} />
              {t.sameAsBusiness}
            </label>
            {m.fieldError("hours") ? (
              <p role="alert" className="text-sm text-red-700">
                {m.fieldError("hours")}
              </p>
            ) : null}
            {ownHours ? (
              <WeekFields
                week={week}
                business={choices.businessHours}
                readOnly={readOnly}
                locale={locale}
                t={t}
                error={hourError}
                onDay={(index, change) => touch(setWeek)(week.map((d, i) => (i === index ? change(d) : d)))}
              />
            ) : null}
          </section>

          <section aria-labelledby="resource-closures-heading" className="max-w-3xl space-y-3">
            <h2 id="resource-closures-heading" className="text-lg font-semibold">
              {t.closuresHeading}
            </h2>
            <p className="text-sm text-ink-muted">{t.closuresIntro}</p>
            {closures.length === 0 ? <p className="text-sm text-slate-600">{t.noClosures}</p> : null}
            <ul aria-label={t.closuresList} className="space-y-3">
              {closures.map((c, index) => {
                const update = (change: Partial<Closure>) => touch(setClosures)(closures.map((x) => (x.key === c.key ? { ...x, ...change } : x)));
                return (
                  <li key={c.key} aria-label={fillMessage(t.closureRow, { n: index + 1 })} className="grid gap-3 rounded-lg p-3 ring-1 ring-slate-200 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-start">
                    <DateField id={`resource-closure-${c.key}-from`} label={t.firstDay} name={`closure-${index}-from`} value={c.startsOn} locale={locale} onChange={(startsOn) => update({ startsOn })} error={closureError(index, "startsOn")} />
                    <DateField id={`resource-closure-${c.key}-to`} label={t.lastDay} name={`closure-${index}-to`} value={c.endsOn} locale={locale} onChange={(endsOn) => update({ endsOn })} error={closureError(index, "endsOn")} />
                    <TextField id={`resource-closure-${c.key}-reason`} label={t.reason} name={`closure-${index}-reason`} value={c.reason} onChange={(e) => update({ reason: e.target.value })} error={closureError(index, "reason")} />
                    {readOnly ? null : (
                      <button type="button" className={`${secondaryButtonClass} sm:mt-6`} onClick={() => touch(setClosures)(closures.filter((x) => x.key !== c.key))}>
                        {t.remove}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
            {readOnly ? null : (
              <button type="button" className={secondaryButtonClass} onClick={() => touch(setClosures)([...closures, { key: `new-${++closureKeys}`, startsOn: "", endsOn: "", reason: "" }])}>
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

      {readOnly ? null : (
        <section aria-labelledby="resource-delete-heading" className="max-w-xl space-y-3">
          <h2 id="resource-delete-heading" className="text-lg font-semibold">
            {t.deleteHeading}
          </h2>
          <p className="text-sm text-ink-muted">{t.deleteIntro}</p>
          <FormError message={removal.failure?.message} />
          <button type="button" className={`${secondaryButtonClass} text-red-800`} disabled={removal.pending || !hydrated} onClick={onDelete}>
            {fillMessage(t.delete, { name: resource.name })}
          </button>
        </section>
      )}
    </div>
  );
}

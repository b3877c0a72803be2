"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError, SelectField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { useConsoleMutation } from "@/components/console/use-console-mutation";
import { fillMessage } from "@/lib/i18n/messages";
import type { ResourcesMessages } from "@/lib/i18n/resources-messages";
import type { UiLocale } from "@/lib/i18n/ui-locale";
import { RESOURCE_KINDS, newResourceSchema } from "@/lib/resources/resource-schemas";
import type { ResourceDetail } from "@/lib/resources/resource-directory";

/*
 * Staff and rooms in display order (the order of the appointments' columns),
 * each with what sets it apart at a glance; managers add one here and move
 * it up or down, then set its services, hours and days off on its own page.
 */

function servicesCount(t: ResourcesMessages, locale: UiLocale, count: number): string {
  const form = new Intl.PluralRules(locale).select(count) === "one" ? "one" : "other";
  return fillMessage(t[`servicesCount_${form}`], { count });
}

export function ResourceList({ resources, readOnly, locale, t }: { resources: ResourceDetail[]; readOnly: boolean; locale: UiLocale; t: ResourcesMessages }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const order = useConsoleMutation();
  const add = useConsoleMutation();
  const [kind, setKind] = useState<(typeof RESOURCE_KINDS)[number]>("staff");

  async function move(index: number, by: -1 | 1) {
    const ids = resources.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    await order.run({ url: "/api/resources/order", method: "PUT", body: { ids }, done: t.orderSaved });
  }

  async function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    const body = { name, kind };
    const created = await add.run<{ id: string }>({ url: "/api/resources", method: "POST", body, schema: newResourceSchema(t), done: fillMessage(t.created, { name: name.trim() }) });
    if (created?.id) {
      form.reset();
      router.push(`/resources/${created.id}`);
    }
  }

  return (
    <div className="space-y-8">
      <FormError message={order.formError ?? order.fieldError("ids")} />
      <ol aria-label={t.list} className="divide-y divide-slate-200 rounded-xl ring-1 ring-slate-200">
        {resources.map((r, index) => (
          <li key={r.id} data-resource={r.name} className="flex flex-wrap items-center gap-x-4 gap-y-2 p-3">
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-2">
                <Link href={`/resources/${r.id}`} className="font-semibold text-brand-800 underline-offset-2 hover:underline" aria-label={fillMessage(t.edit, { name: r.name })}>
                  {r.name}
                </Link>
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{t[`kind_${r.kind}`]}</span>
                {r.isDefault ? <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-800">{t.defaultBadge}</span> : null}
                {r.active ? null : <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-900">{t.inactiveBadge}</span>}
              </p>
              <p className="mt-0.5 text-sm text-ink-muted">
                {[servicesCount(t, locale, r.serviceIds.length), r.hours ? t.ownHours : t.businessHours, r.memberName ? fillMessage(t.linkedTo, { name: r.memberName }) : null]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            </div>
            {readOnly || resources.length < 2 ? null : (
              <div className="flex gap-1">
                <button
                  type="button"
                  className={secondaryButtonClass}
                  disabled={index === 0 || order.pending || !hydrated}
                  aria-label={fillMessage(t.moveUp, { name: r.name })}
                  onClick={() => move(index, -1)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  disabled={index === resources.length - 1 || order.pending || !hydrated}
                  aria-label={fillMessage(t.moveDown, { name: r.name })}
                  onClick={() => move(index, 1)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>

      {readOnly ? null : (
        <form onSubmit={onAdd} noValidate aria-label={t.newResource} className="max-w-xl space-y-3 rounded-lg border border-dashed border-slate-300 p-4">
          <h2 className="font-semibold">{t.newResource}</h2>
          <FormError message={add.formError ?? add.strayError((f) => f === "name" || f === "kind")} />
          <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
            <TextField id="new-resource-name" label={t.name} name="name" hint={t.nameHint} error={add.fieldError("name")} />
            <SelectField
              id="new-resource-kind"
              label={t.kind}
              name="kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as typeof kind)}
              options={RESOURCE_KINDS.map((k) => ({ value: k, label: t[`kind_${k}`] }))}
              error={add.fieldError("kind")}
            />
          </div>
          <button type="submit" className={buttonClass} disabled={add.pending || !hydrated}>
            {t.create}
          </button>
        </form>
      )}
    </div>
  );
}

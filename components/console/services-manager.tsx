"use client";

import type { FormEvent } from "react";
import { FormError, SelectField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { CURRENCIES, serviceSchema } from "@/lib/settings/settings-schemas";
import type { ServiceRow } from "@/lib/settings/service-catalog";
import { fillMessage } from "@/lib/i18n/messages";
import type { ServicesMessages } from "@/lib/i18n/console-messages";
import { useConsoleMutation } from "./use-console-mutation";

const SERVICE_FIELDS = new Set(["name", "names.fr", "names.en", "synonyms", "durationMinutes", "bufferMinutes", "price", "currency", "active"]);

/** Form values → the schema's input; empty numbers stay NaN so the schema names them. */
function serviceBody(form: FormData) {
  const num = (name: string) => {
    const raw = String(form.get(name) ?? "").trim().replace(",", ".");
    return raw === "" ? Number.NaN : Number(raw);
  };
  const price = String(form.get("price") ?? "").trim();
  return {
    name: String(form.get("name") ?? ""),
    names: { fr: String(form.get("nameFr") ?? ""), en: String(form.get("nameEn") ?? "") },
    currency: String(form.get("currency") ?? ""),
    synonyms: String(form.get("synonyms") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    durationMinutes: num("durationMinutes"),
    bufferMinutes: String(form.get("bufferMinutes") ?? "").trim() === "" ? 0 : num("bufferMinutes"),
    price: price === "" ? null : num("price"),
    active: form.get("active") === "on",
  };
}

function ServiceFields({
  service,
  prefix,
  m,
  t,
  defaultCurrency,
}: {
  service?: ServiceRow;
  prefix: string;
  m: ReturnType<typeof useConsoleMutation>;
  t: ServicesMessages;
  defaultCurrency: string;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <TextField id={`${prefix}-name`} label={t.name} name="name" defaultValue={service?.name} error={m.fieldError("name")} />
      <TextField id={`${prefix}-name-fr`} label={t.nameFr} name="nameFr" defaultValue={service?.names.fr ?? ""} hint={t.localizedNameHint} error={m.fieldError("names.fr")} />
      <TextField id={`${prefix}-name-en`} label={t.nameEn} name="nameEn" defaultValue={service?.names.en ?? ""} hint={t.localizedNameHint} error={m.fieldError("names.en")} />
      <TextField id={`${prefix}-synonyms`} label={t.synonyms} name="synonyms" defaultValue={service?.synonyms.join(", ")} hint={t.synonymsHint} error={m.fieldError("synonyms")} />
      <TextField id={`${prefix}-duration`} label={t.duration} name="durationMinutes" inputMode="numeric" defaultValue={service?.durationMinutes ?? ""} error={m.fieldError("durationMinutes")} />
      <TextField id={`${prefix}-buffer`} label={t.buffer} name="bufferMinutes" inputMode="numeric" defaultValue={service?.bufferMinutes ?? 0} error={m.fieldError("bufferMinutes")} />
      <TextField id={`${prefix}-price`} label={t.price} name="price" inputMode="decimal" defaultValue={service?.price ?? ""} hint={t.priceHint} error={m.fieldError("price")} />
      <SelectField
        id={`${prefix}-currency`}
        label={t.currency}
        name="currency"
        defaultValue={service?.currency ?? defaultCurrency}
        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        error={m.fieldError("currency")}
      />
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input type="checkbox" name="active" defaultChecked={service ? service.active : true} />
        {t.active}
      </label>
    </div>
  );
}

function ServiceEditor({ service, readOnly, t, defaultCurrency }: { service: ServiceRow; readOnly: boolean; t: ServicesMessages; defaultCurrency: string }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await m.run({ url: `/api/settings/services/${service.id}`, method: "PATCH", body: serviceBody(new FormData(event.currentTarget)), schema: serviceSchema, done: t.serviceSaved });
  }
  return (
    <li className="rounded-lg border border-slate-200 p-4">
      <form onSubmit={onSubmit} noValidate aria-label={fillMessage(t.serviceForm, { name: service.name })} className="space-y-3">
        <FormError message={m.formError ?? m.strayError((f) => SERVICE_FIELDS.has(f))} />
        <fieldset disabled={readOnly}>
          <ServiceFields service={service} prefix={`service-${service.id}`} m={m} t={t} defaultCurrency={defaultCurrency} />
        </fieldset>
        {readOnly ? null : (
          <div className="flex gap-2">
            <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
              {t.saveService}
            </button>
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={m.pending || !hydrated}
              onClick={() => m.run({ url: `/api/settings/services/${service.id}`, method: "DELETE", done: t.serviceDeleted })}
            >
              {t.delete}
            </button>
          </div>
        )}
      </form>
    </li>
  );
}

export function ServicesManager({
  services,
  readOnly,
  t,
  defaultCurrency,
}: {
  services: ServiceRow[];
  readOnly: boolean;
  t: ServicesMessages;
  /** The region's currency, for a new service. */
  defaultCurrency: string;
}) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const created = await m.run({ url: "/api/settings/services", method: "POST", body: serviceBody(new FormData(formElement)), schema: serviceSchema, done: t.serviceAdded });
    if (created) formElement.reset();
  }
  return (
    <div className="space-y-8">
      <ul aria-label={t.list} className="space-y-4">
        {services.length === 0 ? <li className="text-sm text-ink-muted">{t.empty}</li> : null}
        {services.map((s) => (
          <ServiceEditor key={s.id} service={s} readOnly={readOnly} t={t} defaultCurrency={defaultCurrency} />
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={onSubmit} noValidate aria-label={t.addForm} className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4">
          <h2 className="font-semibold">{t.addForm}</h2>
          <FormError message={m.formError} />
          <ServiceFields prefix="new-service" m={m} t={t} defaultCurrency={defaultCurrency} />
          <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
            {t.addService}
          </button>
        </form>
      )}
    </div>
  );
}

"use client";

import type { FormEvent } from "react";
import { FormError, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { PROVIDER_KEY_FIELDS, PROVIDER_LABELS, providerKeyValueSchema, type ProviderKeyField } from "@/lib/settings/provider-key-schemas";
import { SavedStatus, useConsoleMutation } from "./use-console-mutation";

export interface StoredKey {
  provider: string;
  name: string;
  last4: string;
  updatedAt: string;
}

function KeyRow({ field, stored, readOnly }: { field: ProviderKeyField; stored?: StoredKey; readOnly: boolean }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const id = `key-${field.provider}-${field.name}`;
  const url = `/api/settings/provider-keys/${field.provider}/${field.name}`;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const body = { value: String(new FormData(formElement).get("value") ?? "") };
    // The value never stays in the page once it is sent.
    if (await m.run({ url, method: "PUT", body, schema: providerKeyValueSchema(field.provider, field.name), done: `${field.label} saved.` })) formElement.reset();
  }
  const error = m.fieldError("value");
  const controlProps = {
    id,
    name: "value",
    autoComplete: "off",
    spellCheck: false,
    disabled: readOnly,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": `${id}-state${error ? ` ${id}-error` : ""}`,
    className: "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm aria-invalid:border-red-600",
  } as const;
  return (
    <li className="rounded-lg border border-slate-200 p-3" data-testid={id}>
      <form onSubmit={onSubmit} noValidate aria-label={field.label} className="space-y-2">
        <label htmlFor={id} className="block text-sm font-medium">
          {field.label}
        </label>
        <p id={`${id}-state`} className="text-xs text-ink-muted" data-testid={`${id}-state`}>
          {stored ? `Saved: ••••${stored.last4} · updated ${new Date(stored.updatedAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC` : "Not set"}
        </p>
        {field.multiline ? (
          <textarea {...controlProps} rows={4} placeholder={stored ? "Paste a new value to replace it" : ""} />
        ) : (
          <input {...controlProps} type="password" placeholder={stored ? "Enter a new value to replace it" : ""} />
        )}
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <FormError message={m.formError} />
        {readOnly ? null : (
          <div className="flex gap-2">
            <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
              {stored ? "Replace" : "Save"}
            </button>
            {stored ? (
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={m.pending || !hydrated}
                onClick={() => m.run({ url, method: "DELETE", done: `${field.label} deleted.` })}
              >
                Delete
              </button>
            ) : null}
          </div>
        )}
        <SavedStatus text={m.status} />
      </form>
    </li>
  );
}

export function ProviderKeysManager({ stored, readOnly }: { stored: StoredKey[]; readOnly: boolean }) {
  const providers = [...new Set(PROVIDER_KEY_FIELDS.map((f) => f.provider))];
  return (
    <div className="space-y-8">
      {providers.map((provider) => (
        <section key={provider} aria-labelledby={`provider-${provider}`}>
          <h2 id={`provider-${provider}`} className="mb-2 text-lg font-semibold">
            {PROVIDER_LABELS[provider]}
          </h2>
          <ul className="space-y-3">
            {PROVIDER_KEY_FIELDS.filter((f) => f.provider === provider).map((field) => (
              <KeyRow
                key={`${field.provider}/${field.name}`}
                field={field}
                stored={stored.find((s) => s.provider === field.provider && s.name === field.name)}
                readOnly={readOnly}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

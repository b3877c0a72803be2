"use client";

import type { FormEvent } from "react";
import { FormError, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { PROVIDER_KEY_FIELDS, providerKeyValueSchema, type ProviderKeyField } from "@/lib/settings/provider-key-schemas";
import { fillMessage } from "@/lib/i18n/messages";
import type { KeysMessages } from "@/lib/i18n/channel-messages";
import { useConsoleMutation } from "./use-console-mutation";
import { useState } from "react";
import { apiRequest, failureOf } from "@/components/forms/api-request";
import { useToast } from "@/components/ui/toaster";
import type { KeyTestResult } from "@/lib/settings/provider-key-test-result";

export interface StoredKey {
  provider: string;
  name: string;
  last4: string;
  /** Already formatted for the UI language and the tenant's time zone. */
  updatedAt: string;
}

/** The field's label in the UI language; the catalogue's keys are `provider/name`. */
function labelOf(field: ProviderKeyField, t: KeysMessages): string {
  const key = `${field.provider}/${field.name}`;
  return key in t ? t[key as keyof KeysMessages] : field.label;
}

function KeyRow({ field, stored, readOnly, t }: { field: ProviderKeyField; stored?: StoredKey; readOnly: boolean; t: KeysMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const id = `key-${field.provider}-${field.name}`;
  const label = labelOf(field, t);
  const url = `/api/settings/provider-keys/${field.provider}/${field.name}`;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const body = { value: String(new FormData(formElement).get("value") ?? "") };
    // The value never stays in the page once it is sent.
    if (await m.run({ url, method: "PUT", body, schema: providerKeyValueSchema(field.provider, field.name), done: fillMessage(t.keySaved, { label }) })) formElement.reset();
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
      <form onSubmit={onSubmit} noValidate aria-label={label} className="space-y-2">
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-state`} className="text-xs text-ink-muted" data-testid={`${id}-state`}>
          {stored ? fillMessage(t.storedState, { last4: stored.last4, date: stored.updatedAt }) : t.notSet}
        </p>
        {field.multiline ? (
          <textarea {...controlProps} rows={4} placeholder={stored ? t.pasteToReplace : ""} />
        ) : (
          <input {...controlProps} type="password" placeholder={stored ? t.enterToReplace : ""} />
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
              {stored ? t.replace : t.save}
            </button>
            {stored ? (
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={m.pending || !hydrated}
                onClick={() => m.run({ url, method: "DELETE", done: fillMessage(t.keyDeleted, { label }) })}
              >
                {t.delete}
              </button>
            ) : null}
          </div>
        )}
      </form>
    </li>
  );
}

const TESTABLE = new Set(["twilio", "vapi", "openai"]);

/** What a test found, in the page's language. */
function describe(result: KeyTestResult, t: KeysMessages): string {
  if (!result.ok) {
    const why = { missing: t.test_missing, rejected: t.test_rejected, unreachable: t.test_unreachable, blocked_address: t.test_blocked, failed: t.test_failed }[result.reason];
    return result.status ? `${why} (HTTP ${result.status})` : why;
  }
  if (result.provider === "twilio") return fillMessage(t.test_twilio, { name: result.account.name, status: result.account.status });
  if (result.provider === "vapi") return result.numbers.length ? fillMessage(t.test_vapi, { count: result.numbers.length, numbers: result.numbers.join(", ") }) : t.test_vapiNone;
  return fillMessage(result.hasModel ? t.test_openai : t.test_openaiNoModel, { count: result.models, model: result.model });
}

function ProviderTest({ provider, label, t }: { provider: string; label: string; t: KeysMessages }) {
  const [result, setResult] = useState<KeyTestResult | null>(null);
  const [pending, setPending] = useState(false);
  const { notify, words } = useToast();
  async function run() {
    setPending(true);
    try {
      const outcome = await apiRequest<KeyTestResult>(`/api/settings/provider-tests/${provider}`, "POST");
      setResult(outcome);
      notify(outcome.ok ? "success" : "error", `${label}: ${describe(outcome, t)}`);
    } catch (error) {
      notify("error", fillMessage(words.failed, { reason: failureOf(error, words.networkFailure).message }));
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => void run()} aria-label={fillMessage(t.testLabel, { provider: label })}>
        {pending ? t.testing : t.test}
      </button>
      {result ? (
        <p data-testid={`test-${provider}`} data-ok={result.ok ? "true" : "false"} className={`text-sm ${result.ok ? "text-green-800" : "text-red-800"}`}>
          {result.ok ? "✓ " : "✗ "}
          {describe(result, t)}
        </p>
      ) : null}
    </div>
  );
}

export function ProviderKeysManager({ stored, readOnly, t }: { stored: StoredKey[]; readOnly: boolean; t: KeysMessages }) {
  const providers = [...new Set(PROVIDER_KEY_FIELDS.map((f) => f.provider))];
  return (
    <div className="space-y-10">
      {providers.map((provider) => (
        <section key={provider} aria-labelledby={`provider-${provider}`} className="space-y-3 rounded-xl p-4 ring-1 ring-slate-200">
          <h2 id={`provider-${provider}`} className="text-lg font-semibold">
            {t[provider]}
          </h2>
          <p className="text-sm text-slate-700">{t[`guide_${provider}`]}</p>
          <ul className="space-y-3">
            {PROVIDER_KEY_FIELDS.filter((f) => f.provider === provider).map((field) => (
              <KeyRow
                key={`${field.provider}/${field.name}`}
                field={field}
                stored={stored.find((s) => s.provider === field.provider && s.name === field.name)}
                readOnly={readOnly}
                t={t}
              />
            ))}
          </ul>
          {!readOnly && TESTABLE.has(provider) ? <ProviderTest provider={provider} label={t[provider]} t={t} /> : null}
        </section>
      ))}
    </div>
  );
}

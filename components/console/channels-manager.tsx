"use client";

import { useState, type FormEvent } from "react";
import type { CountryCode } from "libphonenumber-js";
import { FormError, SelectField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { allowedOriginsSchema, claimNumberSchema, createWidgetKeySchema } from "@/lib/channels/channel-route-schemas";
import { SavedStatus, useConsoleMutation } from "./use-console-mutation";

export interface NumberItem {
  id: string;
  channel: "voice" | "whatsapp";
  number: string;
  label: string;
}

export interface WidgetKeyItem {
  id: string;
  prefix: string;
  label: string;
  allowedOrigins: string[];
  createdAt: string;
  revokedAt: string | null;
}

const CHANNEL_NAMES = { voice: "Phone (voice)", whatsapp: "WhatsApp" } as const;
const linesOf = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function NumbersManager({ numbers, region, readOnly }: { numbers: NumberItem[]; region: CountryCode; readOnly: boolean }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = { channel: String(form.get("channel")), number: String(form.get("number") ?? ""), label: String(form.get("label") ?? "") };
    if (await m.run({ url: "/api/settings/channels/numbers", method: "POST", body, schema: claimNumberSchema(region), done: "Number connected." })) formElement.reset();
  }
  return (
    <div className="space-y-4">
      <ul aria-label="Numbers" className="divide-y divide-slate-100 text-sm">
        {numbers.length === 0 ? <li className="py-2 text-ink-muted">No number connected yet.</li> : null}
        {numbers.map((n) => (
          <li key={n.id} className="flex items-center justify-between py-2">
            <span>
              <strong>{CHANNEL_NAMES[n.channel]}</strong> <span className="font-mono">{n.number}</span> {n.label ? `· ${n.label}` : ""}
            </span>
            {readOnly ? null : (
              <button
                type="button"
                className={secondaryButtonClass}
                aria-label={`Disconnect ${n.number} (${CHANNEL_NAMES[n.channel]})`}
                disabled={m.pending || !hydrated}
                onClick={() => m.run({ url: `/api/settings/channels/numbers/${n.id}`, method: "DELETE", done: "Number disconnected." })}
              >
                Disconnect
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={onSubmit} noValidate aria-label="Connect a number" className="grid gap-3 sm:grid-cols-4 sm:items-start">
          <SelectField
            id="number-channel"
            label="Channel"
            name="channel"
            options={[
              { value: "whatsapp", label: CHANNEL_NAMES.whatsapp },
              { value: "voice", label: CHANNEL_NAMES.voice },
            ]}
            error={m.fieldError("channel")}
          />
          <TextField id="number-value" label="Number" name="number" type="tel" hint={`Any format; local numbers are read as ${region}.`} error={m.fieldError("number")} />
          <TextField id="number-label" label="Label" name="label" error={m.fieldError("label")} />
          <button type="submit" className={`${buttonClass} sm:mt-6`} disabled={m.pending || !hydrated}>
            Connect number
          </button>
        </form>
      )}
      <FormError message={m.formError} />
      <SavedStatus text={m.status} />
    </div>
  );
}

function OriginsEditor({ item, readOnly }: { item: WidgetKeyItem; readOnly: boolean }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { allowedOrigins: linesOf(new FormData(event.currentTarget).get("allowedOrigins")) };
    await m.run({ url: `/api/settings/channels/widget-keys/${item.id}`, method: "PATCH", body, schema: allowedOriginsSchema, done: "Allowed origins saved." });
  }
  const error = m.failure?.field?.startsWith("allowedOrigins") ? m.failure.message : null;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Allowed origins of ${item.prefix}`} className="mt-2 space-y-2">
      <label htmlFor={`origins-${item.id}`} className="block text-xs font-medium">
        Allowed origins (one per line)
      </label>
      <textarea
        id={`origins-${item.id}`}
        name="allowedOrigins"
        rows={2}
        defaultValue={item.allowedOrigins.join("\n")}
        disabled={readOnly || !!item.revokedAt}
        aria-invalid={error ? true : undefined}
        className="block w-full rounded-lg border border-slate-300 px-2 py-1 font-mono text-xs"
      />
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <FormError message={m.formError} />
      {readOnly || item.revokedAt ? null : (
        <div className="flex gap-2">
          <button type="submit" className={secondaryButtonClass} disabled={m.pending || !hydrated}>
            Save origins
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={m.pending || !hydrated}
            onClick={() => m.run({ url: `/api/settings/channels/widget-keys/${item.id}`, method: "DELETE", done: "Key revoked." })}
          >
            Revoke key
          </button>
        </div>
      )}
      <SavedStatus text={m.status} />
    </form>
  );
}

export function WidgetKeysManager({ keys, scriptUrl, readOnly }: { keys: WidgetKeyItem[]; scriptUrl: string; readOnly: boolean }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const [created, setCreated] = useState<{ key: string; prefix: string } | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = { label: String(form.get("label") ?? ""), allowedOrigins: linesOf(form.get("allowedOrigins")) };
    setCreated(null);
    const result = await m.run<{ key: string; prefix: string }>({
      url: "/api/settings/channels/widget-keys",
      method: "POST",
      body,
      schema: createWidgetKeySchema,
      done: "Widget key created.",
    });
    if (result) {
      setCreated(result);
      formElement.reset();
    }
  }
  const snippet = (key: string) => `<script src="${scriptUrl}" data-key="${key}"></script>`;
  return (
    <div className="space-y-4">
      {created ? (
        <div role="region" aria-label="New widget key" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-semibold">Copy this key now: it will not be shown again.</p>
          <p className="mt-1 break-all font-mono" data-testid="new-widget-key">
            {created.key}
          </p>
          <label htmlFor="new-key-snippet" className="mt-2 block text-xs font-medium">
            Embed snippet
          </label>
          <textarea id="new-key-snippet" readOnly rows={2} value={snippet(created.key)} className="block w-full rounded border border-slate-300 p-1 font-mono text-xs" />
        </div>
      ) : null}
      <ul aria-label="Widget keys" className="space-y-3 text-sm">
        {keys.length === 0 ? <li className="text-ink-muted">No widget key yet.</li> : null}
        {keys.map((k) => (
          <li key={k.id} className="rounded-lg border border-slate-200 p-3" data-testid={`widget-key-${k.prefix}`}>
            <p>
              <span className="font-mono">{k.prefix}…</span> · {k.label || "Unnamed"} · created {k.createdAt.slice(0, 10)}{" "}
              {k.revokedAt ? <strong className="text-red-700">revoked {k.revokedAt.slice(0, 10)}</strong> : <span className="text-green-700">active</span>}
            </p>
            <OriginsEditor key={k.allowedOrigins.join(",") + String(k.revokedAt)} item={k} readOnly={readOnly} />
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={onSubmit} noValidate aria-label="Create a widget key" className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4">
          <FormError message={m.formError} />
          <TextField id="widget-key-label" label="Key name" name="label" error={m.fieldError("label")} hint="e.g. Main website" />
          <div>
            <label htmlFor="new-key-origins" className="block text-sm font-medium">
              Allowed origins (one per line)
            </label>
            <textarea id="new-key-origins" name="allowedOrigins" rows={2} className="mt-1 block w-full rounded-lg border border-slate-300 px-2 py-1 font-mono text-xs" />
            {m.failure?.field?.startsWith("allowedOrigins") ? (
              <p role="alert" className="text-sm text-red-700">
                {m.failure.message}
              </p>
            ) : null}
          </div>
          <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
            Create widget key
          </button>
          <SavedStatus text={m.status} />
        </form>
      )}
      <div>
        <label htmlFor="embed-snippet" className="block text-sm font-medium">
          Embed snippet (replace the key with yours)
        </label>
        <textarea id="embed-snippet" readOnly rows={2} value={snippet("fdw_…")} className="mt-1 block w-full rounded border border-slate-300 p-1 font-mono text-xs" />
      </div>
    </div>
  );
}

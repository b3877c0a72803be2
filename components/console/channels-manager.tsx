"use client";

import { useState, type FormEvent } from "react";
import type { CountryCode } from "libphonenumber-js";
import { FormError, SelectField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { allowedOriginsSchema, claimNumberSchema, createWidgetKeySchema } from "@/lib/channels/channel-route-schemas";
import { fillMessage } from "@/lib/i18n/messages";
import type { ChannelsMessages } from "@/lib/i18n/channel-messages";
import { useConsoleMutation } from "./use-console-mutation";
import { CopyField } from "@/components/ui/copy-field";

export interface NumberItem {
  id: string;
  channel: "voice" | "whatsapp";
  number: string;
  /** In the tenant's national format. */
  display: string;
  label: string;
  /** The provider key its webhook is verified with is stored. */
  connected: boolean;
  /** Already formatted; the last caller message on this channel. */
  lastMessageAt: string | null;
}

export interface WidgetKeyItem {
  id: string;
  prefix: string;
  label: string;
  allowedOrigins: string[];
  /** Already formatted for the UI language and the tenant's time zone. */
  createdAt: string;
  revokedAt: string | null;
  /** Already formatted; the last web chat message. */
  lastMessageAt: string | null;
}

const linesOf = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function NumbersManager({ numbers, region, readOnly, t }: { numbers: NumberItem[]; region: CountryCode; readOnly: boolean; t: ChannelsMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = { channel: String(form.get("channel")), number: String(form.get("number") ?? ""), label: String(form.get("label") ?? "") };
    if (await m.run({ url: "/api/settings/channels/numbers", method: "POST", body, schema: claimNumberSchema(region), done: t.numberConnected })) formElement.reset();
  }
  return (
    <div className="space-y-4">
      <ul aria-label={t.numbersList} className="divide-y divide-slate-100 text-sm">
        {numbers.length === 0 ? <li className="py-2 text-ink-muted">{t.noNumbers}</li> : null}
        {numbers.map((n) => (
          <li key={n.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid={`number-${n.number}`}>
            <span className="space-y-0.5">
              <span className="block">
                <strong>{t[n.channel]}</strong> <span className="font-mono">{n.display}</span> {n.label ? `· ${n.label}` : ""}{" "}
                <span className="sr-only">({n.number})</span>
              </span>
              <span className="block text-xs">
                {n.connected ? (
                  <span className="font-semibold text-green-800" data-testid="channel-state" data-state="connected">
                    ● {t.connected}
                  </span>
                ) : (
                  <span className="font-semibold text-amber-800" data-testid="channel-state" data-state="missing_key">
                    ● {n.channel === "whatsapp" ? t.missingTwilioKey : t.missingVapiKey}{" "}
                    <a href="/keys" className="underline">
                      {t.addKeyLink}
                    </a>
                  </span>
                )}
                <span className="ml-2 text-slate-700" data-testid="last-message">
                  {n.lastMessageAt ? fillMessage(t.lastMessage, { date: n.lastMessageAt }) : t.noMessageYet}
                </span>
              </span>
            </span>
            {readOnly ? null : (
              <button
                type="button"
                className={secondaryButtonClass}
                aria-label={fillMessage(t.disconnectLabel, { number: n.display, channel: t[n.channel] })}
                disabled={m.pending || !hydrated}
                onClick={() => m.run({ url: `/api/settings/channels/numbers/${n.id}`, method: "DELETE", done: t.numberDisconnected })}
              >
                {t.disconnect}
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={onSubmit} noValidate aria-label={t.connectForm} className="grid gap-3 sm:grid-cols-4 sm:items-start">
          <SelectField
            id="number-channel"
            label={t.channel}
            name="channel"
            options={[
              { value: "whatsapp", label: t.whatsapp },
              { value: "voice", label: t.voice },
            ]}
            error={m.fieldError("channel")}
          />
          <TextField id="number-value" label={t.number} name="number" type="tel" hint={fillMessage(t.numberHint, { region })} error={m.fieldError("number")} />
          <TextField id="number-label" label={t.label} name="label" error={m.fieldError("label")} />
          <button type="submit" className={`${buttonClass} sm:mt-6`} disabled={m.pending || !hydrated}>
            {t.connectNumber}
          </button>
        </form>
      )}
      <FormError message={m.formError} />
    </div>
  );
}

function OriginsEditor({ item, readOnly, t }: { item: WidgetKeyItem; readOnly: boolean; t: ChannelsMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { allowedOrigins: linesOf(new FormData(event.currentTarget).get("allowedOrigins")) };
    await m.run({ url: `/api/settings/channels/widget-keys/${item.id}`, method: "PATCH", body, schema: allowedOriginsSchema, done: t.originsSaved });
  }
  const error = m.failure?.field?.startsWith("allowedOrigins") ? m.failure.message : null;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={fillMessage(t.originsForm, { prefix: item.prefix })} className="mt-2 space-y-2">
      <label htmlFor={`origins-${item.id}`} className="block text-xs font-medium">
        {t.origins}
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
            {t.saveOrigins}
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={m.pending || !hydrated}
            onClick={() => m.run({ url: `/api/settings/channels/widget-keys/${item.id}`, method: "DELETE", done: t.keyRevoked })}
          >
            {t.revokeKey}
          </button>
        </div>
      )}
    </form>
  );
}

export function WidgetKeysManager({ keys, scriptUrl, readOnly, t }: { keys: WidgetKeyItem[]; scriptUrl: string; readOnly: boolean; t: ChannelsMessages }) {
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
      done: t.keyCreated,
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
        <div role="region" aria-label={t.newKey} className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-semibold">{t.copyNow}</p>
          <p className="mt-1 break-all font-mono" data-testid="new-widget-key">
            {created.key}
          </p>
          <div className="mt-2">
            <CopyField label={t.embedSnippet} value={snippet(created.key)} copyLabel={t.copy} copied={t.copied} multiline />
          </div>
        </div>
      ) : null}
      <ul aria-label={t.keysList} className="space-y-3 text-sm">
        {keys.length === 0 ? <li className="text-ink-muted">{t.noKeys}</li> : null}
        {keys.map((k) => (
          <li key={k.id} className="rounded-lg border border-slate-200 p-3" data-testid={`widget-key-${k.prefix}`}>
            <p>
              <span className="font-mono">{k.prefix}…</span> · {k.label || t.unnamed} · {fillMessage(t.created, { date: k.createdAt })}{" "}
              {k.revokedAt ? (
                <strong className="text-red-700">{fillMessage(t.revoked, { date: k.revokedAt })}</strong>
              ) : (
                <span className="font-semibold text-green-800">● {t.activeKey}</span>
              )}
            </p>
            {k.revokedAt ? null : (
              <p className="text-xs text-slate-700" data-testid="last-message">
                {k.lastMessageAt ? fillMessage(t.lastMessage, { date: k.lastMessageAt }) : t.noMessageYet}
              </p>
            )}
            <OriginsEditor item={k} readOnly={readOnly} t={t} />
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={onSubmit} noValidate aria-label={t.createForm} className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4">
          <FormError message={m.formError} />
          <TextField id="widget-key-label" label={t.keyName} name="label" error={m.fieldError("label")} hint={t.keyNameHint} />
          <div>
            <label htmlFor="new-key-origins" className="block text-sm font-medium">
              {t.origins}
            </label>
            <textarea id="new-key-origins" name="allowedOrigins" rows={2} className="mt-1 block w-full rounded-lg border border-slate-300 px-2 py-1 font-mono text-xs" />
            {m.failure?.field?.startsWith("allowedOrigins") ? (
              <p role="alert" className="text-sm text-red-700">
                {m.failure.message}
              </p>
            ) : null}
          </div>
          <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
            {t.createKey}
          </button>
            </form>
      )}
      <CopyField label={t.snippetTemplate} value={snippet("fdw_…")} copyLabel={t.copy} copied={t.copied} multiline />
    </div>
  );
}

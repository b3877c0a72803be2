"use client";

import { useState, type FormEvent } from "react";
import { FormError, TextAreaField, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { connectCalendarInput } from "@/lib/calendar/connection-schema";
import type { CalendarMessages } from "@/lib/i18n/calendar-messages";
import type { CalendarRow } from "@/lib/calendar/console-rows";
import type { GoogleConnectOutcome } from "@/lib/calendar/google-oauth-outcome";
import { useConsoleMutation } from "./use-console-mutation";


/** Opens Google's consent for this resource; the callback brings the browser back to this page. */
function GoogleConnectButton({ row, t }: { row: CalendarRow; t: CalendarMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  async function onClick() {
    const started = await m.run<{ url: string }>({ url: "/api/calendar/google/oauth/start", method: "POST", body: { resourceId: row.resourceId }, done: false });
    if (started?.url) window.location.assign(started.url);
  }
  return (
    <div className="mt-3 space-y-1">
      <button type="button" className={buttonClass} disabled={m.pending || !hydrated} onClick={onClick} aria-describedby={`cal-${row.resourceId}-oauth-help`}>
        {m.pending ? t.redirecting : t.connectWithGoogle}
      </button>
      <p id={`cal-${row.resourceId}-oauth-help`} className="text-sm text-ink-muted">
        {t.connectWithGoogleHelp}
      </p>
      <FormError message={m.formError} />
    </div>
  );
}

function ConnectForm({ row, t }: { row: CalendarRow; t: CalendarMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const [provider, setProvider] = useState<"google" | "caldav">(row.connection?.provider ?? "caldav");
  const id = (name: string) => `cal-${row.resourceId}-${name}`;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const body = provider === "google" ? { provider, calendarId: data.calendarId, serviceAccountJson: data.serviceAccountJson } : { provider, url: data.url, username: data.username, password: data.password };
    // Secrets leave the page once sent.
    if (await m.run({ url: `/api/calendar/connections/${row.resourceId}`, method: "PUT", body, schema: connectCalendarInput, done: t.connected })) form.reset();
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`${t.connect} – ${row.resourceName}`} className="mt-3 space-y-3">
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">{t.provider}</legend>
        {(["caldav", "google"] as const).map((p) => (
          <label key={p} className="flex items-center gap-1">
            <input type="radio" name={`provider-${row.resourceId}`} value={p} checked={provider === p} onChange={() => setProvider(p)} />
            {p === "google" ? t.providerGoogle : t.providerCaldav}
          </label>
        ))}
      </fieldset>
      {provider === "google" ? (
        <>
          <TextField id={id("calendarId")} name="calendarId" label={t.calendarId} error={m.fieldError("calendarId")} autoComplete="off" />
          <TextAreaField id={id("serviceAccountJson")} name="serviceAccountJson" label={t.serviceAccountJson} hint={t.serviceAccountHelp} error={m.fieldError("serviceAccountJson")} rows={4} spellCheck={false} />
        </>
      ) : (
        <>
          <TextField id={id("url")} name="url" label={t.caldavUrl} error={m.fieldError("url")} type="url" autoComplete="off" />
          <TextField id={id("username")} name="username" label={t.username} error={m.fieldError("username")} autoComplete="off" />
          <TextField id={id("password")} name="password" label={t.password} error={m.fieldError("password")} type="password" autoComplete="new-password" />
        </>
      )}
      <FormError message={m.formError} />
      <button type="submit" className={buttonClass} disabled={m.pending || !hydrated}>
        {m.pending ? t.connecting : row.connection ? t.reconnect : t.connect}
      </button>
    </form>
  );
}

function CalendarItem({ row, readOnly, googleOAuth, t }: { row: CalendarRow; readOnly: boolean; googleOAuth: boolean; t: CalendarMessages }) {
  const m = useConsoleMutation();
  const hydrated = useHydrated();
  const c = row.connection;
  const state = !c ? t.notConnected : c.status === "ok" ? t.connectedOk : t.connectedFailing;
  return (
    <li className="rounded-lg border border-slate-200 p-3" data-testid={`calendar-${row.resourceId}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">{row.resourceName}</h3>
        <span className={c?.status === "failing" ? "text-sm font-medium text-red-700" : "text-sm text-ink-muted"}>{state}</span>
      </div>
      {c ? (
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-ink-muted">{t.provider}</dt>
          <dd className="break-all">{c.provider === "google" ? t.providerGoogle : t.providerCaldav} · {c.calendar}</dd>
          <dt className="text-ink-muted">{t.account}</dt>
          <dd className="break-all">{c.account}{c.push ? ` · ${t.pushOn}` : ""}</dd>
          <dt className="text-ink-muted">{t.lastSync}</dt>
          <dd>{c.lastSync ?? t.never}</dd>
          {c.lastError ? (
            <>
              <dt className="text-ink-muted">{t.lastError}</dt>
              <dd className="text-red-700">{c.lastError}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {readOnly ? null : (
        <>
          {googleOAuth ? (
            <>
              <GoogleConnectButton row={row} t={t} />
              <p className="mt-3 text-sm text-ink-muted">{t.orServiceAccount}</p>
            </>
          ) : null}
          <ConnectForm row={row} t={t} />
          {c ? (
            <button type="button" className={`${secondaryButtonClass} mt-2`} disabled={m.pending || !hydrated} onClick={() => m.run({ url: `/api/calendar/connections/${row.resourceId}`, method: "DELETE", done: t.disconnected })}>
              {t.disconnect}
            </button>
          ) : null}
        </>
      )}
    </li>
  );
}

const OUTCOME_TEXT = {
  connected: "oauthConnected",
  denied: "oauthDenied",
  expired: "oauthExpired",
  invalid: "oauthInvalid",
  forbidden: "oauthForbidden",
  no_refresh_token: "oauthNoRefreshToken",
  failed: "oauthFailed",
} as const satisfies Record<GoogleConnectOutcome, keyof CalendarMessages>;

/** The Calendars section of the Provider keys page: each resource's calendar, its state, last sync and last error. */
export function CalendarConnections({
  rows,
  readOnly,
  googleOAuth = false,
  outcome = null,
  t,
}: {
  rows: CalendarRow[];
  readOnly: boolean;
  /** This server has a Google app: offer "Connect with Google" next to the service-account form. */
  googleOAuth?: boolean;
  outcome?: GoogleConnectOutcome | null;
  t: CalendarMessages;
}) {
  return (
    <section aria-labelledby="calendars-heading" className="space-y-3">
      <h2 id="calendars-heading" className="text-lg font-semibold">
        {t.title}
      </h2>
      <p className="text-sm text-ink-muted">{t.intro}</p>
      {outcome ? (
        <p role={outcome === "connected" ? "status" : "alert"} className={outcome === "connected" ? "rounded-md bg-green-50 p-3 text-sm text-green-900" : "rounded-md bg-red-50 p-3 text-sm text-red-800"}>
          {t[OUTCOME_TEXT[outcome]]}
        </p>
      ) : null}
      <ul className="space-y-3">
        {rows.map((row) => (
          <CalendarItem key={row.resourceId} row={row} readOnly={readOnly} googleOAuth={googleOAuth} t={t} />
        ))}
      </ul>
    </section>
  );
}

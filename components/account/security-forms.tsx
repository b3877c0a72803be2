"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import { FormError, TextField, buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useToast } from "@/components/ui/toaster";
import { fillMessage } from "@/lib/i18n";
import type { AccountMessages } from "@/lib/i18n/account-messages";

interface Setup {
  setup: string;
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Two-factor on the Account page: setup (QR code, then a code), recovery codes shown once, turning it off. */
export function TwoFactorSection({
  status,
  required,
  enabledOn,
  t,
}: {
  status: { enabled: boolean; recoveryCodesLeft: number; hasPassword: boolean };
  required: boolean;
  enabledOn: string | null;
  t: AccountMessages;
}) {
  const router = useRouter();
  const { notify, words } = useToast();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [pending, setPending] = useState(false);

  async function send<T>(method: string, body: unknown, onDone: (value: T) => void) {
    setPending(true);
    setFailure(null);
    try {
      onDone(await apiRequest<T>("/api/account/two-factor", method, body));
    } catch (error) {
      const f = failureOf(error, words.networkFailure);
      setFailure(f);
      notify("error", fillMessage(words.failed, { reason: f.message }));
    } finally {
      setPending(false);
    }
  }

  const fieldError = (field: string) => (failure?.field === field ? failure.message : null);
  const strayError = failure && !["code", "currentPassword"].includes(failure.field ?? "") ? failure.message : null;

  if (codes) {
    return (
      <div className="space-y-3 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200">
        <h3 className="font-semibold">{t.recoveryHeading}</h3>
        <p className="text-sm">{t.recoveryIntro}</p>
        <ul aria-label={t.recoveryList} className="grid grid-cols-2 gap-2 font-mono text-sm">
          {codes.map((c) => (
            <li key={c} className="rounded bg-white px-2 py-1 ring-1 ring-amber-200">
              {c}
            </li>
          ))}
        </ul>
        <button
          type="button"
          className={buttonClass}
          onClick={() => {
            setCodes(null);
            router.refresh();
          }}
        >
          {t.recoveryDone}
        </button>
      </div>
    );
  }

  if (status.enabled) {
    return (
      <div className="space-y-4">
        <p data-testid="two-factor-state" data-enabled="true" className="text-sm">
          {fillMessage(t.twoFactorOn, { date: enabledOn ?? "", count: status.recoveryCodesLeft })}
        </p>
        {required ? null : (
          <form
            method="post"
            noValidate
            aria-label={t.disableForm}
            className="space-y-3"
            onSubmit={(event: FormEvent<HTMLFormElement>) => {
              event.preventDefault();
              const data = new FormData(event.currentTarget);
              void send("DELETE", { currentPassword: String(data.get("currentPassword") ?? ""), code: String(data.get("code") ?? "") }, () => {
                notify("success", t.twoFactorDisabled);
                router.refresh();
              });
            }}
          >
            <p className="text-sm text-ink-muted">{t.disableIntro}</p>
            <FormError message={strayError} />
            <TextField label={t.currentPassword} name="currentPassword" type="password" autoComplete="current-password" required error={fieldError("currentPassword")} />
            <TextField label={t.codeOrRecovery} name="code" autoComplete="one-time-code" required error={fieldError("code")} />
            <button type="submit" className={secondaryButtonClass} disabled={pending}>
              {t.turnOff}
            </button>
          </form>
        )}
      </div>
    );
  }

  if (!status.hasPassword) return <p className="text-sm text-ink-muted">{t.twoFactorNeedsPassword}</p>;

  if (!setup) {
    return (
      <div className="space-y-3">
        <p data-testid="two-factor-state" data-enabled="false" className="text-sm">
          {t.twoFactorOff}
        </p>
        <FormError message={strayError} />
        <button type="button" className={buttonClass} disabled={pending} onClick={() => void send<Setup>("POST", undefined, setSetup)}>
          {t.turnOn}
        </button>
      </div>
    );
  }

  return (
    <form
      method="post"
      noValidate
      aria-label={t.setupForm}
      className="space-y-4"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const code = String(new FormData(event.currentTarget).get("code") ?? "");
        void send<{ recoveryCodes: string[] }>("PUT", { setup: setup.setup, code }, (done) => {
          setSetup(null);
          setCodes(done.recoveryCodes);
          notify("success", t.twoFactorEnabled);
        });
      }}
    >
      <p className="text-sm">{t.setupScan}</p>
      <div className="flex flex-wrap items-start gap-6">
        {/* The SVG is generated by the qrcode library from our own otpauth URI. */}
        <div role="img" aria-label={t.qrLabel} className="h-44 w-44 rounded-lg bg-white p-1 ring-1 ring-slate-200" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
        <div className="min-w-0 flex-1 space-y-3">
          <div>
            <p className="text-sm font-medium">{t.setupKey}</p>
            <code data-testid="totp-secret" className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 text-sm">
              {setup.secret}
            </code>
          </div>
          <FormError message={strayError} />
          <TextField label={t.code} name="code" inputMode="numeric" autoComplete="one-time-code" required error={fieldError("code")} />
          <div className="flex gap-2">
            <button type="submit" className={buttonClass} disabled={pending}>
              {t.confirmSetup}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setSetup(null)}>
              {t.cancel}
            </button>
          </div>
        </div>
      </div>
    </form>
  );
}

export interface SessionView {
  id: string;
  device: string;
  ip: string | null;
  signedIn: string;
  lastSeen: string;
  current: boolean;
}

export function SessionsList({ sessions, t }: { sessions: SessionView[]; t: AccountMessages }) {
  const router = useRouter();
  const { notify, words } = useToast();
  const [pending, setPending] = useState<string | null>(null);

  async function end(id: string) {
    setPending(id);
    try {
      await apiRequest(`/api/account/sessions/${id}`, "DELETE");
      notify("success", t.sessionEnded);
      router.refresh();
    } catch (error) {
      notify("error", fillMessage(words.failed, { reason: failureOf(error, words.networkFailure).message }));
    } finally {
      setPending(null);
    }
  }

  return (
    <ul aria-label={t.sessionsList} className="divide-y divide-slate-200 rounded-xl ring-1 ring-slate-200">
      {sessions.map((s) => (
        <li key={s.id} data-testid="account-session" data-current={s.current ? "true" : "false"} className="flex flex-wrap items-center justify-between gap-3 p-3">
          <div className="min-w-0 text-sm">
            <p className="font-medium">
              {s.device}
              {s.current ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-800">{t.thisDevice}</span> : null}
            </p>
            <p className="text-slate-600">
              {fillMessage(t.lastSeen, { when: s.lastSeen })} · {fillMessage(t.signedInAt, { when: s.signedIn })}
              {s.ip ? ` · ${fillMessage(t.ipAddress, { ip: s.ip })}` : ""}
            </p>
          </div>
          {s.current ? null : (
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={pending === s.id}
              onClick={() => void end(s.id)}
            >
              {t.signOutSession}
              <span className="sr-only"> ({fillMessage(t.signOutSessionNamed, { device: s.device, when: s.lastSeen })})</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";
import { fillMessage } from "@/lib/i18n";
import type { AuthMessages } from "@/lib/i18n/auth-messages";

/** Where to go once signed in: the apex hands the session to the tenant host. */
export function continueUrl(to?: string | null, next?: string | null): string {
  const params = new URLSearchParams();
  if (to) params.set("to", to);
  if (next) params.set("next", next);
  const query = params.toString();
  return `/api/auth/continue${query ? `?${query}` : ""}`;
}

const KNOWN_ERRORS = [
  "invalid_credentials",
  "locked",
  "two_factor_required",
  "invalid_code",
  "code_reused",
  "two_factor_password",
  "AccessDenied",
] as const;

export function signInErrorText(t: AuthMessages, code: string | null | undefined): string {
  if (code === "CredentialsSignin") return t.error_invalid_credentials;
  const known = KNOWN_ERRORS.find((k) => k === code);
  return known ? t[`error_${known}`] : t.error_failed;
}

/*
 * Email and password; when the account has a second factor the server says
 * so (two_factor_required) and the same form asks for the code, keeping what
 * was typed, then sends all three again.
 */
export function SignInForm({
  to,
  next,
  initialError,
  initialEmail,
  oauth,
  t,
}: {
  to?: string;
  next?: string;
  initialError?: string;
  initialEmail?: string;
  oauth: Array<{ id: string; name: string }>;
  t: AuthMessages;
}) {
  const [error, setError] = useState<string | null>(initialError ? signInErrorText(t, initialError) : null);
  const [pending, setPending] = useState(false);
  const [askCode, setAskCode] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      code: String(form.get("code") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      if (result?.error === "two_factor_required") {
        setAskCode(true);
        setTimeout(() => codeInput.current?.focus(), 0);
        return;
      }
      setError(signInErrorText(t, result?.error));
      if (askCode && codeInput.current) codeInput.current.value = "";
      return;
    }
    window.location.assign(continueUrl(to, next));
  }

  return (
    <div className="space-y-6">
      <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.signInForm}>
        <FormError message={error} />
        <TextField label={t.email} name="email" type="email" autoComplete="email" defaultValue={initialEmail} required />
        <TextField label={t.password} name="password" type="password" autoComplete="current-password" required />
        {askCode ? (
          <TextField
            ref={codeInput}
            label={t.code}
            name="code"
            inputMode="text"
            autoComplete="one-time-code"
            hint={t.codeHint}
            required
          />
        ) : null}
        <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
          {pending ? t.signingIn : askCode ? t.verify : t.signIn}
        </button>
        <p className="text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:text-brand-800">
            {t.forgotPassword}
          </Link>
        </p>
      </form>
      {oauth.length > 0 ? (
        <div className="space-y-2">
          {oauth.map((p) => (
            <button
              key={p.id}
              type="button"
              className="w-full rounded-lg px-4 py-2.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50"
              onClick={() => void signIn(p.id, { callbackUrl: continueUrl(to, next) })}
            >
              {fillMessage(t.continueWith, { provider: p.name })}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

"use client";

import { useRef, useState, type FormEvent } from "react";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";
import { ApiRequestError, apiRequest } from "@/components/forms/api-request";
import { useHydrated } from "@/components/forms/use-hydrated";

/** Email and password, then the code from the authenticator app when the server asks for it. */
export function AdminSignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [askCode, setAskCode] = useState(false);
  const [pending, setPending] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const body = { email: form.get("email"), password: form.get("password"), code: form.get("code") ?? "" };
      const done = await apiRequest<{ next: string }>("/api/admin/auth/sign-in", "POST", body);
      window.location.assign(done.next);
    } catch (failure) {
      setPending(false);
      if (failure instanceof ApiRequestError && failure.details.reason === "two_factor_required") {
        setAskCode(true);
        setTimeout(() => codeInput.current?.focus(), 0);
        return;
      }
      setError(failure instanceof Error ? failure.message : "Sign-in failed.");
      if (codeInput.current) codeInput.current.value = "";
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Platform sign-in">
      <FormError message={error} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      {askCode ? (
        <TextField ref={codeInput} label="Code" name="code" autoComplete="one-time-code" hint="From your authenticator app, or a recovery code." required />
      ) : null}
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? "Signing in…" : askCode ? "Verify" : "Sign in"}
      </button>
    </form>
  );
}

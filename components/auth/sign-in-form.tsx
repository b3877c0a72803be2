"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";

const MESSAGES: Record<string, string> = {
  invalid_credentials: "Email or password is incorrect.",
  CredentialsSignin: "Email or password is incorrect.",
  locked: "Too many failed attempts. Sign-in is paused for a few minutes; try again later.",
  AccessDenied: "No Frontdesk account uses this email. Sign up first, or ask for an invitation.",
};

/** Where to go once signed in: the apex hands the session to the tenant host. */
export function continueUrl(to?: string | null, next?: string | null): string {
  const params = new URLSearchParams();
  if (to) params.set("to", to);
  if (next) params.set("next", next);
  const query = params.toString();
  return `/api/auth/continue${query ? `?${query}` : ""}`;
}

export function SignInForm({ to, next, initialError, oauth }: { to?: string; next?: string; initialError?: string; oauth: Array<{ id: string; name: string }> }) {
  const [error, setError] = useState<string | null>(initialError ? (MESSAGES[initialError] ?? null) : null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Try again.");
      return;
    }
    window.location.assign(continueUrl(to, next));
  }

  return (
    <div className="space-y-6">
      <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in">
        <FormError message={error} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
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
              Continue with {p.name}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

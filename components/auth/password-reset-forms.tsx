"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import { fillMessage } from "@/lib/i18n";
import type { AuthMessages } from "@/lib/i18n/auth-messages";

export function ForgotPasswordForm({ t }: { t: AuthMessages }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    setPending(true);
    setFailure(null);
    try {
      await apiRequest("/api/auth/password-reset", "POST", { email });
      setSentTo(email.trim());
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setPending(false);
    }
  }

  if (sentTo) {
    return (
      <p role="status" className="rounded-lg bg-green-50 px-3 py-2 text-sm text-green-900">
        {fillMessage(t.forgotSent, { email: sentTo })}
      </p>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.forgotForm}>
      <FormError message={failure && failure.field !== "email" ? failure.message : null} />
      <TextField label={t.email} name="email" type="email" autoComplete="email" required error={failure?.field === "email" ? failure.message : null} />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? t.sending : t.sendLink}
      </button>
    </form>
  );
}

export function ResetPasswordForm({ token, t }: { token: string; t: AuthMessages }) {
  const router = useRouter();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setPending(true);
    setFailure(null);
    try {
      const done = await apiRequest<{ email: string }>("/api/auth/password-reset/complete", "POST", { token, password });
      router.push(`/sign-in?${new URLSearchParams({ reset: "1", email: done.email })}`);
    } catch (error) {
      setPending(false);
      setFailure(failureOf(error));
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.resetForm}>
      <FormError message={failure && failure.field !== "password" ? failure.message : null} />
      <TextField
        label={t.newPassword}
        name="password"
        type="password"
        autoComplete="new-password"
        hint={t.passwordHint}
        required
        error={failure?.field === "password" ? failure.message : null}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? t.saving : t.savePassword}
      </button>
    </form>
  );
}

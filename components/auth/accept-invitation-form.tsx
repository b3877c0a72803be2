"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import type { AuthMessages } from "@/lib/i18n/auth-messages";
import { continueUrl } from "./sign-in-form";

export function AcceptInvitationForm({ slug, token, hasAccount, t }: { slug: string; token: string; hasAccount: boolean; t: AuthMessages }) {
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const router = useRouter();
  const fieldError = (name: string) => (failure?.field === name ? failure.message : null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setPending(true);
    setFailure(null);
    try {
      const accepted = await apiRequest<{ email: string; slug: string }>("/api/auth/invitations/accept", "POST", { slug, token, ...form });
      const result = await signIn("credentials", { email: accepted.email, password: form.password, redirect: false });
      if (result?.error === "two_factor_required") {
        // Joined; the code is asked for on the sign-in page, which then goes on to the workspace.
        router.push(`/sign-in?${new URLSearchParams({ to: accepted.slug, joined: "1", email: accepted.email })}`);
        return;
      }
      if (!result || result.error) throw new Error("sign-in failed");
      window.location.assign(continueUrl(accepted.slug));
    } catch (error) {
      setPending(false);
      setFailure(failureOf(error));
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.acceptForm}>
      <FormError message={failure && failure.field !== "name" && failure.field !== "password" ? failure.message : null} />
      {hasAccount ? null : <TextField label={t.yourName} name="name" autoComplete="name" required error={fieldError("name")} />}
      <TextField
        label={hasAccount ? t.yourPassword : t.choosePassword}
        name="password"
        type="password"
        autoComplete={hasAccount ? "current-password" : "new-password"}
        hint={hasAccount ? t.existingAccountHint : t.newAccountHint}
        required
        error={fieldError("password")}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? t.joining : hasAccount ? t.signInAndJoin : t.createAndJoin}
      </button>
    </form>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiRequestError, apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { failureFromIssues } from "@/components/forms/api-request";
import { changeNameSchema } from "@/lib/auth/account-schemas";
import { newPasswordSchema } from "@/lib/auth/credentials-rules";
import type { AccountMessages } from "@/lib/i18n/account-messages";
import { fillMessage } from "@/lib/i18n";
import { useToast } from "@/components/ui/toaster";

export function NameForm({ name, t }: { name: string; t: AccountMessages }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [invalid, setInvalid] = useState<FormFailure | null>(null);
  const { notify, words } = useToast();
  const save = useMutation({
    mutationFn: (body: { name: string }) => apiRequest<{ name: string }>("/api/account", "PATCH", body),
    // The header shows the name too: redraw the server-rendered frame.
    onSuccess: () => {
      notify("success", t.nameSaved);
      router.refresh();
    },
    onError: (error) => notify("error", fillMessage(words.failed, { reason: failureOf(error, words.networkFailure).message })),
  });
  const failure = invalid ?? (save.error ? failureOf(save.error) : null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const parsed = changeNameSchema.safeParse({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
    if (!parsed.success) {
      setInvalid(failureFromIssues(parsed.error));
      return;
    }
    setInvalid(null);
    save.mutate(parsed.data);
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.nameForm}>
      <FormError message={failure && failure.field !== "name" ? failure.message : null} />
      <TextField
        label={t.newName}
        name="name"
        defaultValue={name}
        autoComplete="name"
        maxLength={120}
        required
        error={failure?.field === "name" ? failure.message : null}
      />
      <button type="submit" className={buttonClass} disabled={save.isPending || !hydrated}>
        {t.saveName}
      </button>
    </form>
  );
}

type PasswordBody = { currentPassword: string; newPassword: string };

/** The server's refusals, in the page's language where the page knows them. */
function passwordFailure(error: unknown, t: AccountMessages): FormFailure {
  const failure = failureOf(error);
  if (error instanceof ApiRequestError && failure.field === "currentPassword") {
    if (error.status === 429) return { field: "currentPassword", message: t.locked };
    if (error.status === 400) return { field: "currentPassword", message: t.currentWrong };
  }
  return failure;
}

/** Checks in the order a person fixes them; sign-up's password rules (their messages stay in English) come from the shared schema. */
function checkPasswordForm(values: PasswordBody & { confirmPassword: string }, t: AccountMessages): FormFailure | null {
  if (!values.currentPassword) return { field: "currentPassword", message: t.currentRequired };
  const strength = newPasswordSchema.safeParse(values.newPassword);
  if (!strength.success) return { field: "newPassword", message: strength.error.issues[0]?.message ?? t.newPassword };
  if (values.confirmPassword !== values.newPassword) return { field: "confirmPassword", message: t.mismatch };
  if (values.newPassword === values.currentPassword) return { field: "newPassword", message: t.samePassword };
  return null;
}

export function PasswordForm({ email, t }: { email: string; t: AccountMessages }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [invalid, setInvalid] = useState<FormFailure | null>(null);
  const { notify, words } = useToast();
  const change = useMutation({
    mutationFn: (body: PasswordBody) => apiRequest("/api/account/password", "POST", body),
    // The answer carried this browser's new session cookie; re-render with it.
    onSuccess: () => {
      notify("success", t.passwordChanged);
      router.refresh();
    },
    onError: (error) => notify("error", fillMessage(words.failed, { reason: passwordFailure(error, t).message })),
  });
  const failure = invalid ?? (change.error ? passwordFailure(change.error, t) : null);
  const fieldError = (field: string) => (failure?.field === field ? failure.message : null);
  const drawn = new Set(["currentPassword", "newPassword", "confirmPassword"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change.reset();
    const form = event.currentTarget;
    const data = new FormData(form);
    const values = {
      currentPassword: String(data.get("currentPassword") ?? ""),
      newPassword: String(data.get("newPassword") ?? ""),
      confirmPassword: String(data.get("confirmPassword") ?? ""),
    };
    const problem = checkPasswordForm(values, t);
    setInvalid(problem);
    if (problem) return;
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword }, { onSuccess: () => form.reset() });
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.passwordForm}>
      <p className="text-sm text-ink-muted">{t.passwordIntro}</p>
      <FormError message={failure && !(failure.field && drawn.has(failure.field)) ? failure.message : null} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label={t.currentPassword}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={fieldError("currentPassword")}
      />
      <TextField label={t.newPassword} name="newPassword" type="password" autoComplete="new-password" required minLength={12} error={fieldError("newPassword")} />
      <TextField
        label={t.confirmPassword}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={fieldError("confirmPassword")}
      />
      <button type="submit" className={buttonClass} disabled={change.isPending || !hydrated}>
        {t.changePassword}
      </button>
    </form>
  );
}

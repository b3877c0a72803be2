"use client";

import { useState, type FormEvent } from "react";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";
import { ApiRequestError, apiRequest } from "@/components/forms/api-request";
import { useHydrated } from "@/components/forms/use-hydrated";

export function AdminSetupForm({ token }: { token: string }) {
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setPending(true);
    setError(null);
    try {
      const done = await apiRequest<{ next: string }>("/api/admin/auth/setup", "POST", { token, password });
      window.location.assign(done.next);
    } catch (failure) {
      setPending(false);
      setError(failure instanceof ApiRequestError ? failure.failure : { message: "Setup failed." });
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Platform account setup">
      <FormError message={error && error.field !== "password" ? error.message : null} />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={error?.field === "password" ? error.message : null}
        required
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}

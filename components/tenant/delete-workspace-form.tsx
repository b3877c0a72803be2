"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { FormError, TextField } from "@/components/forms/fields";
import { apiRequest, failureOf } from "@/components/forms/api-request";
import { useHydrated } from "@/components/forms/use-hydrated";
import { useOutcomeToasts } from "@/components/ui/toaster";
import { fillMessage } from "@/lib/i18n";
import type { DeleteWorkspaceMessages } from "@/lib/i18n/console-messages";

const dangerButtonClass =
  "inline-flex items-center justify-center rounded-lg bg-red-700 px-4 py-2.5 text-sm font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-60";

/**
 * Owner only. The address is typed out and the password asked for because
 * nothing brings a deleted workspace back; the server checks both again.
 */
export function DeleteWorkspaceForm({ slug, name, t }: { slug: string; name: string; t: DeleteWorkspaceMessages }) {
  const hydrated = useHydrated();
  const toast = useOutcomeToasts();
  const remove = useMutation({
    mutationFn: (body: { slug: string; password: string }) =>
      apiRequest<{ deleted: string; redirectTo: string }>("/api/workspace", "DELETE", body),
    // Another host (the apex): a full navigation, and this page's state goes with it.
    onSuccess: (result) => window.location.assign(result.redirectTo),
    onError: toast.fail,
  });
  const failure = remove.error ? failureOf(remove.error) : null;
  const fieldError = (field: string) => (failure?.field === field ? failure.message : null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    remove.mutate({ slug: String(data.get("slug") ?? ""), password: String(data.get("password") ?? "") });
  }

  return (
    <section aria-labelledby="danger-zone-heading" className="mt-10 max-w-2xl rounded-lg border border-red-300 p-4">
      <h2 id="danger-zone-heading" className="text-lg font-semibold text-red-800">
        {t.heading}
      </h2>
      <h3 className="mt-2 font-semibold">{t.title}</h3>
      <p id="delete-workspace-explain" className="mt-1 text-sm text-ink-muted">
        {fillMessage(t.explain, { name })}
      </p>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4 max-w-md space-y-4" aria-label={t.form} aria-describedby="delete-workspace-explain">
        <FormError message={failure && failure.field !== "slug" && failure.field !== "password" ? failure.message : null} />
        <TextField
          label={fillMessage(t.slugLabel, { slug })}
          name="slug"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          error={fieldError("slug")}
        />
        <TextField
          label={t.passwordLabel}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          hint={t.passwordHint}
          error={fieldError("password")}
        />
        <button type="submit" className={dangerButtonClass} disabled={remove.isPending || remove.isSuccess || !hydrated}>
          {remove.isPending || remove.isSuccess ? t.pending : t.submit}
        </button>
      </form>
    </section>
  );
}

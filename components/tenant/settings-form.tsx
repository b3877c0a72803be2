"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { FormError, TextField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf, type FormFailure } from "@/components/forms/api-request";
import type { SettingsMessages } from "@/lib/i18n/console-messages";

export function SettingsForm({
  businessName,
  readOnly = false,
  t,
}: {
  businessName: string;
  readOnly?: boolean;
  t: Pick<SettingsMessages, "form" | "businessName" | "save" | "saved">;
}) {
  const router = useRouter();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget));
    setPending(true);
    setFailure(null);
    setSaved(false);
    try {
      await apiRequest("/api/settings", "PATCH", form);
      setSaved(true);
      router.refresh();
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t.form}>
      <FormError message={failure && !failure.field ? failure.message : null} />
      <TextField label={t.businessName} name="businessName" defaultValue={businessName} required disabled={readOnly} error={failure?.field === "businessName" ? failure.message : null} />
      {readOnly ? null : (
        <button type="submit" className={buttonClass} disabled={pending || !hydrated}>
          {t.save}
        </button>
      )}
      {saved ? (
        <p role="status" className="text-sm text-green-700">
          {t.saved}
        </p>
      ) : null}
    </form>
  );
}

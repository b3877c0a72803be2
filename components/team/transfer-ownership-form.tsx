"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError, SelectField, buttonClass } from "@/components/forms/fields";
import { apiRequest, failureOf } from "@/components/forms/api-request";
import { useOutcomeToasts, useToast } from "@/components/ui/toaster";
import { useHydrated } from "@/components/forms/use-hydrated";
import type { TeamMessages } from "@/lib/i18n/team-messages";

/** Owner only. The explicit confirmation is there because the owner loses billing and deletion rights at once. */
export function TransferOwnershipForm({ candidates, t }: { candidates: Array<{ id: string; name: string; email: string }>; t: TeamMessages }) {
  const router = useRouter();
  const toast = useOutcomeToasts();
  const { words } = useToast();
  const hydrated = useHydrated();
  const [confirmMissing, setConfirmMissing] = useState(false);
  // On success the page re-renders for an admin: the member list shows the new owner and this form goes away.
  const transfer = useMutation({
    mutationFn: (membershipId: string) => apiRequest("/api/team/ownership", "POST", { membershipId }),
    onSuccess: () => {
      toast.succeed(words.saved);
      router.refresh();
    },
    onError: toast.fail,
  });
  const failure = transfer.error ? failureOf(transfer.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    if (data.get("confirm") !== "yes") {
      setConfirmMissing(true);
      return;
    }
    setConfirmMissing(false);
    transfer.mutate(String(data.get("membershipId") ?? ""));
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="mt-4 space-y-4" aria-label={t.transferForm}>
      <p className="text-sm text-ink-muted">{t.transferIntro}</p>
      <FormError message={failure && failure.field !== "membershipId" ? failure.message : null} />
      <SelectField
        label={t.transferTo}
        name="membershipId"
        options={candidates.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` }))}
        error={failure?.field === "membershipId" ? failure.message : null}
      />
      <div className="flex items-start gap-2 text-sm">
        <input id="transfer-confirm" name="confirm" type="checkbox" value="yes" className="mt-1" aria-describedby={confirmMissing ? "transfer-confirm-error" : undefined} />
        <label htmlFor="transfer-confirm">{t.transferConfirm}</label>
      </div>
      {confirmMissing ? (
        <p id="transfer-confirm-error" role="alert" className="text-sm text-red-700">
          {t.transferNeedsConfirm}
        </p>
      ) : null}
      <button type="submit" className={buttonClass} disabled={transfer.isPending || !hydrated}>
        {t.transferButton}
      </button>
    </form>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { apiRequest } from "@/components/forms/api-request";
import { secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { useOutcomeToasts } from "@/components/ui/toaster";
import type { BillingMessages } from "@/lib/i18n/billing-messages";

/** Opens the Stripe Customer Portal (a full navigation; it returns to this page). */
export function ManageBillingButton({ t }: { t: BillingMessages }) {
  const hydrated = useHydrated();
  const toast = useOutcomeToasts();
  const portal = useMutation({
    mutationFn: () => apiRequest<{ url: string }>("/api/billing/portal", "POST"),
    onSuccess: (result) => window.location.assign(result.url),
    onError: toast.fail,
  });
  const busy = portal.isPending || portal.isSuccess;
  return (
    <div>
      <button type="button" className={secondaryButtonClass} disabled={busy || !hydrated} onClick={() => portal.mutate()} aria-describedby="manage-billing-hint">
        {busy ? t.opening : t.manageBilling}
      </button>
      <p id="manage-billing-hint" className="mt-1 text-xs text-ink-muted">
        {t.manageHint}
      </p>
    </div>
  );
}

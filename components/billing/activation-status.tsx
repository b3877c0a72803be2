"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { apiRequest } from "@/components/forms/api-request";
import { fillMessage } from "@/lib/i18n";
import type { BillingMessages } from "@/lib/i18n/billing-messages";

type Activation = { status: string; plan: string; active: boolean };

// Polls back off from 1 s to 8 s; past LATE_MS without the subscription the webhook counts as late.
const LATE_MS = 6_000;
const pollDelay = (polls: number) => Math.min(8_000, 1_000 * 2 ** Math.floor(polls / 2));

/**
 * "Activating…" until the subscription the owner just paid for has landed
 * (the webhook's doing). If it is late, the server is asked once to read the
 * Checkout session from Stripe itself; polling continues either way.
 */
export function ActivationStatus({ sessionId, planNames, t }: { sessionId: string | null; planNames: Record<string, string>; t: BillingMessages }) {
  const status = useQuery({
    queryKey: ["billing-activation"],
    queryFn: () => apiRequest<Activation>("/api/billing/status", "GET"),
    refetchInterval: (query) => (query.state.data?.active ? false : pollDelay(query.state.dataUpdateCount)),
    refetchIntervalInBackground: false,
    retry: 2,
  });
  const sync = useMutation({ mutationFn: (id: string) => apiRequest<{ state: string }>("/api/billing/sync", "POST", { sessionId: id }) });
  const [since] = useState(() => Date.now());
  const late = !status.data?.active && status.dataUpdatedAt - since >= LATE_MS;
  const { mutate, isIdle } = sync;
  useEffect(() => {
    if (late && sessionId && isIdle) mutate(sessionId);
  }, [late, sessionId, isIdle, mutate]);

  const active = status.data?.active === true;
  return (
    <div className="space-y-4">
      <p role="status" aria-live="polite" data-testid="activation-status" data-state={active ? "active" : "activating"} className="text-base">
        {active ? fillMessage(t.activated, { plan: planNames[status.data!.plan] ?? status.data!.plan }) : t.activating}
      </p>
      {!active && late ? <p className="text-sm text-ink-muted">{t.stillWaiting}</p> : null}
      <Link href="/billing" className="text-sm font-semibold text-brand-700 underline">
        {t.backToBilling}
      </Link>
    </div>
  );
}

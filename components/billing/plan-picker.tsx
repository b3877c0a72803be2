"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/forms/api-request";
import { buttonClass, secondaryButtonClass } from "@/components/forms/fields";
import { useHydrated } from "@/components/forms/use-hydrated";
import { useOutcomeToasts } from "@/components/ui/toaster";
import { formatMoney } from "./money";
import type { PlanOffer } from "@/lib/billing/billing-overview";
import { fillMessage, type UiLocale } from "@/lib/i18n";
import type { BillingMessages } from "@/lib/i18n/billing-messages";

type Interval = "month" | "year";
type Outcome = { kind: "redirect"; url: string } | { kind: "changed"; plan: string; interval: Interval };

/**
 * Plans in the tenant's currency with a monthly/yearly switch. Subscribing
 * goes to Stripe Checkout (a full navigation); with a live subscription the
 * server changes the plan in place and the page refreshes.
 */
export function PlanPicker(props: {
  offers: PlanOffer[];
  currency: string;
  currentPlan: string;
  currentInterval: Interval | null;
  subscribed: boolean;
  canManage: boolean;
  configured: boolean;
  locale: UiLocale;
  t: BillingMessages;
}) {
  const { offers, currency, currentPlan, subscribed, canManage, configured, locale, t } = props;
  const [interval, setInterval] = useState<Interval>(props.currentInterval ?? "month");
  const hydrated = useHydrated();
  const router = useRouter();
  const toast = useOutcomeToasts();
  const choose = useMutation({
    mutationFn: (body: { plan: string; interval: Interval }) => apiRequest<Outcome>("/api/billing/checkout", "POST", body),
    onSuccess: (outcome) => {
      if (outcome.kind === "redirect") window.location.assign(outcome.url);
      else {
        toast.succeed(t.planChanged);
        router.refresh();
      }
    },
    onError: toast.fail,
  });
  const busy = choose.isPending || (choose.isSuccess && choose.data.kind === "redirect");
  const n = (count: number) => new Intl.NumberFormat(locale).format(count);

  return (
    <section aria-labelledby="plans-heading" className="space-y-4">
      <h2 id="plans-heading" className="text-lg font-semibold">
        {t.plansHeading}
      </h2>
      <fieldset className="inline-flex gap-1 rounded-lg bg-slate-100 p-1">
        <legend className="sr-only">{t.billingCycle}</legend>
        {(["month", "year"] as const).map((value) => (
          <label key={value} className={`cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-700 ${interval === value ? "bg-white shadow-sm" : "text-ink-muted"}`}>
            <input type="radio" name="interval" value={value} checked={interval === value} onChange={() => setInterval(value)} className="sr-only" />
            {value === "month" ? t.monthly : t.yearly}
          </label>
        ))}
      </fieldset>
      <ul className="grid gap-4 md:grid-cols-3">
        {offers.map((offer) => {
          const cents = offer.prices[interval];
          const current = subscribed && offer.code === currentPlan && interval === props.currentInterval;
          const l = offer.limits;
          return (
            <li key={offer.code} data-testid={`plan-${offer.code}`} className={`flex flex-col rounded-lg border p-4 ${offer.code === currentPlan ? "border-brand-600" : "border-slate-200"}`}>
              <h3 className="text-base font-semibold">{offer.name}</h3>
              <p className="mt-1 text-xl font-bold">
                {cents === undefined ? "—" : fillMessage(interval === "month" ? t.perMonth : t.perYear, { price: formatMoney(cents, currency, locale) })}
              </p>
              <ul className="mt-3 flex-1 space-y-1 text-sm text-ink-muted">
                {l.conversationsPerMonth !== null ? <li>{fillMessage(t.limitConversations, { count: n(l.conversationsPerMonth) })}</li> : null}
                <li>{l.channels.includes("voice") && l.callMinutesPerMonth ? fillMessage(t.limitMinutes, { count: n(l.callMinutesPerMonth) }) : t.limitNoVoice}</li>
                {l.seats !== null ? <li>{fillMessage(t.limitSeats, { count: n(l.seats) })}</li> : null}
                {l.routedNumbers !== null ? <li>{fillMessage(t.limitNumbers, { count: n(l.routedNumbers) })}</li> : null}
                {l.dataRetentionDays !== null ? <li>{fillMessage(t.limitRetention, { count: n(l.dataRetentionDays) })}</li> : null}
                <li>{l.overLimit === "meter" ? t.overLimitMeter : t.overLimitRefuse}</li>
              </ul>
              {configured && canManage ? (
                <button
                  type="button"
                  className={`mt-4 ${current ? secondaryButtonClass : buttonClass}`}
                  disabled={current || busy || !hydrated || cents === undefined}
                  onClick={() => choose.mutate({ plan: offer.code, interval })}
                >
                  {current ? t.yourPlan : fillMessage(subscribed ? t.changePlan : t.subscribe, { plan: offer.name })}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {busy && choose.variables ? (
        <p role="status" className="text-sm text-ink-muted">
          {t.redirecting}
        </p>
      ) : null}
    </section>
  );
}

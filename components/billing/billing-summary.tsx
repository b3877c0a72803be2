import { formatNumber } from "@/components/conversations/time-format";
import type { BillingOverview, UsageLine } from "@/lib/billing/billing-overview";
import { fillMessage, type UiLocale } from "@/lib/i18n";
import type { BillingMessages } from "@/lib/i18n/billing-messages";
import { formatInstant } from "@/lib/i18n/date-format";
import { formatMoney } from "./money";

const DATE: Intl.DateTimeFormatOptions = { dateStyle: "long" };

export function BillingFacts({ overview, locale, t }: { overview: BillingOverview; locale: UiLocale; t: BillingMessages }) {
  const sub = overview.subscription;
  const date = (iso: string) => formatInstant(iso, overview.timeZone, locale, DATE);
  const next = sub?.nextInvoiceAt
    ? sub.nextInvoiceAmountCents !== null
      ? fillMessage(t.nextInvoiceOn, { amount: formatMoney(sub.nextInvoiceAmountCents, overview.currency, locale), date: date(sub.nextInvoiceAt) })
      : fillMessage(t.nextInvoiceDate, { date: date(sub.nextInvoiceAt) })
    : t.noInvoice;
  return (
    <dl className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-3">
      <div>
        <dt className="text-sm text-ink-muted">{t.currentPlan}</dt>
        <dd data-testid="billing-plan" className="text-lg font-semibold">
          {overview.trialDays ? fillMessage(t.trialPlan, { plan: overview.plan.name, days: overview.trialDays }) : overview.plan.name}
        </dd>
        {overview.trialDays ? <dd className="text-sm text-ink-muted">{fillMessage(t.trialLimits, { plan: overview.plan.name })}</dd> : null}
      </div>
      <div>
        <dt className="text-sm text-ink-muted">{t.status}</dt>
        <dd data-testid="billing-status" className="text-lg font-semibold">
          {t[`status_${overview.status}`]}
        </dd>
        {overview.trialEndsAt && overview.trialDaysLeft ? (
          <dd className="text-sm text-ink-muted">{fillMessage(t.trialEnds, { date: date(overview.trialEndsAt), days: overview.trialDaysLeft })}</dd>
        ) : null}
      </div>
      <div>
        <dt className="text-sm text-ink-muted">{t.nextInvoice}</dt>
        <dd data-testid="billing-next-invoice" className="text-lg font-semibold">
          {sub?.cancelAtPeriodEnd ? t.noInvoice : next}
        </dd>
        {sub?.cancelAtPeriodEnd && sub.nextInvoiceAt ? <dd className="text-sm text-ink-muted">{fillMessage(t.cancelsAtPeriodEnd, { date: date(sub.nextInvoiceAt) })}</dd> : null}
      </div>
    </dl>
  );
}

function UsageBar({ line, locale, t }: { line: UsageLine; locale: UiLocale; t: BillingMessages }) {
  const label = t[`usage_${line.metric}`];
  const used = formatNumber(line.used, locale);
  const percent = line.limit ? Math.min(100, Math.round((line.used / line.limit) * 100)) : null;
  const over = line.limit !== null && line.used > line.limit;
  return (
    <li data-testid={`billing-usage-${line.metric}`} className="space-y-1">
      <div className="flex items-baseline justify-between gap-4 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-ink-muted">
          {line.limit === null ? fillMessage(t.usedNoLimit, { used }) : fillMessage(t.usedOfLimit, { used, limit: formatNumber(line.limit, locale) })}
        </span>
      </div>
      {percent !== null ? (
        <div
          role="progressbar"
          aria-label={fillMessage(t.usageBar, { label, percent })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-2 overflow-hidden rounded-full bg-slate-100"
        >
          <div className={`h-full rounded-full ${over ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
        </div>
      ) : null}
      {over ? <p className="text-xs font-semibold text-red-700">{t.overLimit}</p> : null}
    </li>
  );
}

export function BillingUsage({ overview, locale, t }: { overview: BillingOverview; locale: UiLocale; t: BillingMessages }) {
  return (
    <section aria-labelledby="usage-heading" className="space-y-3">
      <h2 id="usage-heading" className="text-lg font-semibold">
        {t.usageHeading}
      </h2>
      <ul className="max-w-2xl space-y-4">
        {overview.usage.map((line) => (
          <UsageBar key={line.metric} line={line} locale={locale} t={t} />
        ))}
      </ul>
    </section>
  );
}

import Link from "next/link";
import type { Overview } from "@/lib/platform/queries";
import { cardClass, formatCount, formatMoney, formatPercent, formatUtc, humanize, linkClass } from "./admin-format";

/* The overview's panels: plain figures with their definitions next to them. */

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className={cardClass} data-testid={testId}>
      <p className="text-sm text-ink-muted">{label}</p>
      <p className="mt-1 text-2xl font-bold tabular-nums">{value}</p>
      {hint ? <p className="mt-1 text-xs text-ink-muted">{hint}</p> : null}
    </div>
  );
}

function Breakdown({ title, counts, hrefOf, label = humanize }: { title: string; counts: Record<string, number>; hrefOf: (key: string) => string; label?: (key: string) => string }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <section aria-label={title} className={cardClass}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-ink-muted">No tenants yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {entries.map(([key, n]) => (
            <li key={key} className="flex justify-between gap-3 py-1.5">
              <Link href={hrefOf(key)} className={linkClass}>
                {label(key)}
              </Link>
              <span className="tabular-nums">{formatCount(n)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TenantBreakdowns({ overview }: { overview: Overview }) {
  return (
    <section aria-labelledby="tenants-heading" className="space-y-3">
      <h2 id="tenants-heading" className="text-lg font-semibold">
        Tenants <span className="font-normal text-ink-muted">· {formatCount(overview.totalTenants)} in all</span>
      </h2>
      <div className="grid gap-4 md:grid-cols-3">
        <Breakdown title="By status" counts={overview.tenantsByStatus} hrefOf={(k) => `/tenants?status=${encodeURIComponent(k)}`} />
        <Breakdown title="By plan" counts={overview.tenantsByPlan} hrefOf={(k) => `/tenants?plan=${encodeURIComponent(k)}`} />
        <Breakdown title="By region" counts={overview.tenantsByRegion} hrefOf={(k) => `/tenants?region=${encodeURIComponent(k)}`} label={(k) => k} />
      </div>
    </section>
  );
}

export function RevenueAndActivity({ overview }: { overview: Overview }) {
  const { mrr, activity } = overview;
  return (
    <section aria-labelledby="revenue-heading" className="space-y-3">
      <h2 id="revenue-heading" className="text-lg font-semibold">
        Revenue and activity
      </h2>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {mrr.byCurrency.length === 0 ? <Stat label="MRR" value="—" hint="No paying subscription yet." /> : null}
        {mrr.byCurrency.map((m) => (
          <Stat
            key={m.currency}
            testId={`mrr-${m.currency}`}
            label={`MRR in ${m.currency.toUpperCase()}`}
            value={formatMoney(m.mrrCents, m.currency)}
            hint={`${formatCount(m.subscriptions)} active or past-due subscription${m.subscriptions === 1 ? "" : "s"}; yearly prices count a twelfth.`}
          />
        ))}
        <Stat label="Conversations today" value={formatCount(activity.conversationsToday)} hint={`${formatCount(activity.conversationsMonth)} this month`} testId="conversations-today" />
        <Stat label="Call minutes today" value={formatCount(activity.callMinutesToday)} hint={`${formatCount(activity.callMinutesMonth)} this month`} testId="call-minutes-today" />
      </div>
      <p className="text-xs text-ink-muted">
        MRR is priced from the plan catalogue, per currency, never converted.
        {mrr.unpriced > 0 ? ` ${formatCount(mrr.unpriced)} billing subscription${mrr.unpriced === 1 ? " has" : "s have"} no catalogue price (custom plans) and ${mrr.unpriced === 1 ? "is" : "are"} not included.` : ""}{" "}
        &ldquo;Today&rdquo; and &ldquo;this month&rdquo; are each tenant&rsquo;s own day and month in its time zone; each call counts whole minutes, as billed.
      </p>
    </section>
  );
}

export function NearLimitPanel({ overview }: { overview: Overview }) {
  const { nearLimit } = overview;
  return (
    <section aria-labelledby="near-limit-heading" className={cardClass}>
      <h2 id="near-limit-heading" className="text-lg font-semibold">
        At 80 % or more of a monthly quota <span className="font-normal text-ink-muted">· {formatCount(nearLimit.count)}</span>
      </h2>
      <p className="mt-1 text-xs text-ink-muted">The higher of conversations and call minutes used this month against the plan.</p>
      {nearLimit.top.length === 0 ? (
        <p className="mt-3 text-sm text-ink-muted">No tenant is near a limit.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {nearLimit.top.map((t) => (
            <li key={t.id} className="flex justify-between gap-3 py-1.5">
              <Link href={`/tenants/${t.id}`} className={linkClass}>
                {t.name} <span className="font-normal text-ink-muted">({t.slug})</span>
              </Link>
              <span className={`tabular-nums font-semibold ${t.percent >= 100 ? "text-red-700" : "text-amber-700"}`}>{formatPercent(t.percent)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const PROVIDER_NAMES: Record<string, string> = { stripe: "Stripe", vapi: "Vapi (voice)", twilio: "Twilio (WhatsApp)" };

export function WebhookFailuresPanel({ overview }: { overview: Overview }) {
  const { webhookFailures } = overview;
  return (
    <section aria-labelledby="webhooks-heading" className={cardClass}>
      <h2 id="webhooks-heading" className="text-lg font-semibold">
        Webhook failures, last 24 hours
      </h2>
      <p className="mt-1 text-xs text-ink-muted">Deliveries answered with an error (refused signature, unknown number, rate limit, failure), counted per hour since {formatUtc(webhookFailures.since)}.</p>
      <table className="mt-3 w-full text-left text-sm">
        <caption className="sr-only">Webhook failures per provider</caption>
        <thead>
          <tr>
            <th scope="col" className="border-b border-slate-200 py-1.5 font-semibold">Provider</th>
            <th scope="col" className="border-b border-slate-200 py-1.5 text-right font-semibold">Failures</th>
            <th scope="col" className="border-b border-slate-200 py-1.5 pl-4 font-semibold">By outcome</th>
            <th scope="col" className="border-b border-slate-200 py-1.5 pl-4 font-semibold">Last</th>
          </tr>
        </thead>
        <tbody>
          {webhookFailures.byProvider.map((p) => (
            <tr key={p.provider} data-testid={`webhook-${p.provider}`}>
              <th scope="row" className="py-1.5 font-normal">{PROVIDER_NAMES[p.provider]}</th>
              <td className={`py-1.5 text-right tabular-nums ${p.total > 0 ? "font-semibold text-red-700" : ""}`}>{formatCount(p.total)}</td>
              <td className="py-1.5 pl-4 text-ink-muted">
                {Object.entries(p.byOutcome).map(([o, n]) => `${humanize(o)}: ${formatCount(n)}`).join(", ") || "—"}
              </td>
              <td className="py-1.5 pl-4 text-ink-muted">{formatUtc(p.lastAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

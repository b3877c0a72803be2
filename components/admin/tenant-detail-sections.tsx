import type { TenantDetail } from "@/lib/platform/queries";
import { cardClass, formatCount, formatPercent, formatUtc, formatUtcDay, humanize, tableClass, tdClass, thClass } from "./admin-format";
import { UsageChart } from "./usage-chart";

/* The tenant detail page's sections; the page only arranges them. */

function Section({ id, title, children, className = "" }: { id: string; title: string; children: React.ReactNode; className?: string }) {
  return (
    <section aria-labelledby={id} className={`${cardClass} ${className}`}>
      <h2 id={id} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-ink-muted">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ProfileSection({ detail }: { detail: TenantDetail }) {
  const p = detail.profile;
  return (
    <Section id="profile-heading" title="Profile">
      <Facts
        rows={[
          ["Address", <span key="a" className="font-mono">{p.slug}</span>],
          ["Tenant id", <span key="i" className="font-mono text-xs">{p.id}</span>],
          ["Contact email", p.adminEmail],
          ["Region · zone", `${p.region} · ${p.timezone}`],
          ["Language", p.locale.toUpperCase()],
          ["Created", formatUtc(p.createdAt)],
          ["Two-factor for all", p.requireTwoFactor ? "Required" : "Not required"],
          ...(p.trialEndsAt && p.status === "trial" ? [["Trial ends", formatUtc(p.trialEndsAt)] as [string, string]] : []),
          ...(p.suspendedAt ? [["Suspended", formatUtc(p.suspendedAt)] as [string, string]] : []),
          ...(p.cancelledAt ? [["Cancelled", formatUtc(p.cancelledAt)] as [string, string]] : []),
          ...(p.dataDeletionDueAt ? [["Data deleted on", formatUtcDay(p.dataDeletionDueAt)] as [string, string]] : []),
        ]}
      />
    </Section>
  );
}

export function BillingSection({ detail }: { detail: TenantDetail }) {
  const { subscription: s, dunningStep } = detail.billing;
  const p = detail.profile;
  return (
    <Section id="billing-heading" title="Subscription">
      <Facts
        rows={[
          ["Plan", p.planName],
          ["Stripe customer", p.stripeCustomerId ? <span key="c" className="font-mono">{p.stripeCustomerId}</span> : "None yet"],
          ["Subscription", s ? `${humanize(s.status)} · ${s.interval ? `${s.interval}ly` : "no interval"} · ${s.currency?.toUpperCase() ?? "no currency"}` : "None"],
          ...(s?.stripeSubscriptionId ? [["Stripe subscription", <span key="s" className="font-mono">{s.stripeSubscriptionId}</span>] as [string, React.ReactNode]] : []),
          ...(s?.currentPeriodEnd ? [[s.cancelAtPeriodEnd ? "Ends" : "Renews", formatUtc(s.currentPeriodEnd)] as [string, string]] : []),
          ...(s?.unknownPriceId ? [["Unknown price", <span key="u" className="font-mono text-red-700">{s.unknownPriceId}</span>] as [string, React.ReactNode]] : []),
          ["Dunning", dunningStep === null ? "Not past due" : `Day ${dunningStep} of 14 since ${formatUtc(p.pastDueSince)}${p.configLockedAt ? " · configuration locked" : ""}`],
        ]}
      />
    </Section>
  );
}

function Meter({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  const percent = limit ? Math.min(100, Math.round((used / limit) * 1000) / 10) : null;
  return (
    <div className="space-y-1">
      <div className="flex items-baseline justify-between gap-4 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-ink-muted">{limit === null ? `${formatCount(used)} (no limit)` : `${formatCount(used)} of ${formatCount(limit)}`}</span>
      </div>
      {percent !== null ? (
        <div role="progressbar" aria-label={`${label}: ${percent} % of the plan`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 overflow-hidden rounded-full bg-slate-100">
          <div className={`h-full rounded-full ${used > limit! ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
        </div>
      ) : null}
    </div>
  );
}

export function UsageSection({ detail }: { detail: TenantDetail }) {
  const u = detail.usage;
  return (
    <Section id="usage-heading" title={`Usage in ${u.month}`}>
      <div className="grid gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <div className="space-y-4">
          <Meter label="Conversations" used={u.conversations.used} limit={u.conversations.limit} />
          <Meter label="Call minutes" used={u.callMinutes.used} limit={u.callMinutes.limit} />
          <p className="text-sm">
            Highest share of a quota: <strong>{formatPercent(u.percent)}</strong>
          </p>
          <p className="text-xs text-ink-muted">Counted as billing counts them, in the tenant&rsquo;s month ({u.timeZone}).</p>
        </div>
        <UsageChart days={u.days} timeZone={u.timeZone} />
      </div>
    </Section>
  );
}

export function MembersSection({ detail }: { detail: TenantDetail }) {
  return (
    <Section id="members-heading" title={`Members (${detail.members.length})`}>
      <div className="overflow-x-auto">
        <table className={tableClass}>
          <thead>
            <tr>
              <th scope="col" className={thClass}>Member</th>
              <th scope="col" className={thClass}>Role</th>
              <th scope="col" className={thClass}>Two-factor</th>
              <th scope="col" className={thClass}>Last sign-in</th>
              <th scope="col" className={thClass}>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {detail.members.map((m) => (
              <tr key={m.userId}>
                <th scope="row" className={`${tdClass} font-normal`}>
                  {m.name}
                  <span className="block text-xs text-ink-muted">{m.email}</span>
                </th>
                <td className={tdClass}>{humanize(m.role)}</td>
                <td className={tdClass}>{m.twoFactor ? "On" : "Off"}</td>
                <td className={`${tdClass} whitespace-nowrap`}>{formatUtc(m.lastSignInAt, "Never")}</td>
                <td className={`${tdClass} whitespace-nowrap`}>{formatUtc(m.lastSeenAt, "—")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.invitations.length ? (
        <p className="mt-3 text-sm text-ink-muted">
          Pending invitations: {detail.invitations.map((i) => `${i.email} (${humanize(i.role)}, until ${formatUtcDay(i.expiresAt)})`).join("; ")}
        </p>
      ) : null}
      <p className="mt-2 text-xs text-ink-muted">Sign-in times are the user&rsquo;s newest session, in any workspace.</p>
    </Section>
  );
}

export function ChannelsSection({ detail }: { detail: TenantDetail }) {
  const counts = detail.conversations;
  return (
    <Section id="channels-heading" title="Channels">
      {detail.routes.length === 0 ? (
        <p className="text-sm text-ink-muted">No routed number or widget key.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClass}>
            <thead>
              <tr>
                <th scope="col" className={thClass}>Route</th>
                <th scope="col" className={thClass}>Channel</th>
                <th scope="col" className={thClass}>State</th>
                <th scope="col" className={thClass}>Last inbound</th>
              </tr>
            </thead>
            <tbody>
              {detail.routes.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className={`${tdClass} font-normal`}>
                    <span className="font-mono">{r.display}</span>
                    {r.label ? <span className="block text-xs text-ink-muted">{r.label}</span> : null}
                  </th>
                  <td className={tdClass}>{r.channel === "web" ? "Web widget" : r.channel === "voice" ? "Voice" : "WhatsApp"}</td>
                  <td className={tdClass}>{r.revokedAt ? `Revoked ${formatUtcDay(r.revokedAt)}` : r.active ? "Active" : "Inactive"}</td>
                  <td className={`${tdClass} whitespace-nowrap`}>
                    {formatUtc(r.lastInboundAt, "Never")}
                    {r.lastInboundScope === "channel" ? <span className="block text-xs text-ink-muted">newest on this channel</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-2 text-xs text-ink-muted">
        Conversations do not record the route they came through: a channel with several routes shows its newest inbound for each.
      </p>
      <h3 className="mt-4 text-sm font-semibold">Conversations (counts only)</h3>
      <ul className="mt-1 grid gap-2 text-sm sm:grid-cols-3" data-testid="conversation-counts">
        {counts.map((c) => (
          <li key={c.channel} className="rounded-lg bg-slate-50 px-3 py-2">
            <span className="block text-ink-muted">{c.channel === "web" ? "Web chat" : c.channel === "voice" ? "Voice" : "WhatsApp"}</span>
            <span className="font-semibold tabular-nums">{formatCount(c.thisMonth)}</span> this month · {formatCount(c.total)} in all
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function AuditSection({ detail }: { detail: TenantDetail }) {
  return (
    <Section id="audit-heading" title="Recent activity in this workspace">
      {detail.audit.length === 0 ? (
        <p className="text-sm text-ink-muted">Nothing recorded yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {detail.audit.map((a) => (
            <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-2 py-1.5">
              <span>
                <span className="font-mono">{a.action}</span>
                {a.target ? <span className="text-ink-muted"> · {a.target}</span> : null}
              </span>
              <span className="text-xs text-ink-muted">
                {a.actorKind === "user" ? (a.actorEmail ?? "a former member") : a.actorKind === "platform_admin" ? `Frontdesk support${a.actorEmail ? ` (${a.actorEmail})` : ""}` : humanize(a.actorKind)} · {formatUtc(a.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

import Link from "next/link";
import type { TenantListRow } from "@/lib/platform/queries";
import { formatPercent, formatUtc, formatUtcDay, humanize, linkClass, tableClass, tdClass, thClass } from "./admin-format";

const STATUS_TONE: Record<string, string> = {
  active: "bg-brand-50 text-brand-800 ring-brand-200",
  trial: "bg-sky-50 text-sky-800 ring-sky-200",
  past_due: "bg-amber-50 text-amber-800 ring-amber-200",
  suspended: "bg-red-50 text-red-800 ring-red-200",
  cancelled: "bg-slate-100 text-slate-700 ring-slate-300",
};

export function TenantStatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${STATUS_TONE[status] ?? STATUS_TONE.cancelled}`}>{humanize(status)}</span>;
}

function UsageCell({ row }: { row: TenantListRow }) {
  const tone = row.usagePercent === null ? "text-ink-muted" : row.usagePercent >= 100 ? "font-semibold text-red-700" : row.usagePercent >= 80 ? "font-semibold text-amber-700" : "";
  return (
    <span className={`tabular-nums ${tone}`} title={`${row.conversationsUsed} conversations, ${row.callMinutesUsed} call minutes this month`}>
      {formatPercent(row.usagePercent)}
    </span>
  );
}

export function TenantListTable({ rows }: { rows: TenantListRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-ink-muted">No tenant matches.</p>;
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} data-testid="tenant-list">
        <caption className="sr-only">Tenants, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>Tenant</th>
            <th scope="col" className={thClass}>Status</th>
            <th scope="col" className={thClass}>Plan</th>
            <th scope="col" className={thClass}>Region</th>
            <th scope="col" className={`${thClass} text-right`}>Usage of plan</th>
            <th scope="col" className={thClass}>Last inbound</th>
            <th scope="col" className={thClass}>Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row" className={`${tdClass} font-normal`}>
                <Link href={`/tenants/${r.id}`} className={linkClass}>
                  {r.name}
                </Link>
                <span className="block font-mono text-xs text-ink-muted">{r.slug}</span>
              </th>
              <td className={tdClass}>
                <TenantStatusBadge status={r.status} />
              </td>
              <td className={tdClass}>{humanize(r.plan)}</td>
              <td className={tdClass}>{r.region}</td>
              <td className={`${tdClass} text-right`}>
                <UsageCell row={r} />
              </td>
              <td className={`${tdClass} whitespace-nowrap`}>{formatUtc(r.lastInboundAt, "Never")}</td>
              <td className={`${tdClass} whitespace-nowrap`}>{formatUtcDay(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

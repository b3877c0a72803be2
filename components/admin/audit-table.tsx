import Link from "next/link";
import type { PlatformAuditRow } from "@/lib/platform/queries";
import { formatUtc, linkClass, tableClass, tdClass, thClass } from "./admin-format";

/* The platform audit trail as a table; metadata is shown as written (the console wrote it). */
export function AuditTable({ rows }: { rows: PlatformAuditRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-ink-muted">No audit event matches.</p>;
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} data-testid="platform-audit">
        <caption className="sr-only">Platform audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className={thClass}>When</th>
            <th scope="col" className={thClass}>Admin</th>
            <th scope="col" className={thClass}>Action</th>
            <th scope="col" className={thClass}>Tenant</th>
            <th scope="col" className={thClass}>Reason</th>
            <th scope="col" className={thClass}>Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const details = r.metadata && typeof r.metadata === "object" && Object.keys(r.metadata).length ? JSON.stringify(r.metadata) : "";
            return (
              <tr key={r.id}>
                <td className={`${tdClass} whitespace-nowrap`}>{formatUtc(r.createdAt)}</td>
                <td className={tdClass}>{r.actorEmail ?? (r.actorUserId ? <span className="font-mono text-xs">{r.actorUserId}</span> : "System")}</td>
                <td className={`${tdClass} font-mono`}>{r.action}</td>
                <td className={tdClass}>
                  {r.tenantId ? (
                    r.tenantSlug ? (
                      <Link href={`/tenants/${r.tenantId}`} className={linkClass}>
                        {r.tenantSlug}
                      </Link>
                    ) : (
                      <span className="font-mono text-xs" title="This tenant no longer exists">
                        {r.tenantId} (deleted)
                      </span>
                    )
                  ) : (
                    "—"
                  )}
                </td>
                <td className={`${tdClass} max-w-xs whitespace-pre-wrap break-words`}>{r.reason ?? ""}</td>
                <td className={`${tdClass} max-w-xs break-words text-xs text-ink-muted`}>
                  {[r.target, details, r.ip].filter(Boolean).join(" · ")}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import type { Metadata } from "next";
import { headers } from "next/headers";
import { AdminFilters, KeysetPager } from "@/components/admin/admin-filters";
import { AuditTable } from "@/components/admin/audit-table";
import { secondaryButtonClass } from "@/components/forms/fields";
import { asPlatformAdmin, requirePlatformAdminPage } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";
import { auditFiltersMetadata, auditListInputSchema, listPlatformAudit, readPageInput } from "@/lib/platform/queries";

export const metadata: Metadata = { title: "Audit" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requirePlatformAdminPage();
  const input = readPageInput(auditListInputSchema, await searchParams);
  const filters = auditFiltersMetadata({ admin: input.admin, tenant: input.tenant, action: input.action, from: input.from, to: input.to });
  const page = await asPlatformAdmin(admin, requestInfo(await headers()), { action: "console.audit.list", metadata: { ...filters, ...(input.cursor ? { cursor: input.cursor } : {}) } }, (db) =>
    listPlatformAudit(db, input),
  );
  const exportHref = `/api/admin/audit/export${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`;
  return (
    <section aria-labelledby="audit-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 id="audit-heading" className="text-2xl font-bold tracking-tight">
            Platform audit
          </h1>
          <p className="mt-1 text-ink-muted">Every console visit and action, newest first. Times and days are UTC.</p>
        </div>
        <a href={exportHref} className={secondaryButtonClass} download>
          Export CSV
        </a>
      </div>
      <AdminFilters
        label="Filter the audit"
        clearHref="/audit"
        fields={[
          { kind: "text", name: "admin", label: "Admin (email or id)", value: input.admin },
          { kind: "text", name: "tenant", label: "Tenant (address or id)", value: input.tenant },
          { kind: "text", name: "action", label: "Action (or prefix ending in “.”)", value: input.action, placeholder: "tenant." },
          { kind: "date", name: "from", label: "From", value: input.from },
          { kind: "date", name: "to", label: "To", value: input.to },
        ]}
      />
      <AuditTable rows={page.rows} />
      <KeysetPager path="/audit" params={filters} nextCursor={page.nextCursor} onFirstPage={!input.cursor} />
    </section>
  );
}

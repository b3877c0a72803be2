import type { Metadata } from "next";
import { headers } from "next/headers";
import { ProvisionTenantDialog } from "@/components/admin/tenant-actions-provision";
import { AdminFilters, KeysetPager } from "@/components/admin/admin-filters";
import { humanize } from "@/components/admin/admin-format";
import { TenantListTable } from "@/components/admin/tenant-list-table";
import { asPlatformAdmin, requirePlatformAdminPage } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";
import { listTenants, readPageInput, TENANT_REGIONS, TENANT_STATUSES, tenantListInputSchema } from "@/lib/platform/queries";

export const metadata: Metadata = { title: "Tenants" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TenantsPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requirePlatformAdminPage();
  const input = readPageInput(tenantListInputSchema, await searchParams);
  const metadata = Object.fromEntries(Object.entries(input).filter((e): e is [string, string] => typeof e[1] === "string"));
  const { page, plans } = await asPlatformAdmin(admin, requestInfo(await headers()), { action: "console.tenants.list", metadata }, async (db) => ({
    page: await listTenants(db, input, new Date()),
    plans: await db.plan.findMany({ select: { code: true, name: true }, orderBy: { rank: "asc" } }),
  }));
  const params = { q: input.q, status: input.status, plan: input.plan, region: input.region };
  return (
    <section aria-labelledby="tenants-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 id="tenants-heading" className="text-2xl font-bold tracking-tight">
            Tenants
          </h1>
          <p className="mt-1 text-ink-muted">Search by name, address, owner email, routed number (any format) or Stripe customer id.</p>
        </div>
        <ProvisionTenantDialog />
      </div>
      <AdminFilters
        label="Find tenants"
        clearHref="/tenants"
        fields={[
          { kind: "text", name: "q", label: "Search", value: input.q, placeholder: "salon-amel, +33 6 12 34 56 78, cus_…", wide: true },
          { kind: "select", name: "status", label: "Status", value: input.status, options: [{ value: "", label: "Any status" }, ...TENANT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))] },
          { kind: "select", name: "plan", label: "Plan", value: input.plan, options: [{ value: "", label: "Any plan" }, ...plans.map((p) => ({ value: p.code, label: p.name }))] },
          { kind: "select", name: "region", label: "Region", value: input.region, options: [{ value: "", label: "Any region" }, ...TENANT_REGIONS.map((r) => ({ value: r, label: r }))] },
        ]}
      />
      <TenantListTable rows={page.rows} />
      <p className="text-xs text-ink-muted">Usage: the higher of this month&rsquo;s conversations and call minutes against the plan, in the tenant&rsquo;s own month. Last inbound: newest message or call on any channel.</p>
      <KeysetPager path="/tenants" params={params} nextCursor={page.nextCursor} onFirstPage={!input.cursor} />
    </section>
  );
}

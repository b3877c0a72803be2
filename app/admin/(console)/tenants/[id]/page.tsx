import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { linkClass } from "@/components/admin/admin-format";
import { TenantStatusBadge } from "@/components/admin/tenant-list-table";
import { AuditSection, BillingSection, ChannelsSection, MembersSection, ProfileSection, UsageSection } from "@/components/admin/tenant-detail-sections";
import { asPlatformAdmin, requirePlatformAdminPage } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";
import { SupportModeButton } from "@/components/admin/support-mode-button";
import { TenantActions } from "@/components/admin/tenant-actions";
import { loadTenantActionsView } from "@/lib/platform/actions";
import { loadTenantDetail, loadTenantMoves } from "@/lib/platform/queries";
import { TenantMovesSection } from "@/components/admin/tenant-moves-section";

export const metadata: Metadata = { title: "Tenant" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TenantDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePlatformAdminPage();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const tenantId = id.toLowerCase();
  const loaded = await asPlatformAdmin(admin, requestInfo(await headers()), { action: "console.tenant.view", tenantId, target: `tenant:${tenantId}` }, async (db) => {
    const detail = await loadTenantDetail(db, tenantId, new Date());
    return detail ? { detail, actions: await loadTenantActionsView(db, tenantId), moves: await loadTenantMoves(db, tenantId) } : null;
  });
  if (!loaded?.actions) notFound();
  const { detail, actions, moves } = loaded;
  const p = detail.profile;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/tenants" className={linkClass}>
          ← Tenants
        </Link>
      </p>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">{p.name}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-ink-muted">
            <span className="font-mono">{p.slug}</span>
            <TenantStatusBadge status={p.status} />
            <span>
              {p.planName} · {p.region}
            </span>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <SupportModeButton tenantId={tenantId} tenantName={p.name} />
          <TenantActions tenant={actions} />
        </div>
      </header>
      <div className="grid gap-6 lg:grid-cols-2">
        <ProfileSection detail={detail} />
        <BillingSection detail={detail} />
      </div>
      <UsageSection detail={detail} />
      <MembersSection detail={detail} />
      <ChannelsSection detail={detail} />
      <TenantMovesSection moves={moves} />
      <AuditSection detail={detail} />
    </div>
  );
}

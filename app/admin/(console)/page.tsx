import type { Metadata } from "next";
import { headers } from "next/headers";
import { NearLimitPanel, RevenueAndActivity, TenantBreakdowns, WebhookFailuresPanel } from "@/components/admin/overview-panels";
import { asPlatformAdmin, requirePlatformAdminPage } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";
import { loadOverview } from "@/lib/platform/queries";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const admin = await requirePlatformAdminPage();
  const overview = await asPlatformAdmin(admin, requestInfo(await headers()), { action: "console.overview.view" }, (db) => loadOverview(db, new Date()));
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold tracking-tight">Overview</h1>
      <TenantBreakdowns overview={overview} />
      <RevenueAndActivity overview={overview} />
      <div className="grid gap-4 lg:grid-cols-2">
        <NearLimitPanel overview={overview} />
        <WebhookFailuresPanel overview={overview} />
      </div>
    </div>
  );
}

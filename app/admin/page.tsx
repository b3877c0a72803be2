import type { Metadata } from "next";
import { headers } from "next/headers";
import { asPlatformAdmin, requirePlatformAdminPage } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";

export const metadata: Metadata = { title: "Platform console · Frontdesk" };

// Placeholder for the support console: proves the gate (platform admins
// only, everyone else 404) and the audited access path.
export default async function AdminPage() {
  const admin = await requirePlatformAdminPage();
  const tenants = await asPlatformAdmin(admin, requestInfo(await headers()), { action: "console.tenants.list" }, (db) =>
    db.tenant.findMany({ select: { slug: true, name: true, status: true }, orderBy: { createdAt: "desc" }, take: 50 }),
  );
  return (
    <main id="main" className="mx-auto max-w-4xl px-6 py-12">
      <h1 className="text-2xl font-bold tracking-tight">Platform console</h1>
      <p className="mt-2 text-sm text-ink-muted">Signed in as {admin.email}. Every visit here is audited.</p>
      <table className="mt-6 w-full text-left text-sm">
        <caption className="sr-only">Tenants</caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th className="py-2">Workspace</th>
            <th className="py-2">Address</th>
            <th className="py-2">Status</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((t) => (
            <tr key={t.slug} className="border-b border-slate-100">
              <td className="py-2">{t.name}</td>
              <td className="py-2 font-mono">{t.slug}</td>
              <td className="py-2">{t.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

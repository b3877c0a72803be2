import type { Metadata } from "next";
import { headers } from "next/headers";
import { NumberInventory } from "@/components/admin/number-inventory";
import { asPlatformAdmin, requirePlatformAdminPage } from "@/lib/auth";
import { requestInfo } from "@/lib/auth/request-info";
import { pageQuery } from "@/lib/http/query-input";
import { listNumberInventory } from "@/lib/platform/numbers";

export const metadata: Metadata = { title: "Numbers" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function NumbersPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requirePlatformAdminPage();
  const q = (pageQuery(await searchParams).q ?? "").trim().slice(0, 40);
  const rows = await asPlatformAdmin(admin, requestInfo(await headers()), { action: "console.numbers.list", metadata: q ? { q } : {} }, (db) =>
    listNumberInventory(db, { search: q }),
  );
  return (
    <section aria-labelledby="numbers-heading" className="space-y-6">
      <div>
        <h1 id="numbers-heading" className="text-2xl font-bold tracking-tight">
          Numbers
        </h1>
        <p className="mt-1 text-ink-muted">Voice numbers and WhatsApp senders, and the workspace each routes to. A number routes to one workspace at most; to give one to a workspace, open that workspace.</p>
      </div>
      <form method="get" role="search" aria-label="Find a number" className="flex flex-wrap items-end gap-2">
        <label className="text-sm font-medium">
          Number
          <input name="q" defaultValue={q} inputMode="tel" placeholder="+41 22 555" className="mt-1 block w-64 rounded-lg border border-slate-300 px-3 py-2 text-sm" />
        </label>
        <button type="submit" className="rounded-lg px-3 py-2 text-sm font-semibold ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
          Search
        </button>
      </form>
      <NumberInventory rows={rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))} />
    </section>
  );
}

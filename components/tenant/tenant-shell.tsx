import Link from "next/link";
import type { ReactNode } from "react";
import type { MemberRole } from "@/lib/db/generated/client";
import { can, isTenantActive, type Action } from "@/lib/auth/permissions";

const NAV: Array<{ href: string; label: string; action: Action }> = [
  { href: "/dashboard", label: "Dashboard", action: "dashboard.view" },
  { href: "/team", label: "Team", action: "team.view" },
  { href: "/settings", label: "Settings", action: "settings.view" },
  { href: "/billing", label: "Billing", action: "billing.manage" },
];

export interface ShellProps {
  tenantName: string;
  tenantSlug: string;
  tenantStatus: "trial" | "active" | "past_due" | "suspended" | "cancelled";
  role: MemberRole;
  userName: string;
  workspaces: Array<{ slug: string; name: string }>;
  showOutbox: boolean;
  children: ReactNode;
}

export function TenantShell({ tenantName, tenantSlug, tenantStatus, role, userName, workspaces, showOutbox, children }: ShellProps) {
  const active = isTenantActive(tenantStatus);
  // The UI mirrors the server's permission table; the server still checks.
  const nav = NAV.filter((item) => can(role, item.action) && (active || item.action === "billing.manage"));
  if (showOutbox && active && can(role, "outbox.view")) nav.push({ href: "/outbox", label: "Outbox (dev)", action: "outbox.view" });
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-4">
          <div>
            <p className="text-lg font-bold tracking-tight text-brand-800">{tenantName}</p>
            <p className="text-xs text-ink-muted">
              {userName} · <span data-testid="current-role">{role}</span>
            </p>
          </div>
          <nav aria-label="Workspace" className="flex flex-wrap items-center gap-4">
            {nav.map((item) => (
              <Link key={item.href} href={item.href} className="text-sm font-medium text-ink-muted hover:text-ink">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="flex items-center gap-3">
            {workspaces.length > 1 ? (
              <form method="post" action="/api/auth/switch" className="flex items-center gap-2">
                <label htmlFor="workspace-switcher" className="sr-only">
                  Switch workspace
                </label>
                <select id="workspace-switcher" name="slug" defaultValue={tenantSlug} className="rounded-lg border border-slate-300 px-2 py-1.5 text-sm">
                  {workspaces.map((w) => (
                    <option key={w.slug} value={w.slug}>
                      {w.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
                  Switch
                </button>
              </form>
            ) : null}
            <form method="post" action="/api/auth/sign-out">
              <button type="submit" className="rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-6 py-10">
        {children}
      </main>
    </div>
  );
}

export function Forbidden({ what }: { what: string }) {
  return (
    <section aria-labelledby="forbidden-heading">
      <h1 id="forbidden-heading" className="text-2xl font-bold tracking-tight">
        You don&apos;t have access to {what}
      </h1>
      <p className="mt-2 text-ink-muted">Ask an owner or admin of this workspace if you need it.</p>
    </section>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/*
 * The console's sections. Paths are the admin host's own (the proxy maps
 * them onto app/admin), so links carry no /admin prefix; the current section
 * is the longest item that prefixes the path.
 */

export const ADMIN_NAV = [
  { href: "/", label: "Overview" },
  { href: "/tenants", label: "Tenants" },
  { href: "/numbers", label: "Numbers" },
  { href: "/audit", label: "Audit" },
] as const;

export function activeAdminHref(pathname: string): string {
  const path = pathname.replace(/^\/admin(?=\/|$)/, "") || "/";
  const match = ADMIN_NAV.filter((item) => (item.href === "/" ? path === "/" : path === item.href || path.startsWith(`${item.href}/`)));
  return match.at(-1)?.href ?? "";
}

export function AdminNav() {
  const current = activeAdminHref(usePathname() ?? "/");
  return (
    <nav aria-label="Platform console" className="flex flex-col gap-0.5">
      {ADMIN_NAV.map((item) => {
        const isCurrent = item.href === current;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={isCurrent ? "page" : undefined}
            className={
              isCurrent
                ? "block rounded-lg bg-brand-50 px-3 py-2 text-sm font-semibold text-brand-800 ring-1 ring-brand-200"
                : "block rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-ink"
            }
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

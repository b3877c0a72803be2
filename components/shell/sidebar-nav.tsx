"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId } from "react";
import type { Messages } from "@/lib/i18n";
import type { shellMessages } from "@/lib/i18n/shell-messages";
import { fillMessage } from "@/lib/i18n";
import { activeHref, type NavGroup } from "./nav-items";

type T = Messages<keyof (typeof shellMessages)["en"]>;

/** The grouped navigation, the current page marked with aria-current (and drawn so). */
export function SidebarNav({ groups, t, onNavigate }: { groups: NavGroup[]; t: T; onNavigate?: () => void }) {
  const pathname = usePathname();
  const current = activeHref(pathname, groups);
  // The sidebar and the drawer both draw this list: ids must differ.
  const id = useId();
  return (
    <nav aria-label={t.workspaceNav} className="flex flex-col gap-5">
      {groups.map((group) => (
        <div key={group.label}>
          <p id={`${id}-${group.label}`} className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-600">
            {t[group.label]}
          </p>
          <ul aria-labelledby={`${id}-${group.label}`} className="mt-1 flex flex-col gap-0.5">
            {group.items.map((item) => {
              const isCurrent = item.href === current;
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={isCurrent ? "page" : undefined}
                    onClick={onNavigate}
                    className={
                      isCurrent
                        ? "block rounded-lg bg-brand-50 px-3 py-2 text-sm font-semibold text-brand-800 ring-1 ring-brand-200"
                        : "block rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-ink"
                    }
                  >
                    <span className="flex items-center justify-between gap-2">
                      {t[item.label]}
                      {item.count ? (
                        <span
                          className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-amber-300"
                          aria-label={fillMessage(t.inboxCount, { count: item.count })}
                          data-testid="inbox-count"
                        >
                          {item.count}
                        </span>
                      ) : null}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

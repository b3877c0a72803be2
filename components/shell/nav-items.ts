import type { MemberRole, TenantStatus } from "@/lib/db/generated/client";
import { can, isTenantActive, type Action } from "@/lib/auth/permissions";
import type { shellMessages } from "@/lib/i18n/shell-messages";

type Label = keyof (typeof shellMessages)["en"];

export interface NavItem {
  href: string;
  label: Label;
  action: Action;
  /** A number shown next to the label (conversations waiting in the inbox). */
  count?: number;
}

export interface NavGroup {
  label: Label;
  items: NavItem[];
}

/* The sidebar: the day's work first, then setting up, then the account. */
const GROUPS: NavGroup[] = [
  {
    label: "group_today",
    items: [
      { href: "/dashboard", label: "overview", action: "dashboard.view" },
      { href: "/appointments", label: "appointments", action: "appointments.view" },
      { href: "/inbox", label: "inbox", action: "conversations.manage" },
      { href: "/conversations", label: "conversations", action: "conversations.view" },
      { href: "/clients", label: "clients", action: "clients.view" },
      { href: "/reports", label: "reports", action: "reports.view" },
    ],
  },
  {
    label: "group_setup",
    items: [
      { href: "/business", label: "business", action: "settings.view" },
      { href: "/services", label: "services", action: "settings.view" },
      // Staff read their own diary's setup too: it is the Appointments page's columns.
      { href: "/resources", label: "resources", action: "appointments.view" },
      { href: "/agent", label: "agent", action: "settings.view" },
      { href: "/channels", label: "channels", action: "settings.view" },
      { href: "/keys", label: "keys", action: "settings.view" },
      { href: "/team", label: "team", action: "team.view" },
    ],
  },
  {
    label: "group_account",
    items: [
      { href: "/billing", label: "billing", action: "billing.view" },
      { href: "/activity", label: "activity", action: "activity.view" },
      { href: "/account", label: "account", action: "account.security" },
      { href: "/settings", label: "settings", action: "settings.view" },
    ],
  },
];

/** The groups this role sees; the UI mirrors the server's permission table, which still decides. */
export function navigationFor(role: MemberRole, status: TenantStatus, showOutbox: boolean, counts: { inbox?: number } = {}): NavGroup[] {
  const active = isTenantActive(status);
  const groups = GROUPS.map((g) => ({
    ...g,
    items: g.items
      .filter((item) => can(role, item.action) && (active || item.action === "billing.view"))
      .map((item) => (item.href === "/inbox" && counts.inbox ? { ...item, count: counts.inbox } : item)),
  }));
  if (showOutbox && active && can(role, "outbox.view")) {
    groups[2]!.items.push({ href: "/outbox", label: "outbox", action: "outbox.view" });
  }
  return groups.filter((g) => g.items.length > 0);
}

/** The entry that owns a path: the longest href that is the path or one of its parents. */
export function activeHref(pathname: string, groups: NavGroup[]): string | null {
  let best: string | null = null;
  for (const item of groups.flatMap((g) => g.items)) {
    if ((pathname === item.href || pathname.startsWith(`${item.href}/`)) && (!best || item.href.length > best.length)) best = item.href;
  }
  return best;
}

import type { MemberRole, TenantStatus } from "@/lib/db/generated/client";

/*
 * The one permission table. Every protected server action and route names an
 * action from here; the UI asks the same table what to show. A role is
 * granted an action only by being listed, so a new action is closed to
 * everyone until someone decides who may do it.
 */

export const ROLES = ["owner", "admin", "staff", "viewer"] as const satisfies readonly MemberRole[];

const ALL: readonly MemberRole[] = ROLES;
const MANAGERS: readonly MemberRole[] = ["owner", "admin"];
const OPERATORS: readonly MemberRole[] = ["owner", "admin", "staff"];
const OWNER: readonly MemberRole[] = ["owner"];
// Viewers are read-only members of everything, configuration included; staff
// run the day (conversations, appointments, clients) and never see settings.
const CONFIG_READERS: readonly MemberRole[] = ["owner", "admin", "viewer"];

export const PERMISSIONS = {
  "dashboard.view": ALL,
  // A member's own sign-in: name, password, two-factor, sessions. Reachable
  // even where the workspace requires two-factor and the member has none yet.
  "account.security": ALL,
  "conversations.view": ALL,
  "conversations.manage": OPERATORS,
  "appointments.view": ALL,
  "appointments.manage": OPERATORS,
  "clients.view": ALL,
  "clients.manage": OPERATORS,
  "team.view": ALL,
  "team.invite": MANAGERS,
  "team.manage": MANAGERS,
  "settings.view": CONFIG_READERS,
  "settings.manage": MANAGERS,
  "channels.manage": MANAGERS,
  "keys.manage": MANAGERS,
  "outbox.view": MANAGERS,
  "activity.view": MANAGERS,
  // The daily reports run the day too: staff read them; managers choose the hour and recipients.
  "reports.view": OPERATORS,
  "reports.manage": MANAGERS,
  // Recording callers is a legal choice of the business (consent, CNIL retention).
  "recording.manage": OWNER,
  // Admins see the plan, usage and invoices; only the owner pays or changes plan.
  "billing.view": MANAGERS,
  "billing.manage": OWNER,
  // Workspace-wide sign-in rules (requiring two-factor of every member).
  "security.manage": OWNER,
  "ownership.transfer": OWNER,
  "tenant.delete": OWNER,
  // The whole business's data in one file (GDPR export): only an owner asks for it and downloads it.
  "data.export": OWNER,
} as const satisfies Record<string, readonly MemberRole[]>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function can(role: MemberRole | null | undefined, action: Action): boolean {
  return !!role && (PERMISSIONS[action] as readonly MemberRole[]).includes(role);
}

/*
 * A suspended or cancelled tenant keeps its members able to sign in and read
 * everything (the console is read-only: lib/billing/console-guard.ts refuses
 * its changes), while billing, exporting its data and deleting the workspace stay usable for the
 * owner (through the table above): a business that has left must be able to
 * take its data away without paying to reactivate first.
 */
const USABLE_WHEN_INACTIVE: ReadonlySet<Action> = new Set<Action>([
  "billing.manage",
  "tenant.delete",
  "data.export",
  "account.security",
  ...ACTIONS.filter((a) => a.endsWith(".view")),
]);

export function isTenantActive(status: TenantStatus): boolean {
  return status !== "suspended" && status !== "cancelled";
}

export function allowedInStatus(status: TenantStatus, action: Action): boolean {
  return isTenantActive(status) || USABLE_WHEN_INACTIVE.has(action);
}

/*
 * Team changes depend on whom they touch: admins manage the team except
 * owners, and only an owner can make someone an owner (a transfer of
 * ownership). The last owner can never be demoted or removed.
 */
export function canChangeMemberRole(actor: MemberRole, target: MemberRole, next: MemberRole): boolean {
  if (!can(actor, "team.manage")) return false;
  if (actor === "owner") return true;
  return target !== "owner" && next !== "owner";
}

export function canRemoveMember(actor: MemberRole, target: MemberRole): boolean {
  if (!can(actor, "team.manage")) return false;
  return actor === "owner" || target !== "owner";
}

export function canInviteAs(actor: MemberRole, role: MemberRole): boolean {
  if (!can(actor, "team.invite")) return false;
  return actor === "owner" || role !== "owner";
}

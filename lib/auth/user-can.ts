import { supportRefusal } from "@/lib/platform/support/support-policy";
import { can, type Action } from "./permissions";
import type { TenantUser } from "./tenant-session";

/*
 * What the console should offer this user to change: their role's
 * permission, and for Frontdesk support also the support rules (read-only
 * unless the owner allowed changes, never the never-list). The same rules the
 * server enforces, so a page does not show controls that would only be refused.
 */
export function canChange(user: Pick<TenantUser, "role" | "support">, action: Action): boolean {
  if (!can(user.role, action)) return false;
  return !user.support || supportRefusal(action, true, user.support.writesAllowed) === null;
}

import "server-only";
import { billingPortalAction, deleteTenantAction } from "./billing-and-deletion";
import { clearLockoutAction, resendInvitationAction } from "./member-actions";
import { assignNumberAction, moveNumberAction, releaseNumberAction } from "./number-actions";
import { provisionAction } from "./provision";
import { extendTrialAction, overridePlanAction, reactivateAction, suspendAction } from "./tenant-standing-actions";
import type { TenantActionDefinition } from "./action-types";

/*
 * Every action of the platform console, in one table: the routes dispatch
 * through it and the audit test iterates it, so an action added here is
 * reachable and checked for its two audit rows with no other edit.
 */

export const TENANT_ACTIONS: readonly TenantActionDefinition[] = [
  suspendAction,
  reactivateAction,
  overridePlanAction,
  extendTrialAction,
  assignNumberAction,
  moveNumberAction,
  releaseNumberAction,
  resendInvitationAction,
  clearLockoutAction,
  billingPortalAction,
  deleteTenantAction,
];

export const ACTION_TABLE = [provisionAction, ...TENANT_ACTIONS] as const;
export type ActionTableEntry = (typeof ACTION_TABLE)[number];

export type TenantActionName = (typeof TENANT_ACTIONS)[number]["name"];

export function tenantActionNamed(name: string): TenantActionDefinition | null {
  return TENANT_ACTIONS.find((a) => a.name === name) ?? null;
}

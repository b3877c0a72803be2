import "server-only";
import type { Action } from "@/lib/auth/permissions";
import type { TenantDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { standingOf } from "./standing";

/*
 * What the billing lifecycle leaves writable in the console, checked once by
 * the tenant-user wrappers for every mutation (withTenantUser on non-GET
 * routes, tenantAction for server actions):
 *   - day 7 of an unpaid invoice: configuration changes are refused, while
 *     the day's work (conversations, appointments, clients) goes on and the
 *     receptionist keeps answering;
 *   - suspended, cancelled, or a trial over without a plan: read-only, except
 *     Billing (to pay) and deleting the workspace.
 */

// A business that has left, or is suspended, may still take its data away (data.export).
const ALWAYS_WRITABLE: ReadonlySet<Action> = new Set<Action>(["billing.manage", "tenant.delete", "data.export", "account.security"]);

/** Changes to how the receptionist and the workspace are set up. */
export const CONFIGURATION_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  "settings.manage",
  "channels.manage",
  "keys.manage",
  "team.invite",
  "team.manage",
  "security.manage",
  "ownership.transfer",
]);

/*
 * A mutation under a read permission writes only the user's own session
 * (switching workspace), never the workspace: refusing it would trap a
 * member of several workspaces in the suspended one.
 */
const touchesOnlyTheSession = (action: Action) => action.endsWith(".view");

export async function assertConsoleWritable(db: TenantDb, action: Action, now: number = Date.now()): Promise<void> {
  if (ALWAYS_WRITABLE.has(action) || touchesOnlyTheSession(action)) return;
  const row = await db.tenant.findFirst({ select: { status: true, trialEndsAt: true, configLockedAt: true, supportSuspensionReason: true } });
  if (!row) return;
  const standing = standingOf(row, now);
  if (row.supportSuspensionReason !== null) {
    throw new ApiError("workspace_suspended", `Frontdesk support suspended this workspace: "${row.supportSuspensionReason}". It is read-only; contact Frontdesk support.`);
  }
  if (!standing.serving) {
    throw new ApiError(
      "workspace_suspended",
      standing.reason === "trial_ended"
        ? "The trial has ended: the workspace is read-only until a plan is chosen on the Billing page."
        : "The workspace is suspended: it is read-only until the subscription is paid on the Billing page.",
    );
  }
  if (standing.configLocked && CONFIGURATION_ACTIONS.has(action)) {
    throw new ApiError(
      "configuration_locked",
      "An invoice has been unpaid for 7 days: configuration changes are paused until it is paid on the Billing page. The receptionist keeps answering.",
    );
  }
}

import type { Action } from "@/lib/auth/permissions";

/*
 * What a support principal may do. It acts with a manager's reach ("admin":
 * it sees billing, activity and settings) and never more; every change is
 * refused unless the owner allowed changes; and the actions below stay
 * refused even then. Kept free of imports beyond the permission names so the
 * resolver and the pages can both read it.
 */

export const SUPPORT_ROLE = "admin" as const;

export const SUPPORT_NEVER: ReadonlySet<Action> = new Set<Action>([
  // The members' own sign-in (name, password, second factor, sessions): support has no account here.
  "account.security",
  // Saving or testing provider keys uses or redirects a secret (a new model base URL receives the key).
  "keys.manage",
  // The dev outbox holds invitation links, i.e. a way to join the workspace.
  "outbox.view",
  // Who may enter and with which role is the workspace's own decision.
  "team.invite",
  "team.manage",
  "ownership.transfer",
  // Workspace sign-in rules, including whether support may make changes.
  "security.manage",
  // Money and the workspace's existence.
  "billing.manage",
  "tenant.delete",
  // The whole business's data leaves Frontdesk only at its owner's request.
  "data.export",
]);

export type SupportRefusal = "support_not_allowed" | "support_read_only";

/** Null when a support principal may perform `action`; `write` is any request that is not a read. */
export function supportRefusal(action: Action, write: boolean, writesAllowed: boolean): SupportRefusal | null {
  if (SUPPORT_NEVER.has(action)) return "support_not_allowed";
  if (write && !writesAllowed) return "support_read_only";
  return null;
}

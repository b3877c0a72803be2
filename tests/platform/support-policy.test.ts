import { describe, expect, it } from "vitest";
import { ACTIONS, ROLES, can } from "@/lib/auth/permissions";
import { canChange } from "@/lib/auth/user-can";
import { SUPPORT_NEVER, SUPPORT_ROLE, supportRefusal } from "@/lib/platform/support/support-policy";

/*
 * The support rules as a table over every action of the permission table:
 * nothing changes in read-only mode, the never-list never changes, and a
 * member's offer is exactly their role's.
 */

const support = (writesAllowed: boolean) => ({ role: SUPPORT_ROLE, support: { sessionId: "s", expiresAt: new Date(), writesAllowed, reason: "r" } });

describe("support rules", () => {
  it("never reach an owner-only action, keys, the team or the members' own accounts", () => {
    for (const action of ["billing.manage", "tenant.delete", "ownership.transfer", "security.manage", "team.manage", "team.invite", "keys.manage", "account.security", "outbox.view", "data.export"] as const) {
      expect(SUPPORT_NEVER.has(action), action).toBe(true);
      expect(supportRefusal(action, false, true), action).toBe("support_not_allowed");
    }
  });

  it.each(ACTIONS)("%s: read-only support changes nothing; allowed support changes what an admin may, minus the never-list", (action) => {
    expect(canChange(support(false), action)).toBe(false);
    expect(canChange(support(true), action)).toBe(can("admin", action) && !SUPPORT_NEVER.has(action));
    expect(supportRefusal(action, true, false)).toBe(SUPPORT_NEVER.has(action) ? "support_not_allowed" : "support_read_only");
    expect(supportRefusal(action, false, false)).toBe(SUPPORT_NEVER.has(action) ? "support_not_allowed" : null);
  });

  it("leaves members exactly as their role says", () => {
    for (const role of ROLES) for (const action of ACTIONS) expect(canChange({ role }, action), `${role} ${action}`).toBe(can(role, action));
  });
});

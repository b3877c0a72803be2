import { describe, expect, it } from "vitest";
import { ACTIONS, PERMISSIONS, ROLES, allowedInStatus, can, canChangeMemberRole, canInviteAs, canRemoveMember, type Action } from "@/lib/auth/permissions";

/*
 * The role × action matrix, written out by hand from the role
 * definitions. It is deliberately not derived from PERMISSIONS: changing who
 * may do what must change this table too.
 */
type Row = [owner: boolean, admin: boolean, staff: boolean, viewer: boolean];
const EXPECTED: Record<Action, Row> = {
  "dashboard.view": [true, true, true, true],
  "account.security": [true, true, true, true],
  "conversations.view": [true, true, true, true],
  "conversations.manage": [true, true, true, false],
  "appointments.view": [true, true, true, true],
  "appointments.manage": [true, true, true, false],
  "clients.view": [true, true, true, true],
  "clients.manage": [true, true, true, false],
  "team.view": [true, true, true, true],
  "team.invite": [true, true, false, false],
  "team.manage": [true, true, false, false],
  "settings.view": [true, true, false, true],
  "settings.manage": [true, true, false, false],
  "reports.view": [true, true, true, false],
  "reports.manage": [true, true, false, false],
  "recording.manage": [true, false, false, false],
  "channels.manage": [true, true, false, false],
  "keys.manage": [true, true, false, false],
  "outbox.view": [true, true, false, false],
  "activity.view": [true, true, false, false],
  "billing.view": [true, true, false, false],
  "billing.manage": [true, false, false, false],
  "security.manage": [true, false, false, false],
  "ownership.transfer": [true, false, false, false],
  "tenant.delete": [true, false, false, false],
  "data.export": [true, false, false, false],
};

it("the expected table covers every action of the permission table", () => {
  expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  expect(Object.keys(PERMISSIONS).length).toBe(ACTIONS.length);
});

describe.each(ACTIONS)("%s", (action) => {
  it.each(ROLES.map((role, i) => [role, i] as const))("%s", (role, i) => {
    expect(can(role, action)).toBe(EXPECTED[action][i]);
  });
});

it("no role may do anything without a membership", () => {
  for (const action of ACTIONS) expect(can(null, action)).toBe(false);
});

it("an inactive tenant is read-only: reading, billing, one's own account, exporting its data and deleting the workspace stay usable", () => {
  const usable = (action: string) =>
    action.endsWith(".view") || action === "billing.manage" || action === "tenant.delete" || action === "data.export" || action === "account.security";
  for (const status of ["suspended", "cancelled"] as const) {
    for (const action of ACTIONS) expect(allowedInStatus(status, action), action).toBe(usable(action));
  }
  for (const status of ["trial", "active", "past_due"] as const) {
    for (const action of ACTIONS) expect(allowedInStatus(status, action)).toBe(true);
  }
});

it("admins manage the team except owners; only owners make owners", () => {
  expect(canChangeMemberRole("admin", "staff", "viewer")).toBe(true);
  expect(canChangeMemberRole("admin", "staff", "admin")).toBe(true);
  expect(canChangeMemberRole("admin", "staff", "owner")).toBe(false);
  expect(canChangeMemberRole("admin", "owner", "staff")).toBe(false);
  expect(canChangeMemberRole("owner", "admin", "owner")).toBe(true);
  expect(canChangeMemberRole("staff", "viewer", "staff")).toBe(false);
  expect(canRemoveMember("admin", "owner")).toBe(false);
  expect(canRemoveMember("admin", "staff")).toBe(true);
  expect(canRemoveMember("viewer", "staff")).toBe(false);
  expect(canInviteAs("admin", "owner")).toBe(false);
  expect(canInviteAs("owner", "owner")).toBe(true);
  expect(canInviteAs("staff", "viewer")).toBe(false);
});

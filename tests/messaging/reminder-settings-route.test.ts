import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * PATCH /api/settings/reminders as signed-in members: managers save (and
 * it is audited), viewers are refused, bad hours are a 400 naming the field
 * with nothing written; the console section says when Twilio credentials
 * are missing.
 */

let roles: ConsoleRolesEnv;
let PATCH: Handler;

beforeAll(async () => {
  roles = await setUpConsoleRoles("reminder-settings", { members: ["admin", "viewer"] });
  PATCH = (await import("@/app/api/settings/reminders/route")).PATCH as unknown as Handler;
}, 120_000);

afterAll(async () => {
  await roles?.env.close();
});

const maple = () => roles.env.tenants["maple-dental"];
const stored = async () => (await roles.env.admin.query(`SELECT settings->'reminders' AS r FROM tenants WHERE id = $1`, [maple().id])).rows[0].r;

it("an admin saves both reminders; the change is audited and read back by the console", async () => {
  const res = await roles.send("admin", PATCH, "PATCH", { body: { firstEnabled: true, firstHoursBefore: "36", secondEnabled: false, secondHoursBefore: 3 } });
  expect(res.status, res.text).toBe(200);
  expect(await stored()).toEqual({ first: { enabled: true, hoursBefore: 36 }, second: { enabled: false, hoursBefore: 3 } });
  const audit = await roles.env.admin.query(`SELECT action, metadata FROM audit_events WHERE tenant_id = $1 AND action = 'reminders.updated'`, [maple().id]);
  expect(audit.rows).toHaveLength(1);

  const { runAsTenant } = await import("@/lib/tenancy");
  const { tenantDb } = await import("@/lib/db");
  const { loadReminderConsole } = await import("@/lib/messaging");
  const view = await runAsTenant(maple().id, () => loadReminderConsole(tenantDb()));
  // The suite stores an auth token but no account SID while a WhatsApp number is routed.
  expect(view).toMatchObject({ settings: { first: { hoursBefore: 36 }, second: { enabled: false } }, twilioMissing: true, failures: { count: 0 } });
});

it("refuses a viewer, and bad hours with the field named, writing nothing", async () => {
  const before = await stored();
  expect((await roles.send("viewer", PATCH, "PATCH", { body: { firstEnabled: true, firstHoursBefore: 24, secondEnabled: true, secondHoursBefore: 2 } })).status).toBe(403);
  for (const [body, field] of [
    [{ firstEnabled: true, firstHoursBefore: 0, secondEnabled: true, secondHoursBefore: 2 }, "firstHoursBefore"],
    [{ firstEnabled: true, firstHoursBefore: 24, secondEnabled: true, secondHoursBefore: 30 }, "secondHoursBefore"],
    [{ firstEnabled: "yes", firstHoursBefore: 24, secondEnabled: true, secondHoursBefore: 2 }, "firstEnabled"],
    [{ firstEnabled: true, firstHoursBefore: "1.5", secondEnabled: true, secondHoursBefore: 1 }, "firstHoursBefore"],
  ] as const) {
    const res = await roles.send("admin", PATCH, "PATCH", { body });
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(res.json.error?.field).toBe(field);
  }
  expect(await stored()).toEqual(before);
});

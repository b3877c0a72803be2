import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";

/*
 * The Business page's one Save (PUT /api/settings/business): profile, a week
 * of any shape (three intervals on a day, a day closed, a late opening) and
 * the closures as a list, in one transaction; a refused part leaves every
 * part as it was; viewers are read-only; the setup checklist counts a save.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let business: Record<string, Handler>;

beforeAll(async () => {
  r = await setUpConsoleRoles("business-page", { members: ["viewer"] });
  env = r.env;
  business = (await import("@/app/api/settings/business/route")) as never;
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const MAPLE = () => env.tenants["maple-dental"].id;
const profile = { businessName: "Maple Dental Clinic", address: "1 Bay St, Toronto", timezone: "America/Vancouver", languages: ["en", "fr"], transferPhone: "(416) 555-0199" };

async function state() {
  const hours = await env.admin.query("SELECT weekday, opens_at, closes_at FROM opening_hours WHERE tenant_id = $1 ORDER BY weekday, opens_at", [MAPLE()]);
  const closures = await env.admin.query("SELECT id, starts_on::text, ends_on::text, reason FROM closures WHERE tenant_id = $1 ORDER BY starts_on", [MAPLE()]);
  const tenant = await env.admin.query("SELECT name, timezone FROM tenants WHERE id = $1", [MAPLE()]);
  return { hours: hours.rows, closures: closures.rows, tenant: tenant.rows[0] };
}

it("saves profile, a week of any shape and the closures together", async () => {
  const res = await r.send("owner", business.PUT!, "PUT", {
    body: {
      profile,
      week: {
        hours: [
          { weekday: 1, opens: "07:30", closes: "10:00" },
          { weekday: 1, opens: "11:00", closes: "13:00" },
          { weekday: 1, opens: "17:00", closes: "21:00" },
          { weekday: 3, opens: "12:00", closes: "20:00" },
        ],
      },
      closures: [{ startsOn: "2030-12-24", endsOn: "2030-12-26", reason: "Holidays" }],
    },
  });
  expect(res.status, res.text).toBe(200);
  const after = await state();
  expect(after.tenant).toEqual({ name: "Maple Dental Clinic", timezone: "America/Vancouver" });
  expect(after.hours).toEqual([
    { weekday: 1, opens_at: 450, closes_at: 600 },
    { weekday: 1, opens_at: 660, closes_at: 780 },
    { weekday: 1, opens_at: 1020, closes_at: 1260 },
    { weekday: 3, opens_at: 720, closes_at: 1200 },
  ]);
  expect(after.closures).toMatchObject([{ starts_on: "2030-12-24", ends_on: "2030-12-26", reason: "Holidays" }]);

  // The list as it should be: the kept closure by id (edited), a new one, nothing else.
  const kept = after.closures[0]!.id as string;
  const again = await r.send("owner", business.PUT!, "PUT", {
    body: {
      profile,
      week: { hours: [{ weekday: 1, opens: "09:00", closes: "17:00" }] },
      closures: [
        { id: kept, startsOn: "2030-12-24", endsOn: "2030-12-27", reason: "Holidays" },
        { startsOn: "2031-01-01", endsOn: "2031-01-01", reason: "" },
      ],
    },
  });
  expect(again.status, again.text).toBe(200);
  const final = await state();
  expect(final.closures).toMatchObject([
    { id: kept, starts_on: "2030-12-24", ends_on: "2030-12-27" },
    { starts_on: "2031-01-01", ends_on: "2031-01-01" },
  ]);
  const audit = await env.admin.query("SELECT action FROM audit_events WHERE tenant_id = $1 AND action LIKE 'settings.hours.%'", [MAPLE()]);
  expect(audit.rows.map((a) => a.action)).toEqual(["settings.hours.updated", "settings.hours.updated"]);
});

it("refuses overlapping intervals, naming the field, and changes nothing", async () => {
  const before = await state();
  const res = await r.send("owner", business.PUT!, "PUT", {
    body: {
      profile: { ...profile, businessName: "Should not be saved" },
      week: { hours: [{ weekday: 2, opens: "09:00", closes: "12:00" }, { weekday: 2, opens: "11:30", closes: "14:00" }] },
      closures: [],
    },
  });
  expect(res.status).toBe(400);
  expect(res.json.error?.field).toBe("week.hours.1.opens");
  expect(await state()).toEqual(before);
});

it("is read-only for viewers", async () => {
  const res = await r.send("viewer", business.PUT!, "PUT", { body: { profile, week: { hours: [] }, closures: [] } });
  expect(res.status).toBe(403);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, isoWeekday, wallClockAt } from "@/lib/booking/local-time";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * Staff & rooms through the real route handlers (session cookie, tenant host,
 * role check, zod, RLS): a manager adds a person, gives them services, a week
 * with breaks inside the business's hours and days off, links a member, and
 * orders the list; every refusal is a 4xx naming its field and changes
 * nothing; staff and viewers read only; another tenant's resources are a 404;
 * a resource with appointments is deactivated, not deleted; the console books
 * and moves into a chosen diary.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
const TZ = "America/Toronto";
let routes: Record<"list" | "one" | "order" | "appointments" | "appointment", Record<string, Handler>>;
let MAPLE: string;
let DUPONT: string;
let services: { cleaning: string; checkup: string };
let monday: string;
let karim: string;

type Json = Record<string, unknown> & { error?: { code: string; message: string; field?: string } };

beforeAll(async () => {
  r = await setUpConsoleRoles("resources", { members: ["staff", "viewer"] });
  env = r.env;
  MAPLE = env.tenants["maple-dental"].id;
  DUPONT = env.tenants["cabinet-dupont"].id;
  routes = {
    list: (await import("@/app/api/resources/route")) as never,
    one: (await import("@/app/api/resources/[id]/route")) as never,
    order: (await import("@/app/api/resources/order/route")) as never,
    appointments: (await import("@/app/api/appointments/route")) as never,
    appointment: (await import("@/app/api/appointments/[id]/route")) as never,
  };
  const rows = await env.admin.query<{ id: string; name: string }>(`SELECT id, name FROM services WHERE tenant_id = $1`, [MAPLE]);
  services = { cleaning: rows.rows.find((s) => s.name === "Cleaning")!.id, checkup: rows.rows.find((s) => s.name === "Checkup")!.id };
  const in3Weeks = wallClockAt(new Date(Date.now() + 21 * 86_400_000), TZ).date;
  monday = addDays(in3Weeks, 1 - isoWeekday(in3Weeks));
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function send(who: Who, route: keyof typeof routes, method: string, body?: unknown, params: Record<string, string> = {}) {
  return r.send<Json>(who, routes[route][method]!, method, { body, params });
}

/** Everything a refused write could have touched, for "nothing changed". */
async function state(tenantId = MAPLE) {
  const q = async (sql: string) => (await env.admin.query(sql, [tenantId])).rows;
  return {
    resources: await q(`SELECT id, name, kind, member_user_id, position, is_default, active FROM resources WHERE tenant_id = $1 ORDER BY id`),
    services: await q(`SELECT resource_id, service_id FROM resource_services WHERE tenant_id = $1 ORDER BY resource_id, service_id`),
    hours: await q(`SELECT resource_id, weekday, opens_at, closes_at FROM resource_hours WHERE tenant_id = $1 ORDER BY resource_id, weekday, opens_at`),
    closures: await q(`SELECT resource_id, starts_on::text, ends_on::text, reason FROM resource_closures WHERE tenant_id = $1 ORDER BY resource_id, starts_on`),
  };
}

const userIdOf = async (email: string) => (await env.admin.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email])).rows[0]!.id;
const audits = async (prefix: string) =>
  (await env.admin.query<{ action: string; metadata: unknown }>(`SELECT action, metadata FROM audit_events WHERE tenant_id = $1 AND action LIKE $2 ORDER BY created_at`, [MAPLE, `${prefix}%`])).rows;

const karimWeek = {
  name: "Karim",
  kind: "staff",
  memberUserId: null as string | null,
  active: true,
  serviceIds: [] as string[],
  hours: [
    { weekday: 1, opens: "09:00", closes: "12:00" },
    { weekday: 1, opens: "13:00", closes: "17:00" },
    { weekday: 3, opens: "10:00", closes: "16:00" },
  ],
  closures: [{ startsOn: "2031-07-01", endsOn: "2031-07-14", reason: "Holidays" }],
};

describe("adding and editing", () => {
  it("lists the default diary every tenant starts with, linked to every service", async () => {
    const res = await send("owner", "list", "GET");
    expect(res.status, res.text).toBe(200);
    const list = res.json.resources as Array<{ isDefault: boolean; serviceIds: string[]; hours: unknown }>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ isDefault: true, active: true, hours: null });
    expect(list[0]!.serviceIds).toEqual(expect.arrayContaining([services.cleaning, services.checkup]));
  });

  it("adds a person who performs every active service, after the default, and audits it without the name", async () => {
    const res = await send("owner", "list", "POST", { name: "  Karim ", kind: "staff" });
    expect(res.status, res.text).toBe(201);
    karim = res.json.id as string;
    const row = (await state()).resources.find((x) => x.id === karim)!;
    expect(row).toMatchObject({ name: "Karim", kind: "staff", is_default: false, active: true, position: 1 });
    expect((await state()).services.filter((s) => s.resource_id === karim).map((s) => s.service_id)).toEqual(expect.arrayContaining([services.cleaning, services.checkup]));
    const audit = await audits("resource.created");
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.metadata)).not.toContain("Karim");
  });

  it("refuses a second Karim whatever the case, naming the field", async () => {
    const before = await state();
    const res = await send("owner", "list", "POST", { name: "KARIM", kind: "staff" });
    expect(res.status).toBe(409);
    expect(res.json.error?.field).toBe("name");
    expect(await state()).toEqual(before);
  });

  it("saves services, a week with a break, days off and a linked member in one go", async () => {
    const staff = await userIdOf("stan@staff.test");
    const res = await send("owner", "one", "PUT", { ...karimWeek, memberUserId: staff, serviceIds: [services.checkup] }, { id: karim });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: karim, memberUserId: staff, serviceIds: [services.checkup], hours: karimWeek.hours });
    const after = await state();
    expect(after.hours.filter((h) => h.resource_id === karim)).toEqual([
      { resource_id: karim, weekday: 1, opens_at: 540, closes_at: 720 },
      { resource_id: karim, weekday: 1, opens_at: 780, closes_at: 1020 },
      { resource_id: karim, weekday: 3, opens_at: 600, closes_at: 960 },
    ]);
    expect(after.closures.filter((c) => c.resource_id === karim)).toEqual([{ resource_id: karim, starts_on: "2031-07-01", ends_on: "2031-07-14", reason: "Holidays" }]);
    const audit = await audits("resource.updated");
    expect(audit.at(-1)!.metadata).toMatchObject({ parts: expect.arrayContaining(["member", "services", "hours", "closures"]) });
  });

  it.each([
    ["an interval past the business's closing", [{ weekday: 2, opens: "16:00", closes: "18:00" }], "hours.0.closes", /outside the business's hours \(09:00 – 17:00\)/],
    ["an interval before it opens", [{ weekday: 2, opens: "08:00", closes: "10:00" }], "hours.0.opens", /outside/],
    ["a day the business is closed", [{ weekday: 6, opens: "10:00", closes: "12:00" }], "hours.0.opens", /closed on Saturday/],
    ["two overlapping intervals", [{ weekday: 2, opens: "09:00", closes: "12:00" }, { weekday: 2, opens: "11:00", closes: "13:00" }], "hours.1.opens", /overlap/],
    ["an end before its start", [{ weekday: 2, opens: "12:00", closes: "10:00" }], "hours.0.closes", /after/],
    ["an empty week", [], "hours", /at least one/],
  ])("refuses %s with a field error and changes nothing", async (_what, hours, field, message) => {
    const before = await state();
    const res = await send("owner", "one", "PUT", { ...karimWeek, name: "Renamed", hours }, { id: karim });
    expect(res.status).toBe(400);
    expect(res.json.error?.field).toBe(field);
    expect(res.json.error?.message).toMatch(message);
    expect(await state()).toEqual(before);
  });

  it("refuses another tenant's member or service, and a bad kind, naming the field", async () => {
    const before = await state();
    const dupontOwner = await userIdOf(env.tenants["cabinet-dupont"].ownerEmail);
    const dupontService = (await env.admin.query<{ id: string }>(`SELECT id FROM services WHERE tenant_id = $1 LIMIT 1`, [DUPONT])).rows[0]!.id;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ memberUserId: dupontOwner }, "memberUserId"],
      [{ serviceIds: [services.checkup, dupontService] }, "serviceIds"],
      [{ kind: "robot" }, "kind"],
      [{ name: "" }, "name"],
      [{ closures: [{ startsOn: "2031-02-10", endsOn: "2031-02-01" }] }, "closures.0.endsOn"],
    ];
    for (const [change, field] of cases) {
      const res = await send("owner", "one", "PUT", { ...karimWeek, ...change }, { id: karim });
      expect(res.status, field).toBe(400);
      expect(res.json.error?.field).toBe(field);
    }
    expect(await state()).toEqual(before);
  });

  it("goes back to the business's hours with null, and keeps a kept day off by id", async () => {
    const kept = (await send("owner", "one", "GET", undefined, { id: karim })).json.closures as Array<{ id: string }>;
    const res = await send(
      "owner",
      "one",
      "PUT",
      { ...karimWeek, hours: null, serviceIds: [services.checkup, services.cleaning], closures: [{ ...karimWeek.closures[0], id: kept[0]!.id, reason: "Summer" }] },
      { id: karim },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ hours: null, closures: [{ id: kept[0]!.id, reason: "Summer" }] });
  });

  it("orders the list, and refuses an order that does not name every resource once", async () => {
    const ids = ((await send("owner", "list", "GET")).json.resources as Array<{ id: string }>).map((x) => x.id);
    const res = await send("owner", "order", "PUT", { ids: [...ids].reverse() });
    expect(res.status, res.text).toBe(200);
    expect(((await send("owner", "list", "GET")).json.resources as Array<{ id: string }>).map((x) => x.id)).toEqual([...ids].reverse());
    const before = await state();
    const bad = await send("owner", "order", "PUT", { ids: [ids[0]] });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.field).toBe("ids");
    expect(await state()).toEqual(before);
    await send("owner", "order", "PUT", { ids });
  });
});

describe("who may", () => {
  it("lets staff and viewers read, and refuses them every change", async () => {
    for (const who of ["staff", "viewer"] as const) {
      expect((await send(who, "list", "GET")).status).toBe(200);
      expect((await send(who, "one", "GET", undefined, { id: karim })).status).toBe(200);
      const before = await state();
      expect((await send(who, "list", "POST", { name: "Intruder", kind: "room" })).status).toBe(403);
      expect((await send(who, "one", "PUT", karimWeek, { id: karim })).status).toBe(403);
      expect((await send(who, "one", "DELETE", undefined, { id: karim })).status).toBe(403);
      expect((await send(who, "order", "PUT", { ids: [karim] })).status).toBe(403);
      expect(await state()).toEqual(before);
    }
  });

  it("keeps each tenant's resources its own: another tenant reads, changes and deletes none of them (404)", async () => {
    const before = await state();
    const list = await send("dupont", "list", "GET");
    expect(list.status).toBe(200);
    expect((list.json.resources as Array<{ id: string }>).map((x) => x.id)).not.toContain(karim);
    expect((await send("dupont", "one", "GET", undefined, { id: karim })).status).toBe(404);
    const dupontHours = [{ weekday: 1, opens: "09:00", closes: "10:00" }];
    expect((await send("dupont", "one", "PUT", { ...karimWeek, hours: dupontHours, closures: [] }, { id: karim })).status).toBe(404);
    expect((await send("dupont", "one", "DELETE", undefined, { id: karim })).status).toBe(404);
    const order = await send("dupont", "order", "PUT", { ids: [karim] });
    expect(order.status).toBe(400);
    expect(await state()).toEqual(before);
  });
});

describe("booking into a diary, deactivating, deleting", () => {
  let defaultId: string;
  let appointmentId: string;

  it("books two people at the same time from the console, and moves one to another diary", async () => {
    defaultId = (await state()).resources.find((x) => x.is_default)!.id as string;
    const a = await send("owner", "appointments", "POST", { serviceId: services.checkup, resourceId: karim, clientName: "Ann Lee", clientPhone: "(416) 555-0170", date: monday, time: "10:00" });
    expect(a.status, a.text).toBe(201);
    expect(a.json).toMatchObject({ resourceId: karim, resourceName: "Karim" });
    const b = await send("owner", "appointments", "POST", { serviceId: services.checkup, resourceId: defaultId, clientName: "Bo Chan", clientPhone: "(416) 555-0171", date: monday, time: "10:00" });
    expect(b.status, b.text).toBe(201);
    expect(b.json.resourceId).toBe(defaultId);
    appointmentId = a.json.id as string;
    // The default's 10:00 is taken: moving Karim's there is refused; to 11:00 in the default's diary it goes.
    const clash = await send("owner", "appointment", "PATCH", { date: monday, time: "10:00", resourceId: defaultId }, { id: appointmentId });
    expect(clash.status).toBe(409);
    // Each offered time says who is free then, so the form can set both.
    const offers = (clash.json.error as unknown as { alternatives: Array<{ resourceId: string; resourceName: string }> }).alternatives;
    expect(offers.length).toBeGreaterThan(0);
    for (const o of offers) expect(typeof o.resourceName).toBe("string");
    const moved = await send("owner", "appointment", "PATCH", { date: monday, time: "11:00", resourceId: defaultId }, { id: appointmentId });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ resourceId: defaultId, localTime: "11:00" });
    const back = await send("owner", "appointment", "PATCH", { date: monday, time: "11:00", resourceId: karim }, { id: appointmentId });
    expect(back.status, back.text).toBe(200);
  });

  it("refuses a diary that does not perform the service, or another tenant's, naming the field and writing nothing", async () => {
    const room = await send("owner", "list", "POST", { name: "Room 9", kind: "room", serviceIds: [] });
    expect(room.status, room.text).toBe(201);
    const dupontDiary = (await state(DUPONT)).resources[0]!.id as string;
    const count = async () => (await env.admin.query(`SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1`, [MAPLE])).rows[0].n as number;
    const before = await count();
    for (const resourceId of [room.json.id as string, dupontDiary]) {
      const res = await send("owner", "appointments", "POST", { serviceId: services.checkup, resourceId, clientName: "Cy Dee", clientPhone: "(416) 555-0172", date: monday, time: "14:00" });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error?.field).toBe("resourceId");
    }
    expect(await count()).toBe(before);
    expect((await send("owner", "one", "DELETE", undefined, { id: room.json.id as string })).status).toBe(204);
  });

  it("refuses to delete a resource with an upcoming appointment (deactivate instead), and deactivates it", async () => {
    const before = await state();
    const res = await send("owner", "one", "DELETE", undefined, { id: karim });
    expect(res.status).toBe(409);
    expect(res.json.error?.message).toMatch(/inactive/);
    expect(await state()).toEqual(before);
    const off = await send("owner", "one", "PUT", { ...karimWeek, active: false, hours: null, closures: [] }, { id: karim });
    expect(off.status, off.text).toBe(200);
    expect(off.json.active).toBe(false);
  });

  it("refuses to deactivate the last diary taking bookings", async () => {
    const res = await send("owner", "one", "PUT", { name: "Main", kind: "room", active: false }, { id: defaultId });
    expect(res.status).toBe(409);
    expect(res.json.error?.field).toBe("active");
  });

  it("refuses to delete a tenant's only diary, deletes one without appointments, and audits it", async () => {
    const dupontOnly = (await state(DUPONT)).resources[0]!.id as string;
    const only = await send("dupont", "one", "DELETE", undefined, { id: dupontOnly });
    expect(only.status).toBe(409);
    const room = await send("owner", "list", "POST", { name: "Room 2", kind: "room" });
    expect(room.status).toBe(201);
    const gone = await send("owner", "one", "DELETE", undefined, { id: room.json.id as string });
    expect(gone.status).toBe(204);
    expect((await state()).resources.map((x) => x.id)).not.toContain(room.json.id);
    expect((await audits("resource.deleted")).length).toBe(2);
  });
});

describe("activity", () => {
  it("reads each change as a sentence in English and French, without names", async () => {
    const { describeActivity } = await import("@/lib/audit/activity-sentences");
    const names = { members: new Map(), clients: new Map(), services: new Map(), appointments: new Map(), invitations: new Map() };
    const rows = await audits("resource.");
    expect(new Set(rows.map((x) => x.action))).toEqual(new Set(["resource.created", "resource.updated", "resource.reordered", "resource.deleted"]));
    for (const locale of ["en", "fr"] as const) {
      for (const row of rows) {
        const d = describeActivity({ action: row.action, target: null, at: new Date(), metadata: row.metadata as Record<string, unknown> }, names, { locale, timeZone: TZ });
        expect(d.facts, row.action).toEqual([]);
        expect(d.summary).not.toMatch(/Karim|resource\./);
      }
    }
    const updated = describeActivity({ action: "resource.updated", target: null, at: new Date(), metadata: { parts: ["services", "hours"], active: true } }, names, { locale: "fr", timeZone: TZ });
    expect(updated.summary).toBe("Personne ou salle modifiée : prestations, horaires");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, instantAt, isoWeekday, wallClockAt } from "@/lib/booking/local-time";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ApiErrorBody, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * The Appointments console through its real route handlers (session cookie,
 * tenant host, role check, zod, booking rules, exclusion constraint, RLS):
 * booking, moving, cancelling and closing by hand; a taken slot is a 409 with
 * the nearest free times and writes nothing (not even the new client); bad
 * input is a 400 naming the field; viewers are refused, staff allowed; another
 * tenant's appointment is a 404.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
const TZ = "America/Toronto";

let routes: Record<"list" | "one" | "status" | "clients", Record<string, Handler>>;
let services: { cleaning: string; checkup: string };
/** A Monday a few weeks ahead (so never in the past), on Maple Dental's clock. */
let monday: string;

interface ErrorBody extends ApiErrorBody {
  reason?: string;
  alternatives?: Array<{ startsAt: string; localDate: string; localTime: string }>;
}
type Json = { error?: ErrorBody } & Record<string, unknown>;

beforeAll(async () => {
  r = await setUpConsoleRoles("appointments", { members: ["viewer", "staff"] });
  env = r.env;
  const maple = env.tenants["maple-dental"];
  routes = {
    list: (await import("@/app/api/appointments/route")) as never,
    one: (await import("@/app/api/appointments/[id]/route")) as never,
    status: (await import("@/app/api/appointments/[id]/status/route")) as never,
    clients: (await import("@/app/api/clients/route")) as never,
  };
  const rows = await env.admin.query<{ id: string; name: string }>(`SELECT id, name FROM services WHERE tenant_id = $1`, [maple.id]);
  services = { cleaning: rows.rows.find((r) => r.name === "Cleaning")!.id, checkup: rows.rows.find((r) => r.name === "Checkup")!.id };
  const in3Weeks = wallClockAt(new Date(Date.now() + 21 * 86_400_000), TZ).date;
  monday = addDays(in3Weeks, 1 - isoWeekday(in3Weeks));
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function send(who: Who, route: keyof typeof routes, method: string, body?: unknown, params: Record<string, string> = {}, search = "") {
  return r.send<Json>(who, routes[route][method]!, method, { body, params, search });
}

const at = (date: string, time: string) => instantAt(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), TZ).toISOString();

async function book(body: Record<string, unknown>, who: Who = "owner") {
  return send(who, "list", "POST", { serviceId: services.checkup, ...body });
}

async function auditActions(): Promise<string[]> {
  const rows = await env.admin.query<{ action: string }>(`SELECT action FROM audit_events WHERE action LIKE 'appointment.%' ORDER BY created_at`);
  return rows.rows.map((r) => r.action);
}

describe("booking by hand", () => {
  let firstId: string;
  let clientId: string;

  it("books for a new client given by name and a phone in local format, on the tenant's clock, and audits without personal data", async () => {
    const res = await book({ clientName: "Jane Roe", clientPhone: "(416) 555-0142", date: monday, time: "10:00" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ service: "Checkup", clientName: "Jane Roe", clientPhone: "+14165550142", localDate: monday, localTime: "10:00", status: "booked", channel: null });
    expect(res.json.startsAt).toBe(at(monday, "10:00"));
    firstId = res.json.id as string;
    clientId = res.json.clientId as string;
    const row = await env.admin.query(`SELECT channel, status, starts_at, ends_at FROM appointments WHERE id = $1`, [firstId]);
    expect(row.rows[0].channel).toBeNull();
    expect(new Date(row.rows[0].ends_at).getTime() - new Date(row.rows[0].starts_at).getTime()).toBe(30 * 60_000);
    const audit = await env.admin.query(`SELECT actor_user_id, target, metadata FROM audit_events WHERE action = 'appointment.created'`);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].target).toBe(`appointment:${firstId}`);
    expect(audit.rows[0].actor_user_id).toBeTruthy();
    expect(JSON.stringify(audit.rows[0].metadata)).not.toMatch(/Jane|555|0142/);
  });

  it("lists the week with the appointment on its local day, and filters by status", async () => {
    const res = await send("owner", "list", "GET", undefined, {}, `?week=${addDays(monday, 3)}`);
    expect(res.status).toBe(200);
    expect(res.json.weekStart).toBe(monday);
    expect(res.json.timeZone).toBe(TZ);
    expect(res.json.days).toHaveLength(7);
    expect((res.json.appointments as Array<{ id: string }>).map((a) => a.id)).toEqual([firstId]);
    const cancelled = await send("owner", "list", "GET", undefined, {}, `?week=${monday}&status=cancelled`);
    expect(cancelled.json.appointments).toEqual([]);
    const other = await send("owner", "list", "GET", undefined, {}, `?week=${addDays(monday, 7)}`);
    expect(other.json.appointments).toEqual([]);
  });

  it("refuses a double booking with 409, the nearest free times, and writes nothing — not even the new client", async () => {
    const before = await env.countRows();
    const res = await book({ clientName: "Max Mustermann", clientPhone: "+1 416 555 0177", date: monday, time: "10:15" });
    expect(res.status, JSON.stringify(res.json)).toBe(409);
    expect(res.json.error).toMatchObject({ code: "conflict", field: "time", reason: "taken" });
    expect(res.json.error!.message).toMatch(/already booked/);
    const alternatives = res.json.error!.alternatives!;
    expect(alternatives.length).toBe(3);
    for (const a of alternatives) {
      // Free means clear of 10:00–10:30 for a 30-minute checkup.
      const start = new Date(a.startsAt).getTime();
      expect(start + 30 * 60_000 <= new Date(at(monday, "10:00")).getTime() || start >= new Date(at(monday, "10:30")).getTime()).toBe(true);
    }
    expect(alternatives.map((a) => a.localTime)).toContain("10:30");
    expect(await env.countRows()).toEqual(before);
  });

  it("refuses a time outside opening hours with 400 on the time field and alternatives", async () => {
    const before = await env.countRows();
    const sunday = addDays(monday, 6);
    const res = await book({ clientId, date: sunday, time: "10:00" });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", field: "time", reason: "closed" });
    expect(res.json.error!.alternatives!.length).toBeGreaterThan(0);
    const late = await book({ clientId, date: monday, time: "16:45" });
    expect(late.json.error?.reason).toBe("closed");
    expect(await env.countRows()).toEqual(before);
  });

  it("books an existing client by id, and a known phone number books for that client", async () => {
    const byId = await book({ clientId, date: monday, time: "11:00" });
    expect(byId.status).toBe(201);
    expect(byId.json.clientId).toBe(clientId);
    const byPhone = await book({ clientName: "Someone Else", clientPhone: "416-555-0142", date: monday, time: "12:00" });
    expect(byPhone.status).toBe(201);
    expect(byPhone.json.clientId).toBe(clientId);
    const count = await env.admin.query(`SELECT count(*)::int AS n FROM clients WHERE tenant_id = $1`, [env.tenants["maple-dental"].id]);
    expect(count.rows[0].n).toBe(1);
  });

  it.each([
    [{ serviceId: "not-a-uuid", clientName: "Jo Doe", clientPhone: "4165550100", date: "2031-01-06", time: "10:00" }, "serviceId"],
    [{ clientName: "Jo Doe", clientPhone: "4165550100", date: "2031-02-30", time: "10:00" }, "date"],
    [{ clientName: "Jo Doe", clientPhone: "4165550100", date: "2031-01-06", time: "10am" }, "time"],
    [{ clientName: "Jo Doe", clientPhone: "12", date: "2031-01-06", time: "10:00" }, "clientPhone"],
    [{ clientName: "", clientPhone: "4165550100", date: "2031-01-06", time: "10:00" }, "clientName"],
    [{ clientName: "Jo Doe", date: "2031-01-06", time: "10:00" }, "clientPhone"],
    [{ clientId: "nope", date: "2031-01-06", time: "10:00" }, "clientId"],
  ])("refuses %j with 400 naming the field and writes nothing", async (body, field) => {
    const before = await env.countRows();
    const res = await send("owner", "list", "POST", { serviceId: services.checkup, ...body });
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error).toMatchObject({ code: "bad_request", field });
    expect(await env.countRows()).toEqual(before);
  });

  it("refuses an inactive or unknown service and a body that is not JSON", async () => {
    const before = await env.countRows();
    const unknown = await book({ serviceId: "6f1c4f5e-1111-4111-8111-111111111111", clientId, date: monday, time: "14:00" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.field).toBe("serviceId");
    const notJson = await send("owner", "list", "POST", "nope");
    expect(notJson.status).toBe(400);
    const badQuery = await send("owner", "list", "GET", undefined, {}, "?week=2031-13-01");
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.error?.field).toBe("week");
    expect(await env.countRows()).toEqual(before);
  });

  it("moves an appointment, refuses a move onto a taken slot with alternatives, and audits the move", async () => {
    const moved = await send("owner", "one", "PATCH", { date: addDays(monday, 1), time: "09:30" }, { id: firstId });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    expect(moved.json).toMatchObject({ localDate: addDays(monday, 1), localTime: "09:30", status: "booked" });
    // Moving within its own time (overlapping itself) is allowed.
    const nudged = await send("owner", "one", "PATCH", { date: addDays(monday, 1), time: "09:45" }, { id: firstId });
    expect(nudged.status).toBe(200);

    const before = await env.countRows();
    const clash = await send("owner", "one", "PATCH", { date: monday, time: "11:15" }, { id: firstId });
    expect(clash.status).toBe(409);
    expect(clash.json.error?.reason).toBe("taken");
    expect(clash.json.error?.alternatives?.length).toBeGreaterThan(0);
    const bad = await send("owner", "one", "PATCH", { date: monday, time: "25:00" }, { id: firstId });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.field).toBe("time");
    expect(await env.countRows()).toEqual(before);
    const row = await env.admin.query(`SELECT starts_at FROM appointments WHERE id = $1`, [firstId]);
    expect(new Date(row.rows[0].starts_at).toISOString()).toBe(at(addDays(monday, 1), "09:45"));
    expect(await auditActions()).toContain("appointment.moved");
  });

  it("cancels: the slot is free again, a cancelled appointment cannot be moved or marked", async () => {
    const cancelled = await send("owner", "status", "PUT", { status: "cancelled" }, { id: firstId });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe("cancelled");
    const again = await book({ clientName: "Ann Lee", clientPhone: "416 555 0188", date: addDays(monday, 1), time: "09:45" });
    expect(again.status).toBe(201);
    const move = await send("owner", "one", "PATCH", { date: addDays(monday, 2), time: "10:00" }, { id: firstId });
    expect(move.status).toBe(409);
    const mark = await send("owner", "status", "PUT", { status: "completed" }, { id: firstId });
    expect(mark.status).toBe(409);
    const bad = await send("owner", "status", "PUT", { status: "booked" }, { id: firstId });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.field).toBe("status");
    expect(await auditActions()).toContain("appointment.cancelled");
  });

  it("marks a started appointment completed or no-show, never a future one", async () => {
    const future = await book({ clientId, date: addDays(monday, 2), time: "15:00" });
    const early = await send("owner", "status", "PUT", { status: "completed" }, { id: future.json.id as string });
    expect(early.status).toBe(409);
    const past = await env.admin.query<{ id: string }>(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at)
       VALUES ($1, $2, $3, now() - interval '2 days', now() - interval '2 days' + interval '30 minutes', 'booked', now()) RETURNING id`,
      [env.tenants["maple-dental"].id, services.checkup, clientId],
    );
    const id = past.rows[0]!.id;
    const done = await send("owner", "status", "PUT", { status: "completed" }, { id });
    expect(done.status).toBe(200);
    expect(done.json.status).toBe("completed");
    const noShow = await send("staff", "status", "PUT", { status: "no_show" }, { id });
    expect(noShow.status).toBe(200);
    expect(noShow.json.status).toBe("no_show");
    expect(await auditActions()).toEqual(expect.arrayContaining(["appointment.completed", "appointment.no_show"]));
  });
});

describe("roles", () => {
  it("lets a viewer read but refuses every write with 403, writing nothing", async () => {
    const list = await send("viewer", "list", "GET", undefined, {}, `?week=${monday}`);
    expect(list.status).toBe(200);
    const id = (list.json.appointments as Array<{ id: string; status: string }>).find((a) => a.status === "booked")!.id;
    const before = await env.countRows();
    const attempts = [
      await send("viewer", "list", "POST", { serviceId: services.checkup, clientName: "Vi Ewer", clientPhone: "4165550111", date: addDays(monday, 3), time: "10:00" }),
      await send("viewer", "one", "PATCH", { date: addDays(monday, 3), time: "11:00" }, { id }),
      await send("viewer", "status", "PUT", { status: "cancelled" }, { id }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.json.error?.code).toBe("forbidden");
    }
    expect(await env.countRows()).toEqual(before);
  });

  it("lets staff book, move and cancel", async () => {
    const res = await send("staff", "list", "POST", { serviceId: services.cleaning, clientName: "Stu Dent", clientPhone: "4165550122", date: addDays(monday, 3), time: "13:00" });
    expect(res.status).toBe(201);
    const id = res.json.id as string;
    expect((await send("staff", "one", "PATCH", { date: addDays(monday, 3), time: "14:00" }, { id })).status).toBe(200);
    expect((await send("staff", "status", "PUT", { status: "cancelled" }, { id })).status).toBe(200);
  });
});

describe("tenant isolation", () => {
  it("answers 404 for another tenant's appointment and never lists it", async () => {
    const mapleList = await send("owner", "list", "GET", undefined, {}, `?week=${monday}`);
    const appointment = (mapleList.json.appointments as Array<{ id: string; clientId: string; status: string }>).find((a) => a.status === "booked")!;
    const before = await env.countRows();
    expect((await send("dupont", "one", "GET", undefined, { id: appointment.id })).status).toBe(404);
    expect((await send("dupont", "one", "PATCH", { date: addDays(monday, 4), time: "10:00" }, { id: appointment.id })).status).toBe(404);
    expect((await send("dupont", "status", "PUT", { status: "cancelled" }, { id: appointment.id })).status).toBe(404);
    const consultation = (await env.admin.query(`SELECT id FROM services WHERE tenant_id = $1 LIMIT 1`, [env.tenants["cabinet-dupont"].id])).rows[0].id;
    const foreignClient = await send("dupont", "list", "POST", { serviceId: consultation, clientId: appointment.clientId, date: addDays(monday, 4), time: "10:00" });
    expect(foreignClient.status).toBe(400);
    expect(foreignClient.json.error?.field).toBe("clientId");
    const foreignService = await send("dupont", "list", "POST", { serviceId: services.checkup, clientName: "Luc Martin", clientPhone: "022 555 01 77", date: addDays(monday, 4), time: "10:00" });
    expect(foreignService.status).toBe(400);
    expect(foreignService.json.error?.field).toBe("serviceId");
    expect(await env.countRows()).toEqual(before);
    const dupontList = await send("dupont", "list", "GET", undefined, {}, `?week=${monday}`);
    expect(dupontList.json.appointments).toEqual([]);
    expect(dupontList.json.timeZone).toBe("Europe/Zurich");
    expect((await send("owner", "one", "GET", undefined, { id: "not-a-uuid" })).status).toBe(404);
  });
});

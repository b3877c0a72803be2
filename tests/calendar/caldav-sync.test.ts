import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type SendOptions, type Who } from "../support/console-roles-env";
import { startRadicale, type Radicale } from "../support/radicale";
import type { JobRunner, ManualClock } from "@/lib/jobs";

/*
 * Calendar sync end to end against a real Radicale: connecting through the
 * console route (checked, sealed, never echoed), busy times blocking a slot
 * within 60 s of an event created directly in Radicale (manual clock), a
 * booking written as one event by the calendar.sync job and deleted on
 * cancellation, an outage that delays the event but never the booking, and
 * an event moved or deleted in Radicale surfacing as a conflict staff
 * accept or dismiss. Tenants never see each other's connections.
 */

let roles: ConsoleRolesEnv;
// Route handlers are typed with their own params; the harness passes them as Next does.
const send = <T = Record<string, unknown>>(who: Who, handler: unknown, method: string, opts?: SendOptions) => roles.send<T>(who, handler as Handler, method, opts);
let radicale: Radicale;
let calendarUrl: string;
let runner: JobRunner;
let clock: ManualClock;
let maple: { id: string; resourceId: string; serviceId: string; clientId: string };
let dupontResourceId: string;

const Y = new Date().getUTCFullYear() + 2;
// Monday 10 June (Y+2 is chosen for "always in the future"; the weekday is found below).
let DAY: string;

const routes = {
  connections: () => import("@/app/api/calendar/connections/route"),
  connection: () => import("@/app/api/calendar/connections/[id]/route"),
  conflicts: () => import("@/app/api/calendar/conflicts/route"),
  conflict: () => import("@/app/api/calendar/conflicts/[id]/route"),
};

async function asMaple<T>(fn: () => Promise<T>): Promise<T> {
  const { runAsTenant } = await import("@/lib/tenancy");
  return runAsTenant(maple.id, fn);
}

/** A weekday of year Y at hh:mm in Toronto, as an instant. */
function at(hhmm: string): Date {
  const [h, m] = hhmm.split(":").map(Number);
  // Toronto in June is UTC-4.
  return new Date(Date.UTC(Number(DAY.slice(0, 4)), Number(DAY.slice(5, 7)) - 1, Number(DAY.slice(8, 10)), h! + 4, m!));
}

/** The app's booking with this suite's calendar busy times (manual clock), as lib/booking wires calendarBusy(). */
async function booking() {
  const { createBooking } = await import("@/lib/booking");
  const { createCalendarBusy } = await import("@/lib/calendar");
  const { tenantDb } = await import("@/lib/db");
  return createBooking(tenantDb(), { externalBusy: createCalendarBusy({ clock }) });
}

async function book(hhmm: string) {
  const b = await booking();
  return asMaple(() => b.bookAppointment({ serviceId: maple.serviceId, clientId: maple.clientId, startsAt: at(hhmm), channel: "web", now: clock.now() }));
}

const eventRow = async (appointmentId: string) =>
  (await roles.env.admin.query(`SELECT * FROM appointment_calendar_events WHERE appointment_id = $1`, [appointmentId])).rows[0];
const objectUrl = (appointmentId: string) => `${calendarUrl}frontdesk-${appointmentId}.ics`;

/** One tick a minute later: a new period, so calendar.sync runs again for every tenant. */
async function tick() {
  clock.advance(60_000);
  return runner.runDue();
}

beforeAll(async () => {
  roles = await setUpConsoleRoles("caldavsync", { members: [] });
  process.env.CALENDAR_ALLOW_PRIVATE_HOSTS = "1";
  radicale = await startRadicale();
  calendarUrl = await radicale.makeCalendar("maple");
  const admin = roles.env.admin;
  const id = roles.env.tenants["maple-dental"].id;
  const resource = await admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [id]);
  const service = await admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND active ORDER BY name LIMIT 1`, [id]);
  const client = await admin.query(`INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Grace Hopper', '+14165550199', now()) RETURNING id`, [id]);
  maple = { id, resourceId: resource.rows[0].id, serviceId: service.rows[0].id, clientId: client.rows[0].id };
  dupontResourceId = (await admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [roles.env.tenants["cabinet-dupont"].id])).rows[0].id;
  // The first Tuesday of June, year Y.
  const june = new Date(Date.UTC(Y, 5, 1));
  while (june.getUTCDay() !== 2) june.setUTCDate(june.getUTCDate() + 1);
  DAY = june.toISOString().slice(0, 10);

  const { createJobRunner, createManualClock, registeredJobs } = await import("@/lib/jobs");
  await import("@/lib/calendar/jobs");
  clock = createManualClock(new Date(Date.UTC(Y, 4, 20, 12)));
  runner = createJobRunner({ clock, queueUrl: roles.env.db.adminUrl, jobs: registeredJobs().filter((j) => j.name === "calendar.sync") });
}, 120_000);

afterAll(async () => {
  await runner?.stop();
  await radicale?.close();
  await roles?.env.close();
});

describe("connecting a resource's CalDAV calendar", () => {
  it("refuses bad input with a 4xx naming the field and stores nothing", async () => {
    const { PUT } = await routes.connection();
    const params = { id: maple.resourceId };
    const bad = await send("owner", PUT, "PUT", { params, body: { provider: "caldav", url: "not a url", username: "u", password: "p" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.field).toBe("url");
    const wrong = await send("owner", PUT, "PUT", { params, body: { provider: "caldav", url: radicale.url, username: radicale.username, password: "wrong-password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatchObject({ field: "url" });
    expect(wrong.text).not.toContain("wrong-password");
    const google = await send("owner", PUT, "PUT", { params, body: { provider: "google", calendarId: "x", serviceAccountJson: "{}" } });
    expect(google.json.error?.field).toBe("serviceAccountJson");
    expect((await roles.env.admin.query(`SELECT count(*)::int AS n FROM calendar_connections`)).rows[0].n).toBe(0);
  });

  it("connects with a URL, user and app password; answers configured and non-secret fields only", async () => {
    const { PUT } = await routes.connection();
    const res = await send("owner", PUT, "PUT", { params: { id: maple.resourceId }, body: { provider: "caldav", url: radicale.url, username: radicale.username, password: radicale.password } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ resourceId: maple.resourceId, provider: "caldav", calendar: calendarUrl, account: radicale.username, configured: true, status: "ok" });
    expect(res.text).not.toContain(radicale.password);
    const stored = await roles.env.admin.query(`SELECT ciphertext FROM calendar_connections`);
    expect(Buffer.from(stored.rows[0].ciphertext).toString("latin1")).not.toContain(radicale.password);
    const { GET } = await routes.connections();
    const listed = await send<{ connections: Array<Record<string, unknown>> }>("owner", GET, "GET");
    expect(listed.json.connections).toHaveLength(1);
    expect(listed.text).not.toContain(radicale.password);
  });

  it("tenant A never sees or touches tenant B's calendar connections", async () => {
    const { GET } = await routes.connections();
    const { PUT, DELETE } = await routes.connection();
    const seen = await send<{ connections: unknown[] }>("dupont", GET, "GET");
    expect(seen.json.connections).toEqual([]);
    expect((await send("dupont", DELETE, "DELETE", { params: { id: maple.resourceId } })).json).toEqual({ disconnected: false });
    const put = await send("dupont", PUT, "PUT", { params: { id: maple.resourceId }, body: { provider: "caldav", url: radicale.url, username: radicale.username, password: radicale.password } });
    expect(put.status).toBe(404);
    const { runAsTenant } = await import("@/lib/tenancy");
    const { createCalendarBusy } = await import("@/lib/calendar");
    const busy = await runAsTenant(roles.env.tenants["cabinet-dupont"].id, () => createCalendarBusy({ clock })([maple.resourceId, dupontResourceId], at("08:00"), at("18:00")));
    expect(busy.size).toBe(0);
    expect((await roles.env.admin.query(`SELECT count(*)::int AS n FROM calendar_connections`)).rows[0].n).toBe(1);
  });
});

describe("busy times", () => {
  it("an event created directly in Radicale removes that slot from availability within 60 s (cached up to a minute, no sleep)", async () => {
    const { createCalendarBusy } = await import("@/lib/calendar");
    const busy = createCalendarBusy({ clock });
    const b = await booking();
    const ask = () => asMaple(() => busy([maple.resourceId], at("09:00"), at("17:00")));
    const starts = async () =>
      (await asMaple(() => b.findAvailableSlots({ serviceId: maple.serviceId, from: at("09:00"), to: at("17:00"), now: clock.now() }))).map((slot) => slot.startsAt.getTime());
    expect((await ask()).get(maple.resourceId)).toEqual([]);
    expect(await starts()).toContain(at("14:00").getTime());
    const ics = (uid: string, s: Date, e: Date) =>
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:${s.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z\r\nDTEND:${e.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z\r\nSUMMARY:Dentist conference\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    expect(await radicale.putIcs(calendarUrl, "conference.ics", ics("conf@other", at("14:00"), at("15:00")))).toBe(201);
    clock.advance(30_000);
    expect((await ask()).get(maple.resourceId)).toEqual([]);
    expect(await starts()).toContain(at("14:00").getTime());
    clock.advance(31_000);
    expect((await ask()).get(maple.resourceId)).toEqual([{ start: at("14:00"), end: at("15:00") }]);
    const after = await starts();
    expect(after).not.toContain(at("14:00").getTime());
    expect(after).not.toContain(at("14:30").getTime());
    expect(after).toContain(at("15:00").getTime());
  });

  it("Radicale down: availability keeps the last known busy times for 15 minutes, then none, and records the error", async () => {
    const { createCalendarBusy } = await import("@/lib/calendar");
    const busy = createCalendarBusy({ clock });
    const ask = () => asMaple(() => busy([maple.resourceId], at("09:00"), at("17:00")));
    const conference = [{ start: at("14:00"), end: at("15:00") }];
    expect((await ask()).get(maple.resourceId)).toEqual(conference);
    await radicale.stop();
    try {
      clock.advance(61_000);
      expect((await ask()).get(maple.resourceId)).toEqual(conference);
      const stored = (await roles.env.admin.query(`SELECT status, last_error FROM calendar_connections`)).rows[0];
      expect(stored.status).toBe("failing");
      expect(stored.last_error).toMatch(/unreachable/);
      clock.advance(15 * 60_000);
      expect((await ask()).get(maple.resourceId)).toEqual([]);
    } finally {
      await radicale.start();
    }
    clock.advance(61_000);
    expect((await ask()).get(maple.resourceId)).toEqual(conference);
    await fetch(`${calendarUrl}conference.ics`, { method: "DELETE", headers: { authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString("base64")}` } });
  });
});

describe("write-through", () => {
  it("a booking appears in Radicale as one event, with the client, the service and a console link; cancelling deletes it", async () => {
    const booked = await book("10:00");
    expect((await eventRow(booked.id)).sync_state).toBe("pending");
    await tick();
    const row = await eventRow(booked.id);
    expect(row).toMatchObject({ sync_state: "synced", external_id: objectUrl(booked.id), last_error: null });
    const object = await radicale.get(objectUrl(booked.id));
    expect(object.status).toBe(200);
    expect(object.body).toContain(`UID:${booked.id}@frontdesk`);
    expect(object.body).toMatch(/SUMMARY:Grace Hopper – /);
    expect(object.body.replace(/\r\n /g, "")).toContain(`/appointments?week=${DAY}&appointment=${booked.id}`);
    // A second run writes nothing twice.
    await tick();
    const listing = await radicale.get(calendarUrl);
    expect(listing.status).toBeLessThan(500);

    const { createBooking } = await import("@/lib/booking");
    const { tenantDb } = await import("@/lib/db");
    await asMaple(() => createBooking(tenantDb()).cancelAppointment(booked.id));
    await tick();
    expect((await radicale.get(objectUrl(booked.id))).status).toBe(404);
    expect((await eventRow(booked.id)).sync_state).toBe("removed");
  });

  it("Radicale down: the booking still succeeds, and its event is written when the server is back", async () => {
    await radicale.stop();
    let booked;
    try {
      booked = await book("11:00");
      expect(booked.id).toBeTruthy();
      await tick();
      const row = await eventRow(booked.id);
      expect(row).toMatchObject({ sync_state: "pending", attempts: 1 });
      expect(row.last_error).toMatch(/unreachable/);
      const { GET } = await routes.connections();
      const listed = await send<{ connections: Array<{ status: string; lastError: string }> }>("owner", GET, "GET");
      expect(listed.json.connections[0]).toMatchObject({ status: "failing" });
      expect(listed.json.connections[0]!.lastError).toMatch(/unreachable/);
    } finally {
      await radicale.start();
    }
    await tick();
    expect((await radicale.get(objectUrl(booked.id))).status).toBe(200);
    expect(await eventRow(booked.id)).toMatchObject({ sync_state: "synced", attempts: 0 });
    const { GET } = await routes.connections();
    const listed = await send<{ connections: Array<{ status: string; lastError: string | null }> }>("owner", GET, "GET");
    expect(listed.json.connections[0]).toMatchObject({ status: "ok", lastError: null });
  });
});

describe("events edited in the CalDAV calendar", () => {
  it("a moved event becomes a conflict; accepting moves the appointment through the booking rules", async () => {
    const booked = await book("12:00");
    await tick();
    const original = (await radicale.get(objectUrl(booked.id))).body;
    const moved = original.replace(/DTSTART:\d{8}T\d{6}Z/, `DTSTART:${at("15:30").toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`).replace(/DTEND:\d{8}T\d{6}Z/, `DTEND:${at("16:00").toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`);
    expect(await radicale.putIcs(calendarUrl, `frontdesk-${booked.id}.ics`, moved)).toBeLessThan(300);
    await tick();
    const appointment = async () => (await roles.env.admin.query(`SELECT status, starts_at FROM appointments WHERE id = $1`, [booked.id])).rows[0];
    expect((await appointment()).starts_at).toEqual(at("12:00"));
    const { GET } = await routes.conflicts();
    const listed = await send<{ conflicts: Array<{ id: string; kind: string; provider: string; appointmentId: string }> }>("owner", GET, "GET");
    const conflict = listed.json.conflicts.find((c) => c.appointmentId === booked.id)!;
    expect(conflict).toMatchObject({ kind: "moved", provider: "caldav" });
    expect((await send<{ conflicts: unknown[] }>("dupont", GET, "GET")).json.conflicts).toEqual([]);
    const { POST } = await routes.conflict();
    expect((await send("dupont", POST, "POST", { params: { id: conflict.id }, body: { action: "accept" } })).status).toBe(404);
    const maybe = await send("owner", POST, "POST", { params: { id: conflict.id }, body: { action: "maybe" } });
    expect(maybe.status, maybe.text).toBe(400);
    expect(maybe.json.error?.field, maybe.text).toBe("action");
    const accepted = await send("owner", POST, "POST", { params: { id: conflict.id }, body: { action: "accept" } });
    expect(accepted.status).toBe(200);
    expect((await appointment()).starts_at).toEqual(at("15:30"));
    expect((await send<{ conflicts: unknown[] }>("owner", GET, "GET")).json.conflicts).toEqual([]);
  });

  it("a deleted event becomes a conflict; dismissing keeps the appointment and writes the event back", async () => {
    const booked = await book("09:00");
    await tick();
    await fetch(objectUrl(booked.id), { method: "DELETE", headers: { authorization: `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString("base64")}` } });
    await tick();
    const { GET } = await routes.conflicts();
    const conflict = (await send<{ conflicts: Array<{ id: string; kind: string; appointmentId: string }> }>("owner", GET, "GET")).json.conflicts.find((c) => c.appointmentId === booked.id)!;
    expect(conflict.kind).toBe("deleted");
    const { POST } = await routes.conflict();
    const dismissed = await send("owner", POST, "POST", { params: { id: conflict.id }, body: { action: "dismiss" } });
    expect(dismissed.status, dismissed.text).toBe(200);
    await tick();
    expect((await radicale.get(objectUrl(booked.id))).status).toBe(200);
    const status = (await roles.env.admin.query(`SELECT status FROM appointments WHERE id = $1`, [booked.id])).rows[0].status;
    expect(status).toBe("booked");
    expect(await eventRow(booked.id)).toMatchObject({ sync_state: "synced", conflict_kind: null, resolution: "dismissed" });
  });
});

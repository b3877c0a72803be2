import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type SendOptions, type Who } from "../support/console-roles-env";
import { startGoogleStandIn, type GoogleStandIn } from "../support/google-calendar-standin";
import type { JobRunner, ManualClock } from "@/lib/jobs";

/*
 * Google Calendar sync through the real googleapis client against the
 * stand-in: connect with a service account (the key never comes back), a
 * push channel opened and its notifications checked by token, bookings
 * inserted, moved (patched) and cancelled (deleted) as one event whose id
 * derives from the appointment, and an event moved in Google surfacing as a
 * conflict ("moved in Google Calendar") without touching the appointment.
 */

let roles: ConsoleRolesEnv;
// Route handlers are typed with their own params; the harness passes them as Next does.
const send = <T = Record<string, unknown>>(who: Who, handler: unknown, method: string, opts?: SendOptions) => roles.send<T>(who, handler as Handler, method, opts);
let google: GoogleStandIn;
let runner: JobRunner;
let clock: ManualClock;
let maple: { id: string; resourceId: string; serviceId: string; clientId: string };
const Y = new Date().getUTCFullYear() + 2;
let DAY: string;

const at = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(Date.UTC(Number(DAY.slice(0, 4)), Number(DAY.slice(5, 7)) - 1, Number(DAY.slice(8, 10)), h! + 4, m!));
};

async function asMaple<T>(fn: () => Promise<T>): Promise<T> {
  const { runAsTenant } = await import("@/lib/tenancy");
  return runAsTenant(maple.id, fn);
}

async function booking() {
  const { createBooking } = await import("@/lib/booking");
  const { tenantDb } = await import("@/lib/db");
  return createBooking(tenantDb());
}

async function tick() {
  clock.advance(60_000);
  return runner.runDue();
}

beforeAll(async () => {
  roles = await setUpConsoleRoles("googlesync", { members: [] });
  google = await startGoogleStandIn();
  Object.assign(process.env, { GOOGLE_API_BASE_URL: google.apiRoot, GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl, GOOGLE_PUSH_URL: "https://frontdesk.example/api/calendar/google/push" });
  const admin = roles.env.admin;
  const id = roles.env.tenants["maple-dental"].id;
  const resource = await admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [id]);
  const service = await admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND active ORDER BY name LIMIT 1`, [id]);
  const client = await admin.query(`INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Alan Turing', '+14165550123', now()) RETURNING id`, [id]);
  maple = { id, resourceId: resource.rows[0].id, serviceId: service.rows[0].id, clientId: client.rows[0].id };
  const june = new Date(Date.UTC(Y, 5, 1));
  while (june.getUTCDay() !== 3) june.setUTCDate(june.getUTCDate() + 1);
  DAY = june.toISOString().slice(0, 10);
  const { createJobRunner, createManualClock, registeredJobs } = await import("@/lib/jobs");
  await import("@/lib/calendar/jobs");
  clock = createManualClock(new Date(Date.UTC(Y, 4, 20, 12)));
  runner = createJobRunner({ clock, queueUrl: roles.env.db.adminUrl, jobs: registeredJobs().filter((j) => j.name === "calendar.sync") });
}, 120_000);

afterAll(async () => {
  await runner?.stop();
  await google?.close();
  for (const k of ["GOOGLE_API_BASE_URL", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_PUSH_URL"]) delete process.env[k];
  await roles?.env.close();
});

let channel: { id: string; token: string };

it("connects a service account and calendar id, opens a push channel, and never returns the key", async () => {
  const { PUT } = await import("@/app/api/calendar/connections/[id]/route");
  const res = await send("owner", PUT, "PUT", { params: { id: maple.resourceId }, body: { provider: "google", calendarId: google.calendarId, serviceAccountJson: google.serviceAccountJson } });
  expect(res.status, res.text).toBe(200);
  expect(res.json).toMatchObject({ provider: "google", calendar: google.calendarId, account: google.clientEmail, configured: true, status: "ok", push: true });
  expect(res.text).not.toContain("PRIVATE KEY");
  const watch = google.calls.find((c) => c.path.endsWith("/events/watch"))!;
  expect(watch.authorized).toBe(true);
  const body = watch.body as { id: string; token: string; type: string; address: string };
  expect(body).toMatchObject({ type: "web_hook", address: "https://frontdesk.example/api/calendar/google/push" });
  channel = { id: body.id, token: body.token };
  const stored = await roles.env.admin.query(`SELECT push_token_hash FROM calendar_connections`);
  expect(stored.rows[0].push_token_hash).not.toBe(channel.token);
});

it("writes a booking as one event, patches it on a move and deletes it on cancellation", async () => {
  const { googleEventId } = await import("@/lib/calendar");
  const b = await booking();
  const booked = await asMaple(() => b.bookAppointment({ serviceId: maple.serviceId, clientId: maple.clientId, startsAt: at("10:00"), channel: "voice", now: clock.now() }));
  await tick();
  const id = googleEventId(booked.id);
  expect(google.events.get(id)).toMatchObject({ status: "confirmed", start: { dateTime: at("10:00").toISOString() } });
  expect(google.events.get(id)!.summary).toMatch(/^Alan Turing – /);
  expect(google.events.get(id)!.description).toContain(`appointment=${booked.id}`);
  await asMaple(() => b.rescheduleAppointment(booked.id, at("11:00"), { now: clock.now() }));
  await tick();
  expect(google.events.get(id)).toMatchObject({ status: "confirmed", start: { dateTime: at("11:00").toISOString() } });
  expect([...google.events.values()].filter((e) => !e.external)).toHaveLength(1);
  await asMaple(() => b.cancelAppointment(booked.id));
  await tick();
  expect(google.events.get(id)!.status).toBe("cancelled");
  const writes = google.calls.filter((c) => c.path.includes("/events") && c.method !== "GET" && !c.path.endsWith("/watch"));
  expect(writes.every((c) => c.authorized)).toBe(true);
});

it("a push notification is checked by channel token; an event moved in Google becomes a conflict, the appointment stays", async () => {
  const { POST } = await import("@/app/api/calendar/google/push/route");
  const { googleEventId } = await import("@/lib/calendar");
  const b = await booking();
  const booked = await asMaple(() => b.bookAppointment({ serviceId: maple.serviceId, clientId: maple.clientId, startsAt: at("14:00"), channel: "web", now: clock.now() }));
  await tick();
  const push = (headers: Record<string, string>) =>
    POST(new NextRequest("http://localhost/api/calendar/google/push", { method: "POST", headers: { "x-goog-resource-state": "exists", ...headers } }));
  // The latest channel: the manual clock runs years ahead of the stand-in's expirations, so each tick renews it.
  const watch = google.calls.filter((c) => c.path.endsWith("/events/watch")).at(-1)!.body as { id: string; token: string };
  channel = { id: watch.id, token: watch.token };
  expect(google.calls.filter((c) => c.path === "/calendar/v3/channels/stop").length).toBeGreaterThan(0);
  expect((await push({ "x-goog-channel-id": channel.id, "x-goog-channel-token": "forged" })).status).toBe(401);
  expect((await push({ "x-goog-channel-id": "nope", "x-goog-channel-token": channel.token })).status).toBe(404);
  const event = google.events.get(googleEventId(booked.id))!;
  event.start = { dateTime: at("15:00").toISOString() };
  event.end = { dateTime: at("15:30").toISOString() };
  expect((await push({ "x-goog-channel-id": channel.id, "x-goog-channel-token": channel.token })).status).toBe(200);
  const row = (await roles.env.admin.query(`SELECT conflict_kind, conflict_starts_at FROM appointment_calendar_events WHERE appointment_id = $1`, [booked.id])).rows[0];
  expect(row).toMatchObject({ conflict_kind: "moved", conflict_starts_at: at("15:00") });
  const { listCalendarConflicts } = await import("@/lib/calendar");
  expect(await asMaple(() => listCalendarConflicts())).toEqual([expect.objectContaining({ appointmentId: booked.id, provider: "google", kind: "moved" })]);
  const appointment = (await roles.env.admin.query(`SELECT starts_at, status FROM appointments WHERE id = $1`, [booked.id])).rows[0];
  expect(appointment).toEqual({ starts_at: at("14:00"), status: "booked" });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler } from "../support/console-roles-env";
import { startGoogleStandIn, type GoogleStandIn } from "../support/google-calendar-standin";

/*
 * A booking made inside a transaction asks the resource's calendar on that
 * transaction's own connection. With a pool of one connection (what the
 * embedded dev database serves) a second connection could never be had
 * while the transaction holds the first: the calendar's busy time would be
 * missed (or the request would hang). Here the pool has one connection and
 * the external event must still refuse the time, by hand and in a turn.
 */

let roles: ConsoleRolesEnv;
let google: GoogleStandIn;
let maple: { id: string; resourceId: string; serviceId: string };
const Y = new Date().getUTCFullYear() + 2;
let DAY: string;
// Toronto in June is UTC-4.
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00-04:00`);

beforeAll(async () => {
  roles = await setUpConsoleRoles("busyconn", { members: [] });
  google = await startGoogleStandIn();
  Object.assign(process.env, { GOOGLE_API_BASE_URL: google.apiRoot, GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl });
  const id = roles.env.tenants["maple-dental"].id;
  const resource = await roles.env.admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [id]);
  const service = await roles.env.admin.query(`SELECT id FROM services WHERE tenant_id = $1 AND name = 'Checkup'`, [id]);
  maple = { id, resourceId: resource.rows[0].id, serviceId: service.rows[0].id };
  const june = new Date(Date.UTC(Y, 5, 1));
  while (june.getUTCDay() !== 3) june.setUTCDate(june.getUTCDate() + 1);
  DAY = june.toISOString().slice(0, 10);
  const { PUT } = await import("@/app/api/calendar/connections/[id]/route");
  const res = await roles.send("owner", PUT as unknown as Handler, "PUT", {
    params: { id: maple.resourceId },
    body: { provider: "google", calendarId: google.calendarId, serviceAccountJson: google.serviceAccountJson },
  });
  expect(res.status, res.text).toBe(200);
  google.addExternalEvent(at("10:00").toISOString(), at("11:00").toISOString());
  // From here on the app's pool holds one connection, like the embedded database's.
  const { closeAppDatabases } = await import("@/lib/db");
  await closeAppDatabases();
  process.env.DATABASE_POOL_SIZE = "1";
}, 120_000);

afterAll(async () => {
  await google?.close();
  for (const k of ["GOOGLE_API_BASE_URL", "GOOGLE_OAUTH_TOKEN_URL"]) delete process.env[k];
  await roles?.env.close();
});

it("a booking by hand (one transaction) is refused at a time the calendar holds, and made at a free one", async () => {
  const { POST } = await import("@/app/api/appointments/route");
  const book = (time: string) =>
    roles.send("owner", POST as unknown as Handler, "POST", {
      body: { serviceId: maple.serviceId, resourceId: maple.resourceId, clientName: "Ada Lovelace", clientPhone: "+14165550199", date: DAY, time },
    });
  const taken = await book("10:00");
  expect(taken.status, taken.text).toBe(409);
  const freeBusyCalls = google.calls.filter((c) => c.path === "/calendar/v3/freeBusy").length;
  expect(freeBusyCalls).toBeGreaterThan(0);
  const made = await book("11:00");
  expect(made.status, made.text).toBe(201);
});

it("the receptionist's turn asks the calendar inside its own transaction", async () => {
  const { createReceptionist } = await import("@/lib/agent");
  const { tenantDb } = await import("@/lib/db");
  const { runAsTenant } = await import("@/lib/tenancy");
  const receptionist = createReceptionist(tenantDb());
  const now = new Date(`${DAY}T08:00:00-04:00`);
  const turn = (message: string) => runAsTenant(maple.id, () => receptionist.runAgentTurn({ channel: "web", externalId: "busy-conn", message, now }));
  const reply = await turn("I'd like a checkup today at 10:30");
  // 10:00–11:00 is the calendar's, 11:00 the booking above: the nearest free times are 9:30 and 11:30.
  expect(reply.reply).toContain("10:30 AM is already booked");
  expect(reply.reply).toContain("9:30 AM, 11:30 AM");
});

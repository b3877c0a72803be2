import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bookingConfigOf } from "@/lib/agent/facts-cache";
import { loadTenantFacts } from "@/lib/agent/tenant-facts";
import {
  ResourceNotFoundError,
  SlotTakenError,
  createBooking,
  createBookingOver,
  sqlBookingStore,
  type AppointmentSummary,
  type BookingDb,
  type ExternalBusy,
} from "@/lib/booking";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "./seeded-tenants";

/*
 * Several diaries in one tenant (cabinet-dupont: Mon-Fri 08:30-12:00 and
 * 13:30-18:00). Consultation (30 min) is performed by Karim (position 1) and
 * Sophie (position 2), not by the default resource; Nadia joins for the races.
 */

let s: SeededTenants;
let tenant: string;
let consultation: string;
let pool: TenantDb;
const r: Record<"karim" | "sophie" | "nadia" | "main", string> = { karim: "", sophie: "", nadia: "", main: "" };
const now = () => s.local("cabinet-dupont", "2030-01-07", "08:00");
const at = (date: string, time: string) => s.local("cabinet-dupont", date, time);
const TUE = "2030-01-08";
const WED = "2030-01-09";

async function addResource(name: string, position: number): Promise<string> {
  const row = await s.admin.query<{ id: string }>(
    "INSERT INTO resources (tenant_id, name, position, updated_at) VALUES ($1, $2, $3, now()) RETURNING id",
    [tenant, name, position],
  );
  return row.rows[0]!.id;
}

const performs = (resource: string, service: string) =>
  s.admin.query("INSERT INTO resource_services (tenant_id, resource_id, service_id) VALUES ($1, $2, $3)", [tenant, resource, service]);

beforeAll(async () => {
  s = await seededTenants("resources");
  pool = createTenantDb({ url: s.db.appUrl, max: 10 });
  tenant = s.tenantId("cabinet-dupont");
  consultation = (await s.admin.query("SELECT id FROM services WHERE tenant_id = $1 AND name = 'Consultation'", [tenant])).rows[0].id;
  r.main = (await s.admin.query("SELECT id FROM resources WHERE tenant_id = $1 AND is_default", [tenant])).rows[0].id;
  await s.admin.query("DELETE FROM resource_services WHERE tenant_id = $1 AND resource_id = $2 AND service_id = $3", [tenant, r.main, consultation]);
  r.karim = await addResource("Karim", 1);
  r.sophie = await addResource("Sophie", 2);
  r.nadia = await addResource("Nadia", 3);
  await performs(r.karim, consultation);
  await performs(r.sophie, consultation);
});
afterAll(async () => {
  await pool?.$disconnect();
  await pool?.pool.end();
  await s?.close();
});
beforeEach(async () => {
  await s.reset();
  await s.admin.query("DELETE FROM resource_hours; DELETE FROM resource_closures");
  await s.admin.query("DELETE FROM resource_services WHERE resource_id = $1", [r.nadia]);
});

async function clients(count: number): Promise<string[]> {
  const rows = await s.admin.query<{ id: string }>(
    `INSERT INTO clients (tenant_id, name, phone, updated_at)
     SELECT $1, 'Client ' || i, '+4179200' || lpad(i::text, 4, '0'), now() FROM generate_series(1, $2) i RETURNING id`,
    [tenant, count],
  );
  return rows.rows.map((x) => x.id);
}

const booking = () => createBooking(s.client);
const asTenant = <T>(fn: () => Promise<T>) => runAsTenant(tenant, fn);
const book = (clientId: string, date: string, time: string, resourceId?: string) =>
  asTenant(() => booking().bookAppointment({ serviceId: consultation, clientId, startsAt: at(date, time), channel: "web", now: now(), resourceId }));
const who = (slots: Array<{ localTime: string; resourceName: string }>) => slots.map((x) => `${x.localTime} ${x.resourceName}`);

describe("availability over resources", () => {
  it("is the union of each performer's effective hours, minus its closures, each time once with whom", async () => {
    // Karim: Tuesday 07:00-10:00 only (the business opens at 08:30); Sophie: off on Tuesday.
    await s.admin.query("INSERT INTO resource_hours (tenant_id, resource_id, weekday, opens_at, closes_at) VALUES ($1, $2, 2, 420, 600)", [tenant, r.karim]);
    await s.admin.query("INSERT INTO resource_closures (tenant_id, resource_id, starts_on, ends_on) VALUES ($1, $2, $3, $3)", [tenant, r.sophie, TUE]);
    const tuesday = await asTenant(() => booking().findAvailableSlots({ serviceId: consultation, from: at(TUE, "00:00"), to: at(WED, "00:00"), now: now() }));
    expect(who(tuesday)).toEqual(["08:30 Karim", "08:45 Karim", "09:00 Karim", "09:15 Karim", "09:30 Karim"]);
    expect(tuesday[0]!.resourceId).toBe(r.karim);
    // Wednesday: Karim's own hours have none that day; Sophie, who has no hours rows, works the business's.
    const wednesday = await asTenant(() => booking().findAvailableSlots({ serviceId: consultation, from: at(WED, "00:00"), to: at(WED, "23:59"), now: now() }));
    expect(wednesday).toHaveLength(13 + 17);
    expect(new Set(wednesday.map((x) => x.resourceName))).toEqual(new Set(["Sophie"]));
    const onlySophie = await asTenant(() =>
      booking().findAvailableSlots({ serviceId: consultation, from: at(TUE, "00:00"), to: at(WED, "00:00"), now: now(), resourceId: r.sophie }),
    );
    expect(onlySophie).toEqual([]);
  });

  it("minus the resource's own bookings and its external busy times; a failing calendar counts as free", async () => {
    const [a] = await clients(1);
    await book(a!, WED, "09:00", r.karim);
    const busy: ExternalBusy = async (ids, from, to) => {
      expect(ids.sort()).toEqual([r.karim, r.sophie].sort());
      expect(from < to).toBe(true);
      return new Map([[r.sophie, [{ start: at(WED, "09:00"), end: at(WED, "10:00") }]]]);
    };
    // Booking asks only for resources with a calendar connected (read with the resources, per config version).
    await s.admin.query(
      `INSERT INTO calendar_connections (tenant_id, resource_id, provider, calendar_ref, ciphertext, iv, auth_tag, key_version)
       SELECT tenant_id, id, 'caldav', 'https://cal.test/' || id, '\\x00', '\\x00', '\\x00', 1 FROM resources WHERE id = ANY($1::uuid[])`,
      [[r.karim, r.sophie]],
    );
    const withCalendar = createBooking(s.client, { externalBusy: busy });
    const slots = await asTenant(() => withCalendar.findAvailableSlots({ serviceId: consultation, from: at(WED, "08:30"), to: at(WED, "10:30"), now: now() }));
    // 08:30: both free, Sophie has fewer bookings that day; 09:30 and 09:45: her calendar is busy.
    expect(who(slots)).toEqual(["08:30 Sophie", "09:30 Karim", "09:45 Karim", "10:00 Sophie", "10:15 Sophie"]);
    const refused = await asTenant(() =>
      withCalendar.bookAppointment({ serviceId: consultation, clientId: a!, startsAt: at(WED, "09:15"), channel: "web", now: now() }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SlotTakenError);
    const down = createBooking(s.client, { externalBusy: () => Promise.reject(new Error("calendar down")) });
    const booked = await asTenant(() => down.bookAppointment({ serviceId: consultation, clientId: a!, startsAt: at(WED, "09:15"), channel: "web", now: now() }));
    expect(booked.resourceName).toBe("Sophie");
    await s.admin.query(`DELETE FROM calendar_connections`);
  });

  it("refuses a resource that is unknown or does not perform the service", async () => {
    const ask = (resourceId: string) =>
      asTenant(() => booking().checkSlot({ serviceId: consultation, startsAt: at(WED, "09:00"), now: now(), resourceId })).catch((e: unknown) => e);
    expect(await ask(r.main)).toMatchObject({ reason: "not_for_service" });
    expect(await ask("00000000-0000-4000-8000-000000000000")).toBeInstanceOf(ResourceNotFoundError);
  });
});

describe("booking anyone or someone", () => {
  it("gives 'anyone' the least-booked free resource that day, ties to position, and says so in checkSlot", async () => {
    const [a, b, c, d] = await clients(4);
    expect((await book(a!, WED, "09:00")).resourceName).toBe("Karim");
    const check = await asTenant(() => booking().checkSlot({ serviceId: consultation, startsAt: at(WED, "10:00"), now: now() }));
    expect(check).toMatchObject({ status: "free", resourceName: "Sophie", resourceId: r.sophie });
    expect((await book(b!, WED, "10:00")).resourceName).toBe("Sophie");
    expect((await book(c!, WED, "11:00")).resourceName).toBe("Karim");
    // Karim is taken at 11:00, so 11:15 goes to Sophie whatever the load.
    expect((await book(d!, WED, "11:15")).resourceName).toBe("Sophie");
    const rows = await s.admin.query("SELECT r.name, count(*)::int AS n FROM appointments a JOIN resources r ON r.id = a.resource_id GROUP BY 1 ORDER BY 1");
    expect(rows.rows).toEqual([{ name: "Karim", n: 2 }, { name: "Sophie", n: 2 }]);
  });

  it("books a named resource or refuses with that resource's nearest times", async () => {
    const [a, b] = await clients(2);
    expect((await book(a!, WED, "09:00", r.sophie)).resourceId).toBe(r.sophie);
    const refused = await book(b!, WED, "09:00", r.sophie).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SlotTakenError);
    expect(who((refused as SlotTakenError).alternatives)).toEqual(["08:30 Sophie", "09:30 Sophie", "09:45 Sophie"]);
    expect((await book(b!, WED, "09:00")).resourceName).toBe("Karim");
  });

  it("moves keep the resource: a time that resource holds is refused, unless the move names another", async () => {
    const [a, b, c] = await clients(3);
    const first = await book(a!, WED, "09:00", r.karim);
    await book(b!, WED, "11:00", r.karim);
    await book(c!, WED, "10:00", r.sophie);
    const move = (time: string, resourceId?: string) =>
      asTenant(() => booking().rescheduleAppointment(first.id, at(WED, time), { now: now(), resourceId }));
    expect(await move("10:00")).toMatchObject({ resourceId: r.karim, resourceName: "Karim" });
    const refused = await move("11:00").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SlotTakenError);
    expect((refused as SlotTakenError).alternatives.every((x) => x.resourceId === r.karim)).toBe(true);
    const moved: AppointmentSummary = await move("11:00", r.sophie);
    expect(moved).toMatchObject({ resourceId: r.sophie, resourceName: "Sophie" });
    const row = await s.admin.query("SELECT resource_id FROM appointments WHERE id = $1", [first.id]);
    expect(row.rows[0].resource_id).toBe(r.sophie);
  });
});

describe("races and turns per resource", () => {
  /** The receptionist's path: raw statements on the pool, configuration as the facts cache holds it. */
  async function sqlBooking() {
    const config = await asTenant(async () => bookingConfigOf(await loadTenantFacts(pool)));
    return createBookingOver(sqlBookingStore({ pool: pool.pool }, config));
  }

  it("60 concurrent 'anyone' requests for one time on 3 resources book exactly 3, all different; 60 for one resource book 1", async () => {
    await performs(r.nadia, consultation);
    const ids = await clients(120);
    const bookingSql = await sqlBooking();
    const race = (clientIds: string[], time: string, resourceId?: string) =>
      Promise.allSettled(
        clientIds.map((clientId) =>
          asTenant(() => bookingSql.bookAppointment({ serviceId: consultation, clientId, startsAt: at(WED, time), channel: "voice", now: now(), resourceId })),
        ),
      );
    const started = Date.now();
    const anyone = await race(ids.slice(0, 60), "10:00");
    const won = anyone.filter((o): o is PromiseFulfilledResult<AppointmentSummary> => o.status === "fulfilled").map((o) => o.value.resourceName);
    expect(won.sort()).toEqual(["Karim", "Nadia", "Sophie"]);
    expect(anyone.filter((o) => o.status === "rejected" && o.reason instanceof SlotTakenError)).toHaveLength(57);
    const named = await race(ids.slice(60), "14:00", r.sophie);
    expect(named.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(named.filter((o) => o.status === "rejected" && o.reason instanceof SlotTakenError)).toHaveLength(59);
    const rows = await s.admin.query(
      "SELECT to_char(starts_at AT TIME ZONE 'Europe/Zurich', 'HH24:MI') AS t, count(DISTINCT resource_id)::int AS resources, count(*)::int AS n FROM appointments GROUP BY 1 ORDER BY 1",
    );
    expect(rows.rows).toEqual([{ t: "10:00", resources: 3, n: 3 }, { t: "14:00", resources: 1, n: 1 }]);
    console.info(`resource races: 60 anyone → 3 booked, 60 for Sophie → 1 booked, ${Date.now() - started} ms`);
  });

  it("two resources book at the same time without waiting on each other; a second write for the same resource waits its turn", async () => {
    const [a, b, c] = await clients(3);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let signal!: () => void;
    const firstWritten = new Promise<void>((resolve) => (signal = resolve));
    // Karim's booking is written, its transaction (and so Karim's turn) kept open until the gate opens.
    const first = asTenant(() =>
      pool.$transaction(
        async (tx) => {
          const appt = await createBooking(tx as unknown as BookingDb, { savepoints: true }).bookAppointment({
            serviceId: consultation, clientId: a!, startsAt: at(WED, "10:00"), channel: "web", now: now(), resourceId: r.karim,
          });
          signal();
          await gate;
          return appt;
        },
        { timeout: 20_000 },
      ),
    );
    await firstWritten;
    const held = await s.admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
         AND classid = hashtext('frontdesk.appointments')::oid AND objid = hashtext($1 || ':' || $2)::oid`,
      [tenant, r.karim],
    );
    expect(held.rows[0]!.n).toBe(1);
    // Sophie's booking at the same time goes through while Karim's turn is held.
    const sophie = await asTenant(() =>
      createBooking(pool).bookAppointment({ serviceId: consultation, clientId: b!, startsAt: at(WED, "10:00"), channel: "web", now: now(), resourceId: r.sophie }),
    );
    expect(sophie.resourceName).toBe("Sophie");
    const second = asTenant(() =>
      createBooking(pool).bookAppointment({ serviceId: consultation, clientId: c!, startsAt: at(WED, "15:00"), channel: "web", now: now(), resourceId: r.karim }),
    );
    const waiting = await until(
      async () =>
        (
          await s.admin.query<{ locktype: string; objid: string; mine: boolean }>(
            `SELECT l.locktype, l.objid::text, l.objid = hashtext($1 || ':' || $2)::oid AS mine
             FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted AND a.datname = current_database()`,
            [tenant, r.karim],
          )
        ).rows,
      (rows) => rows.length > 0,
      "Karim's second booking to wait",
    );
    expect(waiting.map((w) => [w.locktype, w.mine])).toEqual([["advisory", true]]);
    open();
    expect((await first).resourceName).toBe("Karim");
    expect((await second).resourceName).toBe("Karim");
  });
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

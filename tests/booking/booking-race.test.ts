import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AppointmentNotFoundError,
  SlotTakenError,
  SlotUnavailableError,
  createBooking,
  type AppointmentSummary,
  type BookingDb,
} from "@/lib/booking";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type SeededTenants } from "./seeded-tenants";

let s: SeededTenants;
let pool: TenantDb;
let tenant: string;
let consultation: string;
const now = () => s.local("cabinet-dupont", "2030-01-07", "08:00");
const at = (date: string, time: string) => s.local("cabinet-dupont", date, time);

beforeAll(async () => {
  s = await seededTenants("race");
  // Ten connections, as in production: fifty requests contend for them and for the slot.
  pool = createTenantDb({ url: s.db.appUrl, max: 10 });
  tenant = s.tenantId("cabinet-dupont");
  consultation = (
    await s.admin.query("SELECT id FROM services WHERE tenant_id = $1 AND name = 'Consultation'", [tenant])
  ).rows[0].id;
});
afterAll(async () => {
  await pool?.$disconnect();
  await pool?.pool.end();
  await s?.close();
});
beforeEach(() => s.reset());

async function clients(count: number): Promise<string[]> {
  const rows = await s.admin.query<{ id: string }>(
    `INSERT INTO clients (tenant_id, name, phone, updated_at)
     SELECT $1, 'Client ' || i, '+4179100' || lpad(i::text, 4, '0'), now() FROM generate_series(1, $2) i RETURNING id`,
    [tenant, count],
  );
  return rows.rows.map((r) => r.id);
}

describe("bookAppointment", () => {
  it("lets exactly one of 50 concurrent attempts at one slot win; the 49 others get SlotTakenError with alternatives", async () => {
    const ids = await clients(50);
    const booking = createBooking(pool);
    const startsAt = at("2030-01-08", "10:00");
    const started = Date.now();
    const outcomes = await Promise.allSettled(
      ids.map((clientId) =>
        runAsTenant(tenant, () => booking.bookAppointment({ serviceId: consultation, clientId, startsAt, channel: "web", now: now() })),
      ),
    );
    const elapsed = Date.now() - started;
    const won = outcomes.filter((o): o is PromiseFulfilledResult<AppointmentSummary> => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => o.reason as unknown);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const error of lost) {
      expect(error).toBeInstanceOf(SlotTakenError);
      const alternatives = (error as SlotTakenError).alternatives.map((x) => x.localTime);
      expect(alternatives).toEqual(["09:30", "10:30", "10:45"]);
    }
    const rows = await s.admin.query("SELECT status, count(*)::int AS n FROM appointments WHERE tenant_id = $1 GROUP BY status", [tenant]);
    expect(rows.rows).toEqual([{ status: "booked", n: 1 }]);
    console.info(`50-way race: 1 booked, 49 SlotTakenError, ${elapsed} ms`);
  });

  it("makes a second write of the tenant wait for the first one's turn, never for its uncommitted row; other tenants go on", async () => {
    const [a, b] = await clients(2);
    const startsAt = at("2030-01-08", "10:00");
    const booking = createBooking(pool);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let signal!: () => void;
    const firstWritten = new Promise<void>((resolve) => (signal = resolve));
    // The first booking is written but its transaction stays open until the gate opens.
    const first = runAsTenant(tenant, () =>
      pool.$transaction(
        async (tx) => {
          const appt = await createBooking(tx as unknown as BookingDb, { savepoints: true }).bookAppointment({
            serviceId: consultation,
            clientId: a!,
            startsAt,
            channel: "web",
            now: now(),
          });
          signal();
          await gate;
          return appt;
        },
        { timeout: 20_000 },
      ),
    );
    await firstWritten;
    const second = runAsTenant(tenant, () =>
      booking.bookAppointment({ serviceId: consultation, clientId: b!, startsAt, channel: "web", now: now() }),
    ).catch((e: unknown) => e);
    const waiting = await until(
      async () =>
        (
          await s.admin.query<{ locktype: string }>(
            `SELECT l.locktype FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted AND a.datname = current_database()`,
          )
        ).rows.map((r) => r.locktype),
      (types) => types.length > 0,
      "the second booking to wait",
    );
    expect(waiting).toEqual(["advisory"]);

    // Another tenant's booking is not held up by this one's turn.
    const maple = s.tenantId("maple-dental");
    const mapleService = (await s.admin.query("SELECT id FROM services WHERE tenant_id = $1 ORDER BY name LIMIT 1", [maple])).rows[0].id;
    const mapleClient = (
      await s.admin.query("INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Maple', '+14165550100', now()) RETURNING id", [maple])
    ).rows[0].id;
    const elsewhere = await runAsTenant(maple, () =>
      booking.bookAppointment({ serviceId: mapleService, clientId: mapleClient, startsAt: s.local("maple-dental", "2030-01-08", "10:00"), channel: "web", now: now() }),
    );
    expect(elsewhere.status).toBe("booked");

    open();
    expect((await first).status).toBe("booked");
    expect(await second).toBeInstanceOf(SlotTakenError);
  });

  it("refuses past times and times outside opening hours before writing, with alternatives", async () => {
    const [clientId] = await clients(1);
    const booking = createBooking(s.client);
    const attempt = (startsAt: Date) =>
      runAsTenant(tenant, () => booking.bookAppointment({ serviceId: consultation, clientId: clientId!, startsAt, channel: "voice", now: now() }));
    await expect(attempt(at("2030-01-07", "07:30"))).rejects.toMatchObject({ reason: "past" });
    const lunch = await attempt(at("2030-01-07", "12:15")).catch((e: unknown) => e);
    expect(lunch).toBeInstanceOf(SlotUnavailableError);
    expect((lunch as SlotUnavailableError).reason).toBe("closed");
    expect((lunch as SlotUnavailableError).alternatives.map((x) => x.localTime)).toEqual(["11:15", "11:30", "13:30"]);
    await expect(attempt(at("2030-01-13", "10:00"))).rejects.toMatchObject({ reason: "closed" }); // Sunday
    expect((await s.admin.query("SELECT count(*)::int AS n FROM appointments")).rows[0].n).toBe(0);
  });
});

describe("rescheduleAppointment and cancelAppointment", () => {
  it("moves with one UPDATE: overlapping its own old time is fine, another booking's time is refused", async () => {
    const [a, b] = await clients(2);
    const booking = createBooking(s.client);
    const first = await runAsTenant(tenant, () =>
      booking.bookAppointment({ serviceId: consultation, clientId: a!, startsAt: at("2030-01-08", "10:00"), channel: "web", now: now() }),
    );
    await runAsTenant(tenant, () =>
      booking.bookAppointment({ serviceId: consultation, clientId: b!, startsAt: at("2030-01-08", "11:00"), channel: "web", now: now() }),
    );
    const moved = await runAsTenant(tenant, () => booking.rescheduleAppointment(first.id, at("2030-01-08", "10:15"), { now: now() }));
    expect(moved.startsAt.toISOString()).toBe(at("2030-01-08", "10:15").toISOString());
    const refused = await runAsTenant(tenant, () => booking.rescheduleAppointment(first.id, at("2030-01-08", "10:45"), { now: now() })).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(SlotTakenError);
    // The alternatives may use the appointment's own current time.
    expect((refused as SlotTakenError).alternatives.map((x) => x.localTime)).toEqual(["10:15", "10:30", "11:30"]);
    const row = await s.admin.query("SELECT starts_at FROM appointments WHERE id = $1", [first.id]);
    expect(row.rows[0].starts_at.toISOString()).toBe(at("2030-01-08", "10:15").toISOString());
  });

  it("lets one of two concurrent moves into the same free slot win", async () => {
    const [a, b] = await clients(2);
    const booking = createBooking(pool);
    const book = (clientId: string, time: string) =>
      runAsTenant(tenant, () => booking.bookAppointment({ serviceId: consultation, clientId, startsAt: at("2030-01-09", time), channel: "web", now: now() }));
    const [x, y] = [await book(a!, "09:00"), await book(b!, "15:00")];
    const target = at("2030-01-09", "11:00");
    const outcomes = await Promise.allSettled(
      [x, y].map((appt) => runAsTenant(tenant, () => booking.rescheduleAppointment(appt.id, target, { now: now() }))),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected" && o.reason instanceof SlotTakenError)).toHaveLength(1);
  });

  it("cancels, frees the slot, and is idempotent", async () => {
    const [a, b] = await clients(2);
    const booking = createBooking(s.client);
    const startsAt = at("2030-01-10", "14:00");
    const appt = await runAsTenant(tenant, () =>
      booking.bookAppointment({ serviceId: consultation, clientId: a!, startsAt, channel: "whatsapp", now: now() }),
    );
    const cancelled = await runAsTenant(tenant, () => booking.cancelAppointment(appt.id));
    expect(cancelled).toMatchObject({ id: appt.id, status: "cancelled", service: "Consultation" });
    expect(await runAsTenant(tenant, () => booking.cancelAppointment(appt.id))).toMatchObject({ status: "cancelled" });
    const again = await runAsTenant(tenant, () =>
      booking.bookAppointment({ serviceId: consultation, clientId: b!, startsAt, channel: "web", now: now() }),
    );
    expect(again.status).toBe("booked");
    await expect(runAsTenant(tenant, () => booking.rescheduleAppointment(appt.id, at("2030-01-10", "15:00"), { now: now() }))).rejects.toBeInstanceOf(
      AppointmentNotFoundError,
    );
    const upcoming = await runAsTenant(tenant, () => booking.findUpcomingAppointmentsForClient([a!, b!], { now: now() }));
    expect(upcoming.map((u) => u.id)).toEqual([again.id]);
  });

  it("cannot see, move or cancel another tenant's appointment", async () => {
    const [a] = await clients(1);
    const booking = createBooking(s.client);
    const appt = await runAsTenant(tenant, () =>
      booking.bookAppointment({ serviceId: consultation, clientId: a!, startsAt: at("2030-01-08", "09:00"), channel: "web", now: now() }),
    );
    const other = s.tenantId("maple-dental");
    await expect(runAsTenant(other, () => booking.cancelAppointment(appt.id))).rejects.toBeInstanceOf(AppointmentNotFoundError);
    await expect(runAsTenant(other, () => booking.rescheduleAppointment(appt.id, at("2030-01-08", "09:30"), { now: now() }))).rejects.toBeInstanceOf(
      AppointmentNotFoundError,
    );
    expect(await runAsTenant(other, () => booking.findUpcomingAppointmentsForClient(a!, { now: now() }))).toEqual([]);
  });
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function deadlocksSoFar(): Promise<number> {
  await s.admin.query("SELECT pg_stat_clear_snapshot()");
  const row = await s.admin.query<{ n: string }>("SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()");
  return Number(row.rows[0]!.n);
}

describe("a booking PostgreSQL picks as a deadlock victim", () => {
  /*
   * Two inserts into an exclusion constraint can wait for each other's
   * uncommitted row (PostgreSQL's execIndexing.c says so); under load it
   * happens in a many-way race. Here the cycle is built on purpose: another
   * transaction holds the client row the booking's foreign-key check needs,
   * then inserts the same slot, so it waits for the booking's row. PostgreSQL
   * aborts the booking, which waited first; a retry must get it through.
   *
   * PostgreSQL looks for a cycle once, when a wait reaches deadlock_timeout.
   * The booking's is 2 s here (set for the app role in this database, so a
   * slow machine has time to close the cycle) and the other session's is a
   * minute, so the booking is always the one that finds it.
   */
  let victimDb: TenantDb;
  beforeAll(async () => {
    await s.admin.query(`ALTER ROLE frontdesk_app IN DATABASE "${s.db.name}" SET deadlock_timeout = '2s'`);
    victimDb = createTenantDb({ url: s.db.appUrl, max: 2 });
  });
  afterAll(async () => {
    await victimDb?.$disconnect();
    await victimDb?.pool.end();
  });

  it.each([
    ["as a statement of its own", false],
    ["under a savepoint of the caller's transaction", true],
  ])("is written on a retry %s, not reported as an error", async (_label, savepoints) => {
    const [a, b] = await clients(2);
    const startsAt = at("2030-01-08", "10:00");
    const endsAt = at("2030-01-08", "10:45");
    const before = await deadlocksSoFar();
    const other = new pg.Client({ connectionString: s.db.adminUrl });
    await other.connect();
    try {
      await other.query("SET deadlock_timeout = '60s'");
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM clients WHERE tenant_id = $1 AND id = $2 FOR UPDATE", [tenant, a]);
      const request = { serviceId: consultation, clientId: a!, startsAt, channel: "web" as const, now: now() };
      const attempt = runAsTenant(tenant, () =>
        savepoints
          ? victimDb.$transaction((tx) => createBooking(tx as unknown as BookingDb, { savepoints: true }).bookAppointment(request))
          : createBooking(victimDb).bookAppointment(request),
      );
      attempt.catch(() => undefined);
      await until(
        async () =>
          (
            await s.admin.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
               WHERE NOT l.granted AND a.datname = current_database() AND a.usename = 'frontdesk_app'`,
            )
          ).rows[0]!.n,
        (n) => n > 0,
        "the booking to wait for the client row",
      );
      await other.query(
        `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'booked', now())`,
        [tenant, consultation, b, startsAt, endsAt],
      );
      await other.query("ROLLBACK");
      const booked = await attempt;
      expect(booked).toMatchObject({ clientId: a, status: "booked", service: "Consultation" });
      expect(booked.startsAt.toISOString()).toBe(startsAt.toISOString());
    } finally {
      await other.end();
    }
    const rows = await s.admin.query("SELECT client_id, status FROM appointments WHERE tenant_id = $1", [tenant]);
    expect(rows.rows).toEqual([{ client_id: a, status: "booked" }]);
    // The cycle really formed: PostgreSQL counted a deadlock in this database.
    await until(deadlocksSoFar, (n) => n > before, "PostgreSQL to count the deadlock");
  });
});

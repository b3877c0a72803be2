import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBooking, utcOffsetMinutes, wallClockAt, type Slot } from "@/lib/booking";
import { runAsTenant } from "@/lib/tenancy";
import { seededTenants, type DemoSlug, type SeededTenants } from "./seeded-tenants";

let s: SeededTenants;
let booking: ReturnType<typeof createBooking>;

beforeAll(async () => {
  s = await seededTenants("avail");
  booking = createBooking(s.client);
});
afterAll(async () => {
  await s?.close();
});
beforeEach(async () => {
  await s.reset();
  await s.admin.query("UPDATE services SET buffer_minutes = 0");
});

async function serviceId(slug: DemoSlug, name: string): Promise<string> {
  const r = await s.admin.query("SELECT id FROM services WHERE tenant_id = $1 AND name = $2", [s.tenantId(slug), name]);
  return r.rows[0].id;
}

async function insertAppointment(
  slug: DemoSlug,
  service: string,
  startsAt: Date,
  minutes: number,
  status: "booked" | "cancelled" = "booked",
): Promise<void> {
  const tenant = s.tenantId(slug);
  const client = await s.admin.query(
    "INSERT INTO clients (tenant_id, name, phone, updated_at) VALUES ($1, 'Fixture', $2, now()) RETURNING id",
    [tenant, `+4179${Math.floor(Math.random() * 1e7)}`],
  );
  await s.admin.query(
    `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())`,
    [tenant, await serviceId(slug, service), client.rows[0].id, startsAt, new Date(startsAt.getTime() + minutes * 60_000), status],
  );
}

function slotsFor(slug: DemoSlug, service: string, from: Date, to: Date, now: Date): Promise<Slot[]> {
  return runAsTenant(s.tenantId(slug), async () =>
    booking.findAvailableSlots({ serviceId: await serviceId(slug, service), from, to, now }),
  );
}

const byDate = (slots: Slot[]) => {
  const out = new Map<string, Slot[]>();
  for (const slot of slots) out.set(slot.localDate, [...(out.get(slot.localDate) ?? []), slot]);
  return out;
};

describe("across daylight-saving changes", () => {
  const dupontDay = [
    ...["08:30", "08:45", "09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30"],
    ...["13:30", "13:45", "14:00", "14:15", "14:30", "14:45", "15:00", "15:15", "15:30", "15:45", "16:00", "16:15"],
    ...["16:30", "16:45", "17:00", "17:15", "17:30"],
  ];

  it.each([
    // Europe/Zurich springs forward on Sunday 2027-03-28 and falls back on Sunday 2027-10-31.
    ["Zurich, March", "cabinet-dupont", "Consultation", "2027-03-26", "2027-03-29", 60, 120, "08:30"],
    ["Zurich, October", "cabinet-dupont", "Consultation", "2027-10-29", "2027-11-01", 120, 60, "08:30"],
    // America/Toronto springs forward on 2027-03-14 and falls back on 2027-11-07.
    ["Toronto, March", "maple-dental", "Checkup", "2027-03-12", "2027-03-15", -300, -240, "09:00"],
    ["Toronto, November", "maple-dental", "Checkup", "2027-11-05", "2027-11-08", -240, -300, "09:00"],
  ] as const)("%s: same wall-clock slots before and after, UTC shifts", async (_, slug, service, before, after, offBefore, offAfter, first) => {
    const from = s.local(slug, before, "00:00");
    const to = s.local(slug, after, "23:59");
    const days = byDate(await slotsFor(slug, service, from, to, s.local(slug, "2027-01-01", "00:00")));
    const tz = s.timeZone(slug);
    const pre = days.get(before)!;
    const post = days.get(after)!;
    expect(pre.map((x) => x.localTime)).toEqual(post.map((x) => x.localTime));
    expect(pre[0]!.localTime).toBe(first);
    if (slug === "cabinet-dupont") expect(pre.map((x) => x.localTime)).toEqual(dupontDay);
    expect(utcOffsetMinutes(pre[0]!.startsAt, tz)).toBe(offBefore);
    expect(utcOffsetMinutes(post[0]!.startsAt, tz)).toBe(offAfter);
    // The first slot's UTC hour moves by the change in offset.
    expect(post[0]!.startsAt.getUTCHours() - pre[0]!.startsAt.getUTCHours()).toBe((offBefore - offAfter) / 60);
    for (const slot of [...days.values()].flat()) {
      const wall = wallClockAt(slot.startsAt, tz);
      expect(wall.date).toBe(slot.localDate);
      expect(`${String(Math.floor(wall.minutes / 60)).padStart(2, "0")}:${String(wall.minutes % 60).padStart(2, "0")}`).toBe(slot.localTime);
    }
  });

  it("offers nothing on the closed Sunday of the change", async () => {
    const slots = await slotsFor("cabinet-dupont", "Consultation", s.local("cabinet-dupont", "2027-03-28", "00:00"), s.local("cabinet-dupont", "2027-03-29", "00:00"), new Date("2027-01-01T00:00:00Z"));
    expect(slots).toEqual([]);
  });
});

describe("opening hours", () => {
  const now = () => s.local("cabinet-dupont", "2030-01-07", "08:00");

  it("honours the lunch break and lets a 60-minute service end by closing time", async () => {
    const day = [s.local("cabinet-dupont", "2030-01-08", "00:00"), s.local("cabinet-dupont", "2030-01-09", "00:00")] as const;
    const consult = (await slotsFor("cabinet-dupont", "Consultation", ...day, now())).map((x) => x.localTime);
    expect(consult).toContain("11:30");
    expect(consult).toContain("13:30");
    expect(consult.filter((t) => t > "11:30" && t < "13:30")).toEqual([]);
    const bilan = (await slotsFor("cabinet-dupont", "Bilan de santé", ...day, now())).map((x) => x.localTime);
    expect(bilan.filter((t) => t < "13:30").at(-1)).toBe("11:00");
    expect(bilan.at(-1)).toBe("17:00");
  });

  it("skips closures (inclusive dates)", async () => {
    await s.admin.query("INSERT INTO closures (tenant_id, starts_on, ends_on, reason) VALUES ($1, '2030-01-09', '2030-01-10', 'Congrès')", [
      s.tenantId("cabinet-dupont"),
    ]);
    const days = byDate(await slotsFor("cabinet-dupont", "Consultation", s.local("cabinet-dupont", "2030-01-08", "00:00"), s.local("cabinet-dupont", "2030-01-12", "00:00"), now()));
    expect([...days.keys()]).toEqual(["2030-01-08", "2030-01-11"]);
    const nearest = await runAsTenant(s.tenantId("cabinet-dupont"), async () =>
      booking.nearestFreeSlots(await serviceId("cabinet-dupont", "Consultation"), s.local("cabinet-dupont", "2030-01-09", "10:00"), 3, now()),
    );
    expect(nearest.map((x) => `${x.localDate} ${x.localTime}`)).toEqual(["2030-01-08 09:45", "2030-01-08 10:00", "2030-01-08 10:15"]);
  });

  it("never offers a slot in the past", async () => {
    const later = s.local("cabinet-dupont", "2030-01-07", "10:07");
    const slots = await slotsFor("cabinet-dupont", "Consultation", s.local("cabinet-dupont", "2030-01-06", "00:00"), s.local("cabinet-dupont", "2030-01-08", "00:00"), later);
    expect(slots[0]!.localTime).toBe("10:15");
    expect(slots.every((x) => x.startsAt >= later)).toBe(true);
    const nearest = await runAsTenant(s.tenantId("cabinet-dupont"), async () =>
      booking.nearestFreeSlots(await serviceId("cabinet-dupont", "Consultation"), s.local("cabinet-dupont", "2030-01-07", "07:00"), 3, later),
    );
    expect(nearest.map((x) => x.localTime)).toEqual(["10:15", "10:30", "10:45"]);
  });
});

describe("existing appointments and buffers", () => {
  it("keeps the service's buffer free after each appointment, in offers and in the database", async () => {
    const tid = s.tenantId("salon-amel");
    await s.admin.query("UPDATE services SET buffer_minutes = 15 WHERE tenant_id = $1 AND name = 'Coupe'", [tid]);
    const coupe = await serviceId("salon-amel", "Coupe");
    const now = s.local("salon-amel", "2030-01-07", "08:00");
    const client = await runAsTenant(tid, () => s.client.client.create({ data: { name: "Amina", phone: "+213551000001" } }));
    const booked = await runAsTenant(tid, () =>
      booking.bookAppointment({ serviceId: coupe, clientId: client.id, startsAt: s.local("salon-amel", "2030-01-08", "10:00"), channel: "web", now }),
    );
    expect(booked.endsAt.toISOString()).toBe(s.local("salon-amel", "2030-01-08", "10:45").toISOString());

    const times = (await slotsFor("salon-amel", "Coupe", s.local("salon-amel", "2030-01-08", "09:00"), s.local("salon-amel", "2030-01-08", "12:00"), now)).map((x) => x.localTime);
    expect(times.slice(0, 3)).toEqual(["09:00", "09:15", "10:45"]);

    // The buffer is in ends_at, so the exclusion constraint protects it too.
    await expect(
      runAsTenant(tid, () =>
        booking.bookAppointment({ serviceId: coupe, clientId: client.id, startsAt: s.local("salon-amel", "2030-01-08", "10:30"), channel: "web", now }),
      ),
    ).rejects.toMatchObject({ name: "SlotTakenError", reason: "taken" });
  });

  it("excludes booked appointments and ignores cancelled ones and other tenants'", async () => {
    await insertAppointment("maple-dental", "Cleaning", s.local("maple-dental", "2030-01-08", "10:00"), 45);
    await insertAppointment("maple-dental", "Checkup", s.local("maple-dental", "2030-01-08", "11:00"), 30, "cancelled");
    await insertAppointment("cabinet-dupont", "Consultation", s.local("maple-dental", "2030-01-08", "11:30"), 30);
    const times = (
      await slotsFor("maple-dental", "Checkup", s.local("maple-dental", "2030-01-08", "09:00"), s.local("maple-dental", "2030-01-08", "12:00"), s.local("maple-dental", "2030-01-07", "08:00"))
    ).map((x) => x.localTime);
    expect(times).toEqual(["09:00", "09:15", "09:30", "10:45", "11:00", "11:15", "11:30", "11:45"]);
  });
});

import { describe, expect, it } from "vitest";
import { addDays, instantAt, isoWeekday, isoWithOffset, utcOffsetMinutes, wallClockAt } from "@/lib/booking";
import { nearestSlots, slotsOnDate, type Schedule } from "@/lib/booking/slot-grid";

const at = (iso: string) => new Date(iso);

describe("wall clock ↔ instant", () => {
  it.each([
    // zone, local date, local time, expected UTC
    ["Europe/Zurich", "2027-03-27", 8 * 60 + 30, "2027-03-27T07:30:00.000Z"], // CET, day before spring forward
    ["Europe/Zurich", "2027-03-28", 10 * 60, "2027-03-28T08:00:00.000Z"], // CEST, the change day
    ["Europe/Zurich", "2027-03-29", 8 * 60 + 30, "2027-03-29T06:30:00.000Z"],
    ["Europe/Zurich", "2027-10-31", 10 * 60, "2027-10-31T09:00:00.000Z"], // back to CET
    ["America/Toronto", "2027-03-13", 9 * 60, "2027-03-13T14:00:00.000Z"], // EST
    ["America/Toronto", "2027-03-15", 9 * 60, "2027-03-15T13:00:00.000Z"], // EDT
    ["America/Toronto", "2027-11-08", 9 * 60, "2027-11-08T14:00:00.000Z"],
    ["Africa/Algiers", "2030-07-01", 9 * 60, "2030-07-01T08:00:00.000Z"], // no DST
  ])("%s %s %i min → %s", (zone, date, minutes, utc) => {
    const instant = instantAt(date, minutes, zone);
    expect(instant.toISOString()).toBe(utc);
    expect(wallClockAt(instant, zone)).toMatchObject({ date, minutes });
  });

  it("moves a time skipped by spring forward past the gap and takes the first of a repeated autumn time", () => {
    expect(instantAt("2027-03-28", 2 * 60 + 30, "Europe/Zurich").toISOString()).toBe("2027-03-28T01:30:00.000Z"); // 03:30 CEST
    expect(instantAt("2027-10-31", 2 * 60 + 30, "Europe/Zurich").toISOString()).toBe("2027-10-31T00:30:00.000Z"); // 02:30 CEST
    expect(instantAt("2027-03-14", 2 * 60 + 30, "America/Toronto").toISOString()).toBe("2027-03-14T07:30:00.000Z"); // 03:30 EDT
  });

  it("reports offsets and ISO strings with the zone's offset", () => {
    expect(utcOffsetMinutes(at("2030-01-07T12:00:00Z"), "Europe/Zurich")).toBe(60);
    expect(utcOffsetMinutes(at("2030-07-07T12:00:00Z"), "Europe/Zurich")).toBe(120);
    expect(utcOffsetMinutes(at("2030-01-07T12:00:00Z"), "America/Toronto")).toBe(-300);
    expect(isoWithOffset(at("2030-01-08T09:00:00Z"), "Europe/Zurich")).toBe("2030-01-08T10:00:00+01:00");
    expect(isoWithOffset(at("2030-01-08T14:00:00Z"), "America/Toronto")).toBe("2030-01-08T09:00:00-05:00");
  });

  it("does calendar arithmetic on local dates", () => {
    expect(addDays("2030-01-31", 1)).toBe("2030-02-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(isoWeekday("2030-01-07")).toBe(1);
    expect(isoWeekday("2030-01-13")).toBe(7);
  });
});

describe("slot grid on DST-change days", () => {
  const night: Schedule = { timeZone: "Europe/Zurich", hours: [{ weekday: 7, opensAt: 60, closesAt: 240 }], closures: [] };
  const request = { schedule: night, durationMinutes: 30, bufferMinutes: 0, busy: [], now: at("2020-01-01T00:00:00Z") };

  it("labels slots with the wall time they fall on and never repeats an instant", () => {
    const spring = slotsOnDate(request, "2027-03-28");
    const times = spring.map((s) => s.localTime);
    expect(times).toEqual(["01:00", "01:15", "01:30", "01:45", "03:00", "03:15", "03:30"]);
    expect(new Set(spring.map((s) => s.startsAt.getTime())).size).toBe(spring.length);
    for (const s of spring) expect(wallClockAt(s.startsAt, "Europe/Zurich").minutes).toBe(Number(s.localTime.slice(0, 2)) * 60 + Number(s.localTime.slice(3)));

    const autumn = slotsOnDate(request, "2027-10-31");
    expect(new Set(autumn.map((s) => s.startsAt.getTime())).size).toBe(autumn.length);
    expect(autumn[0]!.startsAt.toISOString()).toBe("2027-10-30T23:00:00.000Z"); // 01:00 CEST
    expect(autumn.at(-1)!.localTime).toBe("03:30");
  });
});

describe("nearest slots", () => {
  const schedule: Schedule = {
    timeZone: "Europe/Zurich",
    hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: 8 * 60, closesAt: 12 * 60 })),
    closures: [],
  };
  const base = { schedule, durationMinutes: 30, bufferMinutes: 0, now: at("2030-01-01T00:00:00Z") };

  it("prefers the wanted day, then the nearest day (the later one on a tie), then the nearest time", () => {
    const slots = ["2030-01-11", "2030-01-14"].flatMap((d) => slotsOnDate({ ...base, busy: [] }, d));
    // Sunday 10:00: Friday and Monday are both one working day away; Monday wins the tie.
    const sunday = nearestSlots(slots, instantAt("2030-01-13", 600, "Europe/Zurich"), "Europe/Zurich", 3);
    expect(sunday.map((s) => `${s.localDate} ${s.localTime}`)).toEqual(["2030-01-14 09:45", "2030-01-14 10:00", "2030-01-14 10:15"]);
  });
});

describe("wall clock from cached offsets", () => {
  // Reference: Intl on every call, as before offsets were cached per quarter hour.
  function reference(instant: Date, timeZone: string) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
        .formatToParts(instant)
        .map((p) => [p.type, p.value]),
    );
    return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute) };
  }

  it.each([
    ["Europe/Zurich", "2030-03-31T00:00:00Z", "2030-10-27T00:00:00Z"],
    ["America/Toronto", "2030-03-10T05:00:00Z", "2030-11-03T04:00:00Z"],
    ["Australia/Lord_Howe", "2030-04-06T14:00:00Z", "2030-10-05T14:00:00Z"],
    ["Asia/Kathmandu", "2030-01-01T00:00:00Z", "2030-07-01T00:00:00Z"],
    ["Africa/Algiers", "2030-03-31T00:00:00Z", "2030-10-27T00:00:00Z"],
  ])("matches Intl minute by minute around the transitions of %s", (zone, first, second) => {
    for (const start of [first, second]) {
      const t0 = Date.parse(start);
      for (let m = 0; m < 6 * 60; m++) {
        const instant = new Date(t0 + m * 60_000 + 17_000);
        const wall = wallClockAt(instant, zone);
        expect({ date: wall.date, minutes: wall.minutes }, `${zone} ${instant.toISOString()}`).toEqual(reference(instant, zone));
      }
    }
  });
});

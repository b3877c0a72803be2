import { describe, expect, it } from "vitest";
import type { Schedule } from "@/lib/booking/slot-grid";
import { currentWeekStart, nextOpenDay } from "@/lib/booking/week-view";

// Monday to Friday 09:00–12:00 and 14:00–18:00; Saturday morning; closed on Sunday.
const WEEKDAYS: Schedule = {
  timeZone: "Europe/Paris",
  hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opensAt: 540, closesAt: 720 },
    { weekday, opensAt: 840, closesAt: 1080 },
  ]).concat([{ weekday: 6, opensAt: 540, closesAt: 720 }]),
  closures: [],
};

describe("this week", () => {
  it("is the week holding today from Monday to Saturday", () => {
    expect(currentWeekStart("2030-01-07", WEEKDAYS)).toBe("2030-01-07"); // Monday
    expect(currentWeekStart("2030-01-12", WEEKDAYS)).toBe("2030-01-07"); // Saturday
  });

  it("is the coming week on a Sunday the business is closed, so tomorrow's bookings show", () => {
    expect(currentWeekStart("2030-01-13", WEEKDAYS)).toBe("2030-01-14");
  });

  it("stays the current week on a Sunday the business opens, unless a closure shuts it", () => {
    const sundays: Schedule = { ...WEEKDAYS, hours: [...WEEKDAYS.hours, { weekday: 7, opensAt: 600, closesAt: 960 }] };
    expect(currentWeekStart("2030-01-13", sundays)).toBe("2030-01-07");
    expect(currentWeekStart("2030-01-13", { ...sundays, closures: [{ startsOn: "2030-01-13", endsOn: "2030-01-13" }] })).toBe("2030-01-14");
  });
});

describe("the next open day of a new booking", () => {
  it("is today at the next quarter hour while today is open", () => {
    expect(nextOpenDay("2030-01-07", 10 * 60 + 7, WEEKDAYS)).toEqual({ date: "2030-01-07", time: 10 * 60 + 15 });
    expect(nextOpenDay("2030-01-07", 6 * 60, WEEKDAYS)).toEqual({ date: "2030-01-07", time: 540 });
    expect(nextOpenDay("2030-01-07", 12 * 60 + 30, WEEKDAYS)).toEqual({ date: "2030-01-07", time: 840 });
  });

  it("moves to the next day with hours, past evenings, Sundays and closures", () => {
    expect(nextOpenDay("2030-01-07", 18 * 60, WEEKDAYS)).toEqual({ date: "2030-01-08", time: 540 });
    expect(nextOpenDay("2030-01-12", 13 * 60, WEEKDAYS)).toEqual({ date: "2030-01-14", time: 540 });
    expect(nextOpenDay("2030-01-13", 9 * 60, { ...WEEKDAYS, closures: [{ startsOn: "2030-01-14", endsOn: "2030-01-15" }] })).toEqual({ date: "2030-01-16", time: 540 });
  });
});

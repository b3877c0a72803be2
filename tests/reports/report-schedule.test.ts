import { describe, expect, it } from "vitest";
import { localDayBounds, reportDatesDue } from "@/lib/reports/report-schedule";

/*
 * Which local dates are due a report, as pure functions of the instant, the
 * zone, the hour and the tenant's creation: edge hours, half-hour zones, the
 * two DST changes of Toronto, and a tenant created after today's hour.
 */

const LONG_AGO = new Date("2020-01-01T00:00:00Z");
const due = (now: string, timeZone: string, hour: number, since = LONG_AGO) => reportDatesDue({ now: new Date(now), timeZone, hour, since });

describe("reportDatesDue", () => {
  it("is due from the hour's first instant, never a minute before", () => {
    expect(due("2027-06-15T22:59:59Z", "America/Toronto", 19)).toEqual(["2027-06-14"]);
    expect(due("2027-06-15T23:00:00Z", "America/Toronto", 19)).toEqual(["2027-06-14", "2027-06-15"]);
  });

  it("handles midnight and 23:00 reports and half-hour zones (St. John's, UTC-2:30 in summer)", () => {
    expect(due("2027-06-15T04:00:00Z", "America/Toronto", 0)).toEqual(["2027-06-14", "2027-06-15"]);
    expect(due("2027-06-15T03:59:00Z", "America/Toronto", 0)).toEqual(["2027-06-13", "2027-06-14"]);
    expect(due("2027-06-15T21:29:00Z", "America/St_Johns", 19)).toEqual(["2027-06-14"]);
    expect(due("2027-06-15T21:30:00Z", "America/St_Johns", 19)).toEqual(["2027-06-14", "2027-06-15"]);
  });

  it("puts an hour skipped in spring at the end of the gap, and a doubled autumn hour at its first occurrence", () => {
    // Toronto, 14 March 2027: 02:00 EST becomes 03:00 EDT (07:00Z).
    expect(due("2027-03-14T06:59:00Z", "America/Toronto", 2)).toEqual(["2027-03-13"]);
    expect(due("2027-03-14T07:00:00Z", "America/Toronto", 2)).toEqual(["2027-03-13", "2027-03-14"]);
    // Toronto, 7 November 2027: 01:00 happens at 05:00Z (EDT) and again at 06:00Z (EST).
    expect(due("2027-11-07T04:59:00Z", "America/Toronto", 1)).toEqual(["2027-11-06"]);
    expect(due("2027-11-07T05:00:00Z", "America/Toronto", 1)).toEqual(["2027-11-06", "2027-11-07"]);
  });

  it("never reaches back further than yesterday, nor before the tenant existed", () => {
    expect(due("2027-06-15T20:00:00Z", "Africa/Algiers", 19, new Date("2027-06-15T18:30:00Z"))).toEqual([]);
    expect(due("2027-06-15T20:00:00Z", "Africa/Algiers", 19, new Date("2027-06-15T17:30:00Z"))).toEqual(["2027-06-15"]);
    expect(due("2027-06-15T20:00:00Z", "Africa/Algiers", 19)).toEqual(["2027-06-14", "2027-06-15"]);
  });
});

describe("localDayBounds", () => {
  it("gives 23, 24 and 25-hour days", () => {
    const hours = (date: string, tz: string) => {
      const { from, to } = localDayBounds(date, tz);
      return (to.getTime() - from.getTime()) / 3_600_000;
    };
    expect(hours("2027-03-28", "Europe/Paris")).toBe(23);
    expect(hours("2027-10-31", "Europe/Paris")).toBe(25);
    expect(hours("2027-06-15", "Europe/Paris")).toBe(24);
    expect(localDayBounds("2027-11-07", "America/Toronto").from.toISOString()).toBe("2027-11-07T04:00:00.000Z");
  });
});

import { describe, expect, it } from "vitest";
import { instantAt } from "@/lib/booking";
import { dayLoadOf, diariesOf, effectiveSchedule, intersectHours, pickFree, unionSlots } from "@/lib/booking/resource-slots";
import type { ResourceTerms } from "@/lib/booking/resource-terms";
import type { Schedule } from "@/lib/booking/slot-grid";

const tz = "Europe/Paris";
const business: Schedule = {
  timeZone: tz,
  hours: [
    { weekday: 3, opensAt: 540, closesAt: 720 },
    { weekday: 3, opensAt: 840, closesAt: 1080 },
  ],
  closures: [],
};
const resource = (id: string, position: number, extra: Partial<ResourceTerms> = {}): ResourceTerms => ({
  id, name: id.slice(0, 1), kind: "staff", position, isDefault: false, active: true, memberUserId: null, serviceIds: [], hours: [], closures: [], calendar: false, ...extra,
});
const at = (time: string) => instantAt("2030-01-09", Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), tz);
const terms = { durationMinutes: 60, bufferMinutes: 0, now: at("00:00") };

describe("resource-slots", () => {
  it("intersects a resource's hours with the business's, breaks included", () => {
    expect(intersectHours([{ weekday: 3, opensAt: 480, closesAt: 900 }, { weekday: 4, opensAt: 480, closesAt: 900 }], business.hours)).toEqual([
      { weekday: 3, opensAt: 540, closesAt: 720 },
      { weekday: 3, opensAt: 840, closesAt: 900 },
    ]);
    expect(effectiveSchedule(business, { hours: [], closures: [] }).hours).toBe(business.hours);
  });

  it("breaks ties by position, then by id, and prefers the least booked that day", () => {
    const a = resource("bbbbbbbb-0000-4000-8000-000000000000", 1);
    const b = resource("aaaaaaaa-0000-4000-8000-000000000000", 1);
    const c = resource("00000000-0000-4000-8000-000000000000", 2);
    const none = dayLoadOf([], tz);
    const diaries = diariesOf(business, [a, b, c], [], null);
    expect(unionSlots(diaries, terms, at("09:00"), at("09:15"), none).map((x) => x.resourceId)).toEqual([b.id]);
    const booked = [{ resourceId: b.id, startsAt: at("14:00"), endsAt: at("15:00") }];
    const loaded = diariesOf(business, [a, b, c], booked, null);
    expect(pickFree(loaded, at("09:00"), at("10:00"), 60, dayLoadOf(booked, tz))?.resource.id).toBe(a.id);
    const external = new Map([[a.id, [{ start: at("08:00"), end: at("12:00") }]]]);
    expect(pickFree(diariesOf(business, [a, b, c], booked, external), at("09:00"), at("10:00"), 60, dayLoadOf(booked, tz))?.resource.id).toBe(c.id);
  });
});

import { describe, expect, it } from "vitest";
import { appointmentIdFromGoogleEventId, caldavFilename, caldavUid, googleEventId } from "@/lib/calendar/event-identity";
import { eventIcs } from "@/lib/calendar/ics";
import { subtractIntervals } from "@/lib/calendar/intervals";
import { connectCalendarInput } from "@/lib/calendar/connection-schema";

const ID = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const d = (iso: string) => new Date(`2030-01-07T${iso}:00Z`);

describe("external identities", () => {
  it("derives a Google event id Google accepts (base32hex, 5–1024) and back; CalDAV names from the same id", () => {
    const id = googleEventId(ID);
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(appointmentIdFromGoogleEventId(id)).toBe(ID);
    expect(appointmentIdFromGoogleEventId("somethingelse")).toBeNull();
    expect(caldavUid(ID)).toBe(`${ID}@frontdesk`);
    expect(caldavFilename(ID)).toBe(`frontdesk-${ID}.ics`);
  });

  it("writes iCalendar text with escaped text and folded long lines", () => {
    const ics = eventIcs({ appointmentId: ID, start: d("09:00"), end: d("09:30"), summary: "A, B; C\\D", description: "x".repeat(200) }, d("08:00"));
    expect(ics).toContain("SUMMARY:A\\, B\\; C\\\\D");
    expect(ics).toContain("DTSTART:20300107T090000Z");
    expect(ics.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });
});

describe("busy intervals", () => {
  it("cuts our own events out of busy times", () => {
    const busy = [{ start: d("09:00"), end: d("12:00") }];
    expect(subtractIntervals(busy, [{ start: d("10:00"), end: d("10:30") }])).toEqual([
      { start: d("09:00"), end: d("10:00") },
      { start: d("10:30"), end: d("12:00") },
    ]);
    expect(subtractIntervals(busy, [{ start: d("08:00"), end: d("13:00") }])).toEqual([]);
    expect(subtractIntervals(busy, [])).toEqual(busy);
  });
});

describe("connect input", () => {
  it("names the field at fault", () => {
    const bad = connectCalendarInput.safeParse({ provider: "caldav", url: "ftp://x", username: "u", password: "p" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["url"]);
    expect(connectCalendarInput.safeParse({ provider: "outlook" }).success).toBe(false);
  });
});

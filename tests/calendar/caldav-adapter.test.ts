import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caldavAdapter, discoverCaldavCalendar } from "@/lib/calendar/caldav-adapter";
import { CalendarUnavailableError } from "@/lib/calendar/calendar-types";
import { startRadicale, type Radicale } from "../support/radicale";

/*
 * The CalDAV adapter against a real Radicale: discovery, busy times with
 * recurrences and time zones, idempotent writes, reads and deletes, and
 * refusals and outages as CalendarUnavailableError.
 */

let radicale: Radicale;
let calendarUrl: string;
const APPOINTMENT = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

beforeAll(async () => {
  // Radicale listens on loopback, which production refuses (tests/security/issue15-attacks.test.ts).
  process.env.CALENDAR_ALLOW_PRIVATE_HOSTS = "1";
  radicale = await startRadicale();
  calendarUrl = await radicale.makeCalendar("work");
});
afterAll(async () => {
  await radicale?.close();
});

const adapter = () => caldavAdapter(calendarUrl, { username: radicale.username, password: radicale.password }, "Europe/Paris");

describe("CalDAV adapter (Radicale)", () => {
  it("finds the calendar from the server root or takes a calendar URL as it is", async () => {
    expect(await discoverCaldavCalendar(radicale.url, { username: radicale.username, password: radicale.password })).toBe(calendarUrl);
    expect(await discoverCaldavCalendar(calendarUrl, { username: radicale.username, password: radicale.password })).toBe(calendarUrl);
  });

  it("reads busy times: single events, a weekly recurrence in a time zone, all-day in the business's zone; transparent ones are free", async () => {
    const status = await radicale.putIcs(
      calendarUrl,
      "weekly.ics",
      [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
        "BEGIN:VTIMEZONE", "TZID:Europe/Paris",
        "BEGIN:STANDARD", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
        "END:VTIMEZONE",
        "BEGIN:VEVENT", "UID:weekly@test", "DTSTAMP:20300101T000000Z",
        "DTSTART;TZID=Europe/Paris:20300107T120000", "DTEND;TZID=Europe/Paris:20300107T130000", "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:Lunch",
        "END:VEVENT", "END:VCALENDAR", "",
      ].join("\r\n"),
    );
    expect(status).toBe(201);
    await radicale.putIcs(calendarUrl, "holiday.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:h@t\r\nDTSTAMP:20300101T000000Z\r\nDTSTART;VALUE=DATE:20300116\r\nDTEND;VALUE=DATE:20300117\r\nSUMMARY:Off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    await radicale.putIcs(calendarUrl, "free.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:f@t\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:20300108T090000Z\r\nDTEND:20300108T100000Z\r\nTRANSP:TRANSPARENT\r\nSUMMARY:Maybe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    const busy = await adapter().freeBusy(new Date("2030-01-06T00:00:00Z"), new Date("2030-01-20T00:00:00Z"));
    const iso = busy.map((b) => `${b.start.toISOString()}/${b.end.toISOString()}`).sort();
    expect(iso).toEqual([
      "2030-01-07T11:00:00.000Z/2030-01-07T12:00:00.000Z",
      "2030-01-14T11:00:00.000Z/2030-01-14T12:00:00.000Z",
      "2030-01-15T23:00:00.000Z/2030-01-16T23:00:00.000Z",
    ]);
  });

  it("writes one event per appointment however often it is written, reads it back and deletes it (twice is fine)", async () => {
    const body = { appointmentId: APPOINTMENT, start: new Date("2030-02-04T09:00:00Z"), end: new Date("2030-02-04T09:30:00Z"), summary: "Ada Lovelace – Cut, colour; more", description: "Open: https://x.test/appointments?appointment=1" };
    const first = await adapter().putEvent(body);
    await adapter().putEvent({ ...body, start: new Date("2030-02-04T10:00:00Z"), end: new Date("2030-02-04T10:30:00Z") });
    expect(first.externalId).toBe(`${calendarUrl}frontdesk-${APPOINTMENT}.ics`);
    const stored = await radicale.get(first.externalId);
    expect(stored.body).toContain(`UID:${APPOINTMENT}@frontdesk`);
    expect(stored.body).toContain("SUMMARY:Ada Lovelace – Cut\\, colour\\; more");
    const states = await adapter().readEvents([APPOINTMENT, "00000000-0000-4000-8000-000000000000"]);
    expect(states.get(APPOINTMENT)).toEqual({ start: new Date("2030-02-04T10:00:00Z"), end: new Date("2030-02-04T10:30:00Z") });
    expect(states.get("00000000-0000-4000-8000-000000000000")).toBeNull();
    // Our own event is not an external busy time.
    expect(await adapter().freeBusy(new Date("2030-02-04T00:00:00Z"), new Date("2030-02-05T00:00:00Z"))).toEqual([]);
    await adapter().deleteEvent(APPOINTMENT);
    await adapter().deleteEvent(APPOINTMENT);
    expect((await radicale.get(first.externalId)).status).toBe(404);
  });

  it("reports a wrong password and a server that is down as CalendarUnavailableError, without the password", async () => {
    const wrong = caldavAdapter(calendarUrl, { username: radicale.username, password: "nope-secret" }, "UTC");
    const refused = await wrong.freeBusy(new Date("2030-01-01T00:00:00Z"), new Date("2030-01-02T00:00:00Z")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CalendarUnavailableError);
    expect((refused as Error).message).toMatch(/refused/);
    expect((refused as Error).message).not.toContain("nope-secret");
    await radicale.stop();
    try {
      const down = await adapter().putEvent({ appointmentId: APPOINTMENT, start: new Date(), end: new Date(Date.now() + 1), summary: "x", description: "y" }).catch((e: unknown) => e);
      expect(down).toBeInstanceOf(CalendarUnavailableError);
      expect((down as Error).message).toMatch(/unreachable/);
    } finally {
      await radicale.start();
    }
  });
});

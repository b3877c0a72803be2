import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { caldavAdapter, discoverCaldavCalendar } from "@/lib/calendar/caldav-adapter";
import { CalendarUnavailableError } from "@/lib/calendar/calendar-types";

/*
 * Attacks on issue 15's calendar sync. A CalDAV URL is fetched by the server
 * with the tenant's password, so every request (not only the URL typed at
 * connect time: discovery hrefs, the stored calendar URL, redirects) must go
 * to a vetted public address, and a redirect must never be followed.
 */

interface Trap {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

async function trap(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Trap> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/cal/`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const creds = { username: "owner", password: "app-password-secret" };
const APPOINTMENT = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const event = { appointmentId: APPOINTMENT, start: new Date("2030-02-04T09:00:00Z"), end: new Date("2030-02-04T09:30:00Z"), summary: "Ada", description: "x" };
const window = [new Date("2030-02-04T00:00:00Z"), new Date("2030-02-05T00:00:00Z")] as const;

let inside: Trap;
let redirector: Trap;
const saved = process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;

beforeAll(async () => {
  inside = await trap((_req, res) => res.writeHead(207, { "content-type": "application/xml" }).end(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>`));
  redirector = await trap((_req, res) => res.writeHead(307, { location: inside.url }).end());
});
afterAll(async () => {
  await inside?.close();
  await redirector?.close();
});
afterEach(() => {
  if (saved === undefined) delete process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;
  else process.env.CALENDAR_ALLOW_PRIVATE_HOSTS = saved;
  inside.hits.length = 0;
  redirector.hits.length = 0;
});

describe("CalDAV SSRF: every request is vetted, not only the URL typed at connect time", () => {
  it("refuses a stored calendar URL on a private address at use time (discovery href, DNS changed since): no request leaves", async () => {
    delete process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;
    const adapter = caldavAdapter(inside.url, creds, "Europe/Paris");
    await expect(adapter.freeBusy(...window)).rejects.toBeInstanceOf(CalendarUnavailableError);
    await expect(adapter.putEvent(event)).rejects.toBeInstanceOf(CalendarUnavailableError);
    await expect(adapter.deleteEvent(APPOINTMENT)).rejects.toBeInstanceOf(CalendarUnavailableError);
    await expect(adapter.readEvents([APPOINTMENT])).rejects.toBeInstanceOf(CalendarUnavailableError);
    await expect(discoverCaldavCalendar(inside.url, creds)).rejects.toBeInstanceOf(CalendarUnavailableError);
    expect(inside.hits).toEqual([]);
  });

  it("refuses loopback, metadata, IPv6 and IPv4-in-IPv6 forms and localhost names", async () => {
    delete process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;
    const port = new URL(inside.url).port;
    for (const url of [
      `https://127.0.0.1:${port}/cal/`,
      `https://localhost:${port}/cal/`,
      `https://[::1]:${port}/cal/`,
      `https://[::ffff:127.0.0.1]:${port}/cal/`,
      `https://[::ffff:7f00:1]:${port}/cal/`,
      "https://169.254.169.254/latest/",
      "https://[fd00::1]/cal/",
      "https://0.0.0.0/cal/",
      "https://2130706433/cal/",
    ]) {
      await expect(caldavAdapter(url, creds, "UTC").freeBusy(...window), url).rejects.toBeInstanceOf(CalendarUnavailableError);
    }
    expect(inside.hits).toEqual([]);
  });

  it("never follows a redirect, which would carry the app password to an address nobody vetted", async () => {
    process.env.CALENDAR_ALLOW_PRIVATE_HOSTS = "1";
    const adapter = caldavAdapter(redirector.url, creds, "UTC");
    await expect(adapter.putEvent(event)).rejects.toBeInstanceOf(CalendarUnavailableError);
    await expect(adapter.readEvents([APPOINTMENT])).rejects.toBeInstanceOf(CalendarUnavailableError);
    await expect(adapter.deleteEvent(APPOINTMENT)).rejects.toBeInstanceOf(CalendarUnavailableError);
    await adapter.freeBusy(...window).catch(() => undefined);
    // (Discovery's /.well-known hop is followed by tsdav itself, as RFC 6764 wants; that next request is vetted like any other.)
    expect(redirector.hits.length).toBeGreaterThan(0);
    expect(inside.hits).toEqual([]);
  });

  it("keeps the app password out of the error a refused connection reports", async () => {
    delete process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;
    const error = await caldavAdapter(inside.url, creds, "UTC").freeBusy(...window).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain(creds.password);
  });
});

describe("CalDAV URL with a password inside it", () => {
  it("is refused on input, naming url: it would be stored in clear as the calendar and returned by the connections API", async () => {
    const { connectCalendarInput } = await import("@/lib/calendar/connection-schema");
    for (const url of ["https://alice:hunter2@dav.example.com/cal/", "https://alice@dav.example.com/cal/"]) {
      const parsed = connectCalendarInput.safeParse({ provider: "caldav", url, username: "alice", password: "pw" });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error!.issues[0]!.path, url).toEqual(["url"]);
    }
    expect(connectCalendarInput.safeParse({ provider: "caldav", url: "https://dav.example.com/cal/", username: "alice", password: "pw" }).success).toBe(true);
  });

  it("never reaches a server nor echoes the password when one slips through to the adapter", async () => {
    process.env.CALENDAR_ALLOW_PRIVATE_HOSTS = "1";
    const url = inside.url.replace("http://", "http://alice:hunter2@");
    const error = await discoverCaldavCalendar(url, creds).catch((e: Error) => e);
    expect(error).toBeInstanceOf(CalendarUnavailableError);
    expect((error as Error).message).not.toContain("hunter2");
    expect(inside.hits).toEqual([]);
  });
});

describe("the voice tools' staff argument", () => {
  it("reads hostile names (long, control characters, combining marks, RTL, emoji) quickly and without throwing", async () => {
    const { readStaffMention, saysIndifferent } = await import("@/lib/agent/staff-matcher");
    const people = [
      { id: "11111111-1111-4111-8111-111111111111", name: "Karim", kind: "staff" as const, serviceIds: [] },
      { id: "22222222-2222-4222-8222-222222222222", name: "Dr Martin", kind: "staff" as const, serviceIds: [] },
    ];
    const hostile = [
      "avec ".repeat(20),
      "with the usual doctor ".repeat(5),
      "K\u0301a\u0308r\u0327i\u030cm".padEnd(100, "\u0301"),
      "\u202eKarim\u202c \u200b\u200d\ufeff",
      "\u0007\u001b[31mKarim\u0008",
      "👩🏽‍⚕️".repeat(14),
      "pas pas pas pas ".repeat(6),
      "a".repeat(100),
    ];
    const started = performance.now();
    for (const said of hostile) {
      expect(() => readStaffMention(said, people as never), said).not.toThrow();
      expect(() => saysIndifferent(said), said).not.toThrow();
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("iCalendar written to CalDAV", () => {
  it("keeps a caller-chosen name inside SUMMARY: a bare CR (a line break for Radicale's vobject) or other control character cannot add ATTENDEE or any property", async () => {
    const { eventIcs } = await import("@/lib/calendar/ics");
    const hostile = "Ada\rATTENDEE:mailto:victim@evil.test\u000bX-A:1\u0085X-B:2\u2028X-C:3\n\rRRULE:FREQ=DAILY";
    const ics = eventIcs({ ...event, summary: `${hostile} – Cut`, description: hostile }, new Date("2030-01-01T00:00:00Z"));
    // Unfold, then split lines the way the most permissive parsers do.
    const lines = ics.replace(/\r\n[ \t]/g, "").split(/\r\n|\r|\n|\u000b|\u000c|\u0085|\u2028|\u2029/);
    const names = lines.filter(Boolean).map((l) => l.split(/[:;]/)[0]);
    expect(names).toEqual(["BEGIN", "VERSION", "PRODID", "BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP", "END", "END"]);
    expect(ics).toContain("victim@evil.test"); // kept as text, not dropped silently
  });
});

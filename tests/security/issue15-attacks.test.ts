import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { caldavAdapter, discoverCaldavCalendar } from "@/lib/calendar/caldav-adapter";
import { CalendarUnavailableError } from "@/lib/calendar/calendar-types";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

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

describe("CalDAV requests connect only to the address vetted, and read a bounded reply", () => {
  it("never asks DNS twice: the socket goes to the vetted address (a rebinding answer after the check cannot redirect it)", async () => {
    process.env.CALENDAR_ALLOW_PRIVATE_HOSTS = "1";
    const { caldavFetchWith } = await import("@/lib/calendar/caldav-fetch");
    const asked: string[] = [];
    // The system resolver knows no *.invalid name: only the vetted answer can reach the trap.
    const lookup = async (host: string) => (asked.push(host), [{ address: "127.0.0.1", family: 4 }]);
    const url = inside.url.replace("127.0.0.1", "dav.rebind.invalid");
    const res = await caldavFetchWith({ lookup })(url, { method: "PROPFIND", headers: { depth: "0" }, body: "<x/>" });
    expect(res.status).toBe(207);
    expect(asked).toEqual(["dav.rebind.invalid"]);
    expect(inside.hits).toHaveLength(1);
  });

  it("refuses a name with one private answer among public ones (private hosts off): no request leaves", async () => {
    delete process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;
    const { caldavFetchWith } = await import("@/lib/calendar/caldav-fetch");
    const lookup = async () => [{ address: "93.184.215.14", family: 4 }, { address: "127.0.0.1", family: 4 }];
    await expect(caldavFetchWith({ lookup })("https://dav.rebind.invalid/cal/")).rejects.toBeInstanceOf(CalendarUnavailableError);
    // IPv4 carried in IPv6 every way (mapped, compatible, translated, NAT64 well-known and local-use, 6to4), and site-local.
    for (const address of ["::ffff:7f00:1", "::7f00:1", "::ffff:0:7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1", "2002:7f00:1::1", "2002:a9fe:a9fe::", "fec0::1", "fe80::1", "0.0.0.0", "169.254.169.254", "100.64.0.1"]) {
      await expect(caldavFetchWith({ lookup: async () => [{ address, family: address.includes(":") ? 6 : 4 }] })("https://dav.example.com/"), address).rejects.toThrow(/private or local network/);
    }
    expect(inside.hits).toEqual([]);
  });

  it("stops reading a reply larger than the bound (a hostile server cannot fill the memory)", async () => {
    process.env.CALENDAR_ALLOW_PRIVATE_HOSTS = "1";
    const { caldavFetchWith } = await import("@/lib/calendar/caldav-fetch");
    const flood = await trap((_req, res) => {
      res.writeHead(207, { "content-type": "application/xml" });
      res.end("x".repeat(200_000));
    });
    try {
      await expect(caldavFetchWith({ maxBytes: 50_000 })(flood.url)).rejects.toBeInstanceOf(CalendarUnavailableError);
      expect((await caldavFetchWith({ maxBytes: 500_000 })(flood.url)).status).toBe(207);
    } finally {
      await flood.close();
    }
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
    for (const url of [inside.url.replace("http://", "http://alice:hunter2@"), inside.url.replace("http://", "http:alice:hunter2@"), inside.url.replace("http://", "http:\\\\alice:hunter2@")]) {
      const error = await discoverCaldavCalendar(url, creds).catch((e: Error) => e);
      expect(error, url).toBeInstanceOf(CalendarUnavailableError);
      expect((error as Error).message, url).not.toContain("hunter2");
    }
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

/* Through the real route handlers: one database for the block. */

let roles: ConsoleRolesEnv;
let MAPLE: string;
let DUPONT: string;
let dupontResource: string;
let mapleResource: string;
type Routes = Record<string, Record<string, Handler>>;
let r: Routes;

async function apiState() {
  const q = async (sql: string) => (await roles.env.admin.query(sql)).rows;
  return {
    resources: await q(`SELECT tenant_id, id, name, kind, member_user_id, position, is_default, active FROM resources ORDER BY tenant_id, id`),
    services: await q(`SELECT tenant_id, resource_id, service_id FROM resource_services ORDER BY 1, 2, 3`),
    hours: await q(`SELECT tenant_id, resource_id, weekday, opens_at, closes_at FROM resource_hours ORDER BY 1, 2, 3, 4`),
    closures: await q(`SELECT tenant_id, resource_id, starts_on, ends_on, reason FROM resource_closures ORDER BY 1, 2, 3`),
    connections: await q(`SELECT tenant_id, id, resource_id, calendar_ref, push_channel_id, changed_at FROM calendar_connections ORDER BY 1, 2`),
    events: await q(`SELECT tenant_id, id, sync_state, conflict_kind, resolution FROM appointment_calendar_events ORDER BY 1, 2`),
  };
}

const send = (who: Who, route: string, method: string, body?: unknown, params: Record<string, string> = {}) =>
  roles.send<Record<string, unknown>>(who, r[route]![method]!, method, { body, params });

describe("routes under attack", () => {
  beforeAll(async () => {
    roles = await setUpConsoleRoles("issue15atk", { members: ["staff", "viewer"] });
    MAPLE = roles.env.tenants["maple-dental"].id;
    DUPONT = roles.env.tenants["cabinet-dupont"].id;
    const def = async (t: string) => (await roles.env.admin.query(`SELECT id FROM resources WHERE tenant_id = $1 AND is_default`, [t])).rows[0].id as string;
    dupontResource = await def(DUPONT);
    mapleResource = await def(MAPLE);
    r = {
      list: (await import("@/app/api/resources/route")) as never,
      one: (await import("@/app/api/resources/[id]/route")) as never,
      order: (await import("@/app/api/resources/order/route")) as never,
      connections: (await import("@/app/api/calendar/connections/route")) as never,
      connection: (await import("@/app/api/calendar/connections/[id]/route")) as never,
      conflict: (await import("@/app/api/calendar/conflicts/[id]/route")) as never,
    };
  }, 120_000);
  afterAll(async () => {
    await roles?.env.close();
  });

  it("another tenant's resource id: 404 on read, save, delete, calendar connect and disconnect; nothing changes", async () => {
    delete process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;
    const before = await apiState();
    const params = { id: dupontResource };
    const save = { name: "Pwned", kind: "staff", active: true, serviceIds: [], hours: null, closures: [] };
    expect((await send("owner", "one", "GET", undefined, params)).status).toBe(404);
    expect((await send("owner", "one", "PUT", save, params)).status).toBe(404);
    expect((await send("owner", "one", "DELETE", undefined, params)).status).toBe(404);
    const connect = await send("owner", "connection", "PUT", { provider: "caldav", url: "https://dav.example.com/", username: "u", password: "p" }, params);
    expect(connect.status).toBe(404);
    const off = await send("owner", "connection", "DELETE", undefined, params);
    expect(off.json).toEqual({ disconnected: false });
    expect((await send("owner", "order", "PUT", { ids: [mapleResource, dupontResource] })).status).toBe(400);
    expect(await apiState()).toEqual(before);
  });

  it("staff and viewers cannot change resources or calendars (403), even the resource linked to them", async () => {
    const before = await apiState();
    for (const who of ["staff", "viewer"] as const) {
      expect((await send(who, "list", "POST", { name: "Mine", kind: "staff" })).status, who).toBe(403);
      expect((await send(who, "one", "PUT", { name: "X", kind: "staff" }, { id: mapleResource })).status, who).toBe(403);
      expect((await send(who, "one", "DELETE", undefined, { id: mapleResource })).status, who).toBe(403);
      expect((await send(who, "order", "PUT", { ids: [mapleResource] })).status, who).toBe(403);
      expect((await send(who, "connection", "PUT", { provider: "caldav", url: "https://dav.example.com/", username: "u", password: "p" }, { id: mapleResource })).status, who).toBe(403);
      expect((await send(who, "connection", "DELETE", undefined, { id: mapleResource })).status, who).toBe(403);
    }
    // Viewers read configuration by design; the list carries no credential field.
    const list = await send("viewer", "connections", "GET");
    expect(list.status).toBe(200);
    expect(list.text).not.toMatch(/password|private_key|ciphertext|token/i);
    expect((await send("viewer", "conflict", "POST", { action: "dismiss" }, { id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b" })).status).toBe(403);
    expect(await apiState()).toEqual(before);
  });

  it("CalDAV URLs on private addresses are a 400 naming url before any request (private hosts off by default)", async () => {
    delete process.env.CALENDAR_ALLOW_PRIVATE_HOSTS;
    const before = await apiState();
    const port = new URL(inside.url).port;
    for (const url of [inside.url, `https://127.0.0.1:${port}/`, `https://localhost:${port}/`, `https://[::1]:${port}/`, "https://169.254.169.254/", "https://[::ffff:a9fe:a9fe]/", "https://10.0.0.1/", "file:///etc/passwd", "gopher://x/"]) {
      const res = await send("owner", "connection", "PUT", { provider: "caldav", url, username: "u", password: "secret-pw" }, { id: mapleResource });
      expect(res.status, url).toBe(400);
      expect(res.json.error?.field, url).toBe("url");
      expect(res.text).not.toContain("secret-pw");
    }
    expect(inside.hits).toEqual([]);
    expect(await apiState()).toEqual(before);
  });

  it("hostile bodies are a 4xx naming the field, never a 500, and change nothing", async () => {
    const before = await apiState();
    const id = { id: mapleResource };
    const week = (n: number) => Array.from({ length: n }, (_, i) => ({ weekday: (i % 7) + 1, opens: "09:00", closes: "10:00" }));
    const cases: Array<[string, string, unknown, Record<string, string>, string]> = [
      ["list", "POST", { name: "x".repeat(100_000), kind: "staff" }, {}, "name"],
      ["list", "POST", { name: "   ", kind: "staff" }, {}, "name"],
      ["list", "POST", { name: "Karim", kind: "robot" }, {}, "kind"],
      ["list", "POST", { name: "Karim", kind: "staff", serviceIds: ["not-a-uuid"] }, {}, "serviceIds.0"],
      ["list", "POST", { name: "Karim", kind: "staff", memberUserId: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b" }, {}, "memberUserId"],
      ["one", "PUT", { name: "K", kind: "staff", hours: week(1_000) }, id, "hours"],
      ["one", "PUT", { name: "K", kind: "staff", hours: [{ weekday: 1, opens: "12:00", closes: "09:00" }] }, id, "hours.0.closes"],
      ["one", "PUT", { name: "K", kind: "staff", hours: [{ weekday: 1, opens: "24:00", closes: "25:00" }] }, id, "hours.0.opens"],
      ["one", "PUT", { name: "K", kind: "staff", hours: [{ weekday: 8, opens: "09:00", closes: "10:00" }] }, id, "hours.0.weekday"],
      ["one", "PUT", { name: "K", kind: "staff", closures: [{ startsOn: "2031-02-30", endsOn: "2031-03-01" }] }, id, "closures.0.startsOn"],
      ["one", "PUT", { name: "K", kind: "staff", closures: [{ startsOn: "2031-03-02", endsOn: "2031-03-01" }] }, id, "closures.0.endsOn"],
      ["one", "PUT", { name: "K", kind: "staff", closures: [{ id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b", startsOn: "2031-03-01", endsOn: "2031-03-01" }] }, id, "closures"],
      ["order", "PUT", { ids: Array.from({ length: 600 }, () => mapleResource) }, {}, "ids"],
      ["order", "PUT", { ids: [mapleResource, mapleResource] }, {}, "ids"],
      ["connection", "PUT", { provider: "caldav", url: "https://dav.example.com/", username: "u", password: "x".repeat(10_000) }, id, "password"],
      ["connection", "PUT", { provider: "google", calendarId: "c", serviceAccountJson: "{\"client_email\":\"a@b.c\"}" }, id, "serviceAccountJson"],
      ["connection", "PUT", { provider: "outlook" }, id, "provider"],
      ["conflict", "POST", { action: "accept-all" }, { id: "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b" }, "action"],
    ];
    for (const [route, method, body, params, field] of cases) {
      const res = await send("owner", route, method, body, params);
      expect(res.status, `${route} ${field} ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${route} ${field}`).toBeLessThan(500);
      expect(res.json.error?.field, `${route} ${field} ${res.text.slice(0, 200)}`).toBe(field);
    }
    // 10k intervals do not even reach the schema: the body limit answers 413.
    expect((await send("owner", "one", "PUT", { name: "K", kind: "staff", hours: week(10_000) }, id)).status).toBe(413);
    for (const bad of ["not-a-uuid", "../../etc", "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b' OR 1=1 --"]) {
      for (const [route, method, body] of [["one", "GET"], ["one", "DELETE"], ["connection", "DELETE"], ["conflict", "POST", { action: "dismiss" }]] as const) {
        expect((await send("owner", route, method, body, { id: bad })).status, `${route} ${method} ${bad}`).toBe(404);
      }
    }
    expect(await apiState()).toEqual(before);
  });

  it("Google push: no token, a forged token, another tenant's token, oversized headers are refused and change nothing", async () => {
    const { createHash } = await import("node:crypto");
    const { NextRequest } = await import("next/server");
    const { POST } = await import("@/app/api/calendar/google/push/route");
    const hash = (t: string) => createHash("sha256").update(t).digest("hex");
    const insert = `INSERT INTO calendar_connections (id, tenant_id, resource_id, provider, calendar_ref, account_label, ciphertext, iv, auth_tag, key_version, status, push_channel_id, push_token_hash, updated_at)
      VALUES (gen_random_uuid(), $1, $2, 'google', 'cal', 'sa@x.iam', '\\x00', '\\x00', '\\x00', 1, 'ok', 'chan-1', $3, now())`;
    await roles.env.admin.query(insert, [MAPLE, mapleResource, hash("maple-token")]);
    await roles.env.admin.query(insert, [DUPONT, dupontResource, hash("dupont-token")]);
    const before = await apiState();
    const push = (headers: Record<string, string>) =>
      (POST as unknown as (r: Request) => Promise<Response>)(new NextRequest("http://localhost:3000/api/calendar/google/push", { method: "POST", headers }));
    const cases: Array<[Record<string, string>, number]> = [
      [{}, 404],
      [{ "x-goog-channel-id": "chan-1" }, 404],
      [{ "x-goog-channel-id": "chan-1", "x-goog-channel-token": "guess" }, 401],
      [{ "x-goog-channel-id": "chan-1", "x-goog-channel-token": hash("maple-token") }, 401],
      [{ "x-goog-channel-id": "chan-2", "x-goog-channel-token": "maple-token" }, 404],
      [{ "x-goog-channel-id": "c".repeat(5000), "x-goog-channel-token": "maple-token" }, 404],
      [{ "x-goog-channel-id": "chan-1", "x-goog-channel-token": "t".repeat(5000) }, 404],
      [{ "x-goog-channel-id": "chan-1' OR '1'='1", "x-goog-channel-token": "maple-token" }, 404],
    ];
    for (const [headers, status] of cases) expect((await push(headers)).status, JSON.stringify(headers).slice(0, 80)).toBe(status);
    expect(await apiState()).toEqual(before);
    // The genuine one (twice: a replay) only marks that tenant's connection as changed.
    for (let i = 0; i < 2; i++) expect((await push({ "x-goog-channel-id": "chan-1", "x-goog-channel-token": "maple-token", "x-goog-resource-state": "sync" })).status).toBe(200);
    const after = await apiState();
    expect(after.connections.find((c) => c.tenant_id === DUPONT)).toEqual(before.connections.find((c) => c.tenant_id === DUPONT));
    await roles.env.admin.query(`DELETE FROM calendar_connections`);
  });

  it("mass assignment: tenantId, id, isDefault and position in a body are ignored", async () => {
    const res = await send("owner", "list", "POST", { name: "Sonia", kind: "staff", tenantId: DUPONT, tenant_id: DUPONT, id: dupontResource, isDefault: true, position: -7 });
    expect(res.status, res.text).toBe(201);
    const row = (await roles.env.admin.query(`SELECT tenant_id, id, is_default, position FROM resources WHERE id = $1`, [res.json.id])).rows[0];
    expect(row).toMatchObject({ tenant_id: MAPLE, is_default: false });
    expect(row.id).not.toBe(dupontResource);
    expect(row.position).toBeGreaterThanOrEqual(0);
    const defaults = (await roles.env.admin.query(`SELECT count(*)::int AS n FROM resources WHERE tenant_id = $1 AND is_default`, [MAPLE])).rows[0].n;
    expect(defaults).toBe(1);
  });
});

import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChannelTestEnv } from "../channels/channel-test-env";
import { setUpConsoleRoles, type ConsoleRolesEnv, type Handler, type Who } from "../support/console-roles-env";

/*
 * The CSV exports through their real route handlers: parsed back, every row
 * equals the database's (instants in the tenant's zone with their offset),
 * awkward text (commas, quotes, line breaks, accents, a formula) survives,
 * the download is audited, and an export on maple-dental's host never holds
 * a row of cabinet-dupont's, though both have plenty.
 */

let r: ConsoleRolesEnv;
let env: ChannelTestEnv;
let routes: Record<"clients" | "appointments" | "conversations", Handler>;
const TZ = "America/Toronto";

beforeAll(async () => {
  r = await setUpConsoleRoles("exports", { members: ["viewer"] });
  env = r.env;
  routes = {
    clients: ((await import("@/app/api/exports/clients/route")) as { GET: Handler }).GET,
    appointments: ((await import("@/app/api/exports/appointments/route")) as { GET: Handler }).GET,
    conversations: ((await import("@/app/api/exports/conversations/route")) as { GET: Handler }).GET,
  };
  for (const [slug, count] of [["maple-dental", 620], ["cabinet-dupont", 40]] as const) {
    const tenant = env.tenants[slug].id;
    const service = (await env.admin.query<{ id: string }>("SELECT id FROM services WHERE tenant_id = $1 LIMIT 1", [tenant])).rows[0]!.id;
    // More than one page of clients (500), some with text a naive CSV writer would break.
    await env.admin.query(
      `INSERT INTO clients (tenant_id, name, phone, email, notes, created_at, updated_at)
       SELECT $1, $2 || ' client ' || i, '+1416555' || lpad(i::text, 4, '0'), CASE WHEN i % 3 = 0 THEN 'c' || i || '@example.test' END,
              CASE WHEN i % 5 = 0 THEN 'says "hi", then
leaves' WHEN i % 7 = 0 THEN '=HYPERLINK("http://x")' ELSE '' END,
              timestamptz '2030-01-01 04:30:00+00' + i * interval '1 hour', now()
       FROM generate_series(1, $3::int) i`,
      [tenant, slug === "maple-dental" ? "Éloïse" : "Dupont", count],
    );
    await env.admin.query(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, channel, notes, created_at, updated_at)
       SELECT $1, $2, c.id, timestamptz '2030-02-01 14:00:00+00' + n * interval '1 hour', timestamptz '2030-02-01 14:45:00+00' + n * interval '1 hour',
              (ARRAY['booked','cancelled','completed','no_show'])[1 + n % 4]::"AppointmentStatus", (ARRAY['voice','whatsapp','web'])[1 + n % 3]::"Channel",
              'note, ' || n, now() - n * interval '1 minute', now()
       FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM clients WHERE tenant_id = $1) c WHERE c.n <= 30`,
      [tenant, service],
    );
    await env.admin.query(
      `INSERT INTO conversations (tenant_id, channel, external_id, client_id, status, started_at, ended_at, summary, updated_at)
       SELECT $1, (ARRAY['voice','whatsapp','web'])[1 + n % 3]::"Channel", 'x-' || n, c.id, 'ended',
              timestamptz '2030-01-10 05:00:00+00' + n * interval '1 day', timestamptz '2030-01-10 05:10:00+00' + n * interval '1 day', 'Summary; with, commas', now()
       FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM clients WHERE tenant_id = $1) c WHERE c.n <= 25`,
      [tenant],
    );
  }
}, 180_000);

afterAll(async () => {
  await env?.close();
});

async function download(who: Who, kind: keyof typeof routes) {
  const res = await r.send(who, routes[kind], "GET");
  expect(res.status, res.text.slice(0, 200)).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="maple-dental-${kind}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
  const rows = parse(res.text, { columns: true, skip_empty_lines: false }) as Array<Record<string, string>>;
  // The formula guard's apostrophe is the only change a cell undergoes.
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.startsWith("'=") ? v.slice(1) : v])));
}

/** An instant as the export writes it: Toronto wall clock with its offset. */
function toronto(instant: Date | null): string {
  if (!instant) return "";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const offset = Math.round((local - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const MAPLE = () => env.tenants["maple-dental"].id;

it("exports every client, page after page, equal to the database", async () => {
  const rows = await download("owner", "clients");
  const db = await env.admin.query("SELECT * FROM clients WHERE tenant_id = $1 ORDER BY created_at, id", [MAPLE()]);
  expect(rows.length).toBe(db.rows.length);
  expect(rows.length).toBeGreaterThan(500);
  expect(rows).toEqual(
    db.rows.map((c) => ({ id: c.id, name: c.name, phone: c.phone ?? "", email: c.email ?? "", notes: c.notes, created_at: toronto(c.created_at) })),
  );
  expect(rows.some((row) => row.notes === 'says "hi", then\nleaves')).toBe(true);
  expect(rows.some((row) => row.name?.startsWith("Éloïse"))).toBe(true);
});

it("exports appointments with service and client, in the tenant's time zone", async () => {
  const rows = await download("viewer", "appointments");
  const db = await env.admin.query(
    `SELECT a.*, s.name AS service, c.name AS client_name, c.phone AS client_phone FROM appointments a
     JOIN services s ON s.tenant_id = a.tenant_id AND s.id = a.service_id JOIN clients c ON c.tenant_id = a.tenant_id AND c.id = a.client_id
     WHERE a.tenant_id = $1 ORDER BY a.created_at, a.id`,
    [MAPLE()],
  );
  expect(rows).toEqual(
    db.rows.map((a) => ({
      id: a.id,
      starts_at: toronto(a.starts_at),
      ends_at: toronto(a.ends_at),
      status: a.status,
      service: a.service,
      client_id: a.client_id,
      client_name: a.client_name,
      client_phone: a.client_phone ?? "",
      channel: a.channel ?? "",
      notes: a.notes,
      created_at: toronto(a.created_at),
    })),
  );
  expect(rows[0]!.starts_at).toMatch(/-05:00$/);
});

it("exports conversations with their message counts", async () => {
  const rows = await download("owner", "conversations");
  const db = await env.admin.query(
    `SELECT v.*, c.name AS client_name, c.phone AS client_phone, (SELECT count(*)::int FROM messages m WHERE m.tenant_id = v.tenant_id AND m.conversation_id = v.id) AS messages
     FROM conversations v LEFT JOIN clients c ON c.tenant_id = v.tenant_id AND c.id = v.client_id WHERE v.tenant_id = $1 ORDER BY v.created_at, v.id`,
    [MAPLE()],
  );
  expect(rows).toEqual(
    db.rows.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      started_at: toronto(c.started_at),
      ended_at: toronto(c.ended_at),
      client_id: c.client_id ?? "",
      client_name: c.client_name ?? "",
      client_phone: c.client_phone ?? "",
      messages: String(c.messages),
      summary: c.summary ?? "",
    })),
  );
});

it("never holds another tenant's rows, and each download is audited", async () => {
  const dupont = env.tenants["cabinet-dupont"].id;
  const theirs = new Set(
    (
      await env.admin.query<{ id: string }>(
        "SELECT id FROM clients WHERE tenant_id = $1 UNION ALL SELECT id FROM appointments WHERE tenant_id = $1 UNION ALL SELECT id FROM conversations WHERE tenant_id = $1",
        [dupont],
      )
    ).rows.map((row) => row.id),
  );
  expect(theirs.size).toBeGreaterThan(50);
  for (const kind of ["clients", "appointments", "conversations"] as const) {
    const res = await r.send("owner", routes[kind], "GET");
    expect([...theirs].filter((id) => res.text.includes(id))).toEqual([]);
    expect(res.text).not.toContain("Dupont client");
  }
  const audited = await env.admin.query<{ action: string }>("SELECT action FROM audit_events WHERE tenant_id = $1 AND action LIKE 'export.%'", [MAPLE()]);
  expect(new Set(audited.rows.map((a) => a.action))).toEqual(new Set(["export.clients", "export.appointments", "export.conversations"]));
});

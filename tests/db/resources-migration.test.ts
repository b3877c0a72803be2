import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PLATFORM_ROLE, withUser } from "@/lib/db/database-urls";
import { MIGRATIONS_DIR, applyMigrations } from "@/lib/db/migrate";
import { seedDemoTenants } from "@/prisma/seed/seed-demo-tenants";

/*
 * The move from one diary per tenant to resources, on a copy of the seeded
 * data: a database migrated up to the migration before resources, seeded,
 * given appointments with a history (moves, cancellations, a no-show, the
 * confirmations the triggers queued), then migrated. Every appointment must
 * keep every column and all its history, and sit on its tenant's one default
 * resource, which carries the tenant's hours and services.
 */

const RESOURCES = "20261207000000_resources";
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `fd_test_resmig_${randomBytes(4).toString("hex")}`;
const url = (() => {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
})();
let admin: pg.Client;
let tmp: string;

async function onServer(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const snapshot = async (table: string) =>
  (await admin.query(`SELECT to_jsonb(t) - 'resource_id' AS row FROM "${table}" t ORDER BY t.tenant_id, t.id`)).rows.map((r) => r.row);

/** Seeded-like activity per tenant, written the way the app writes it (inserts, then updates that the triggers record). */
async function addHistory(tenant: string, zone: string): Promise<void> {
  const services = (await admin.query<{ id: string; duration_minutes: number }>("SELECT id, duration_minutes FROM services WHERE tenant_id = $1 ORDER BY name", [tenant])).rows;
  const clients = (
    await admin.query<{ id: string }>(
      `INSERT INTO clients (tenant_id, name, phone, updated_at)
       SELECT $1, 'Client ' || i, '+4179300' || lpad(i::text, 4, '0'), now() FROM generate_series(1, 4) i RETURNING id`,
      [tenant],
    )
  ).rows.map((r) => r.id);
  const local = (day: string, time: string) => `${day} ${time}`;
  const insert = async (i: number, day: string, time: string, status = "booked") => {
    const service = services[i % services.length]!;
    const row = await admin.query<{ id: string }>(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, channel, created_at, updated_at)
       VALUES ($1, $2, $3, ($4::timestamp AT TIME ZONE $6), ($4::timestamp AT TIME ZONE $6) + make_interval(mins => $5), $7, 'voice',
               '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z') RETURNING id`,
      [tenant, service.id, clients[i % clients.length], local(day, time), service.duration_minutes, zone, status],
    );
    return row.rows[0]!.id;
  };
  await insert(0, "2026-12-14", "09:00");
  const moved = await insert(1, "2026-12-14", "12:00");
  await admin.query(
    `UPDATE appointments SET starts_at = starts_at + interval '2 hours', ends_at = ends_at + interval '2 hours', updated_at = '2026-11-21T08:00:00Z' WHERE id = $1`,
    [moved],
  );
  const cancelled = await insert(2, "2026-12-15", "09:00");
  await admin.query(`UPDATE appointments SET status = 'cancelled', updated_at = '2026-11-22T08:00:00Z' WHERE id = $1`, [cancelled]);
  // A cancelled appointment may overlap a booked one: only booked ones exclude each other.
  await insert(3, "2026-12-14", "09:00", "cancelled");
  const missed = await insert(0, "2026-11-10", "09:00");
  await admin.query(`UPDATE appointments SET status = 'no_show', updated_at = '2026-11-10T12:00:00Z' WHERE id = $1`, [missed]);
  await insert(1, "2026-11-09", "09:00", "completed");
}

let before: { appointments: unknown[]; events: unknown[]; outbound: unknown[]; notifications: unknown[] };
let applied: string[];

beforeAll(async () => {
  await onServer(`CREATE DATABASE "${name}"`);
  // The migrations before resources, as a deployed database had them.
  tmp = await mkdtemp(path.join(os.tmpdir(), "fd-resmig-"));
  const dir = path.join(tmp, "migrations");
  await mkdir(dir);
  for (const entry of (await readdir(MIGRATIONS_DIR)).filter((n) => n < RESOURCES)) {
    await cp(path.join(MIGRATIONS_DIR, entry), path.join(dir, entry), { recursive: true });
  }
  await applyMigrations(url, dir);
  await seedDemoTenants({ url, seedFile: path.join(tmp, "seed.json") });
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (const t of (await admin.query<{ id: string; timezone: string }>("SELECT id, timezone FROM tenants ORDER BY slug")).rows) {
    await addHistory(t.id, t.timezone);
  }
  before = {
    appointments: await snapshot("appointments"),
    events: await snapshot("appointment_events"),
    outbound: await snapshot("outbound_messages"),
    notifications: await snapshot("notifications"),
  };
  applied = (await applyMigrations(url)).applied;
}, 120_000);

afterAll(async () => {
  await admin?.end();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

it("applies the resources migration to the seeded database", () => {
  expect(applied[0]).toBe(RESOURCES);
  expect(before.appointments).toHaveLength(3 * 6);
  expect(before.events.length).toBe(3 * 3);
});

it("keeps every appointment, column for column, with its events, confirmations and notifications", async () => {
  expect(await snapshot("appointments")).toEqual(before.appointments);
  expect(await snapshot("appointment_events")).toEqual(before.events);
  expect(await snapshot("outbound_messages")).toEqual(before.outbound);
  expect(await snapshot("notifications")).toEqual(before.notifications);
});

it("gives each tenant exactly one resource, its default, named after the business, with its hours and all its services", async () => {
  const resources = await admin.query(
    `SELECT t.slug, count(r.*)::int AS n, count(r.*) FILTER (WHERE r.is_default)::int AS defaults,
            max(r.name) FILTER (WHERE r.is_default) = p.business_name AS named_after_business
     FROM tenants t LEFT JOIN resources r ON r.tenant_id = t.id LEFT JOIN business_profiles p ON p.tenant_id = t.id
     GROUP BY t.slug, p.business_name ORDER BY t.slug`,
  );
  expect(resources.rows).toEqual([
    { slug: "cabinet-dupont", n: 1, defaults: 1, named_after_business: true },
    { slug: "maple-dental", n: 1, defaults: 1, named_after_business: true },
    { slug: "salon-amel", n: 1, defaults: 1, named_after_business: true },
  ]);
  const hoursDiffer = await admin.query(
    `SELECT h.tenant_id, h.weekday, h.opens_at, h.closes_at FROM opening_hours h
     EXCEPT ALL SELECT rh.tenant_id, rh.weekday, rh.opens_at, rh.closes_at FROM resource_hours rh JOIN resources r ON r.id = rh.resource_id AND r.is_default
     UNION ALL
     (SELECT rh.tenant_id, rh.weekday, rh.opens_at, rh.closes_at FROM resource_hours rh
      EXCEPT ALL SELECT h.tenant_id, h.weekday, h.opens_at, h.closes_at FROM opening_hours h)`,
  );
  expect(hoursDiffer.rows).toEqual([]);
  expect((await admin.query("SELECT count(*)::int AS n FROM resource_hours")).rows[0].n).toBeGreaterThan(10);
  const unlinked = await admin.query(
    `SELECT s.id FROM services s WHERE NOT EXISTS (SELECT 1 FROM resource_services rs JOIN resources r ON r.id = rs.resource_id
       WHERE rs.tenant_id = s.tenant_id AND rs.service_id = s.id AND r.is_default)`,
  );
  expect(unlinked.rows).toEqual([]);
});

it("puts every appointment on its tenant's default resource", async () => {
  const misplaced = await admin.query(
    `SELECT a.id FROM appointments a LEFT JOIN resources r ON r.tenant_id = a.tenant_id AND r.id = a.resource_id
     WHERE r.id IS NULL OR NOT r.is_default`,
  );
  expect(misplaced.rows).toEqual([]);
});

it("afterwards: new tenants and their services get the default diary, and overlaps are refused per resource", async () => {
  const tenant = (
    await admin.query<{ id: string }>(
      `INSERT INTO tenants (slug, name, region, admin_email, timezone, updated_at) VALUES ('after-move', 'After', 'FR', 'a@a.test', 'Europe/Paris', now()) RETURNING id`,
    )
  ).rows[0]!.id;
  const service = (
    await admin.query<{ id: string }>("INSERT INTO services (tenant_id, name, duration_minutes, updated_at) VALUES ($1, 'S', 30, now()) RETURNING id", [tenant])
  ).rows[0]!.id;
  const linked = await admin.query(
    "SELECT r.name, r.is_default, count(rs.*)::int AS services FROM resources r LEFT JOIN resource_services rs ON rs.resource_id = r.id WHERE r.tenant_id = $1 GROUP BY 1, 2",
    [tenant],
  );
  expect(linked.rows).toEqual([{ name: "After", is_default: true, services: 1 }]);
  const client = (await admin.query<{ id: string }>("INSERT INTO clients (tenant_id, name, updated_at) VALUES ($1, 'C', now()) RETURNING id", [tenant])).rows[0]!.id;
  const book = (start: string) =>
    admin.query(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, updated_at) VALUES ($1, $2, $3, $4, $4::timestamptz + interval '30 minutes', now())`,
      [tenant, service, client, start],
    );
  await book("2030-01-08T09:00:00Z");
  await expect(book("2030-01-08T09:15:00Z")).rejects.toMatchObject({ code: "23P01" });
});

it("gives a default diary to tenants made by sign-up and by the platform role as well", async () => {
  const signedUp = await admin.query<{ outcome: string; new_tenant_id: string }>(
    `SELECT * FROM auth_sign_up('new@owner.test', 'New Owner', 'x', 'signed-up', 'Signed Up', 'FR', 'Europe/Paris', 'fr', now() + interval '14 days')`,
  );
  expect(signedUp.rows[0]!.outcome).toBe("ok");
  const platform = new pg.Client({ connectionString: withUser(url, PLATFORM_ROLE) });
  await platform.connect();
  let provisioned: string;
  try {
    provisioned = (
      await platform.query<{ id: string }>(
        `INSERT INTO tenants (slug, name, region, admin_email, timezone, updated_at) VALUES ('provisioned', 'Provisioned', 'CH', 'p@p.test', 'Europe/Zurich', now()) RETURNING id`,
      )
    ).rows[0]!.id;
  } finally {
    await platform.end();
  }
  const diaries = await admin.query(
    "SELECT t.slug, r.name, r.is_default FROM resources r JOIN tenants t ON t.id = r.tenant_id WHERE t.id = ANY($1::uuid[]) ORDER BY t.slug",
    [[signedUp.rows[0]!.new_tenant_id, provisioned]],
  );
  expect(diaries.rows).toEqual([
    { slug: "provisioned", name: "Provisioned", is_default: true },
    { slug: "signed-up", name: "Signed Up", is_default: true },
  ]);
});

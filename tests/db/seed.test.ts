import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password-hash";
import { hashWidgetKey } from "@/lib/channels/widget-key";
import { seedDemoTenants } from "@/prisma/seed/seed-demo-tenants";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let db: TestDatabase;
let dir: string;
let admin: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase("seed");
  dir = await mkdtemp(path.join(os.tmpdir(), "fd-seed-"));
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function counts() {
  const res = await admin.query(`
    SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM users)::int AS users,
           (SELECT count(*) FROM memberships)::int AS memberships, (SELECT count(*) FROM services)::int AS services,
           (SELECT count(*) FROM opening_hours)::int AS hours, (SELECT count(*) FROM faq_entries)::int AS faq,
           (SELECT count(*) FROM channel_routes WHERE active)::int AS routes`);
  return res.rows[0];
}

it("seeds the three demo tenants and is idempotent", async () => {
  const seedFile = path.join(dir, "seed.json");
  const first = await seedDemoTenants({ url: db.adminUrl, seedFile });
  const afterFirst = await counts();
  expect(afterFirst).toEqual({ tenants: 3, users: 4, memberships: 3, services: 6, hours: 10 + 1 + 5 + 5, faq: 6, routes: 9 });

  const second = await seedDemoTenants({ url: db.adminUrl, seedFile });
  expect(await counts()).toEqual(afterFirst);
  expect(second).toEqual(first);

  const file = JSON.parse(await readFile(seedFile, "utf8"));
  expect(file.tenants.map((t: { slug: string }) => t.slug)).toEqual(["cabinet-dupont", "salon-amel", "maple-dental"]);

  const platform = await admin.query(`SELECT password_hash, is_platform_admin, totp_enabled_at FROM users WHERE email = $1`, [second.platformAdmin.email]);
  expect(platform.rows[0].is_platform_admin).toBe(true);
  // Two-factor is set up on the first sign-in, never seeded.
  expect(platform.rows[0].totp_enabled_at).toBeNull();
  expect(await verifyPassword(platform.rows[0].password_hash, second.platformAdmin.password)).toBe(true);

  for (const t of second.tenants) {
    const user = await admin.query(`SELECT password_hash FROM users WHERE email = $1`, [t.ownerEmail]);
    expect(await verifyPassword(user.rows[0].password_hash, t.ownerPassword)).toBe(true);
    const route = await admin.query(
      `SELECT tn.slug FROM channel_routes r JOIN tenants tn ON tn.id = r.tenant_id WHERE r.channel = 'web' AND r.key = $1`,
      [hashWidgetKey(t.widgetKey)],
    );
    expect(route.rows[0].slug).toBe(t.slug);
  }
});

it("stores the demo schedules in local minutes", async () => {
  const res = await admin.query(`
    SELECT h.weekday, h.opens_at, h.closes_at FROM opening_hours h JOIN tenants t ON t.id = h.tenant_id
    WHERE t.slug = 'cabinet-dupont' AND h.weekday IN (1, 6, 7) ORDER BY 1, 2`);
  expect(res.rows).toEqual([
    { weekday: 1, opens_at: 510, closes_at: 720 },
    { weekday: 1, opens_at: 810, closes_at: 1080 },
    { weekday: 6, opens_at: 540, closes_at: 720 },
  ]);
});

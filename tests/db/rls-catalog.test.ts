import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * Reads the catalog after migrating and fails if any table with a tenant_id
 * column misses one of the structural guarantees. It looks at the database,
 * not at a list, so a table added by any future migration is checked too.
 */

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase("catalog");
  client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function tenantTables(): Promise<Array<{ table: string; rls: boolean; forced: boolean; owner: string }>> {
  const res = await client.query(`
    SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
           pg_get_userbyid(c.relowner) AS owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
    ORDER BY 1`);
  return res.rows;
}

it("finds the tenant-owned tables", async () => {
  expect((await tenantTables()).length).toBeGreaterThanOrEqual(16);
});

it("every tenant-owned table has tenant_id uuid NOT NULL, forced RLS and a strict policy", async () => {
  const problems: string[] = [];
  for (const t of await tenantTables()) {
    if (!t.rls) problems.push(`${t.table}: row-level security not enabled`);
    if (!t.forced) problems.push(`${t.table}: row-level security not forced`);
    const col = await client.query(
      `SELECT data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'tenant_id'`,
      [t.table],
    );
    if (col.rows[0]?.data_type !== "uuid" || col.rows[0]?.is_nullable !== "NO") {
      problems.push(`${t.table}: tenant_id must be uuid NOT NULL`);
    }
    const policies = await client.query<{ roles: string[]; qual: string | null; with_check: string | null; cmd: string }>(
      `SELECT roles::text[] AS roles, qual, with_check, cmd FROM pg_policies WHERE schemaname = 'public' AND tablename = $1`,
      [t.table],
    );
    if (policies.rowCount === 0) problems.push(`${t.table}: no policy`);
    for (const p of policies.rows) {
      for (const expr of [p.qual, p.with_check]) {
        if (!expr || !expr.includes("current_setting('app.tenant_id'") || !expr.includes("tenant_id =")) {
          problems.push(`${t.table}: policy expression must compare tenant_id with app.tenant_id (got ${expr})`);
        } else if (/\bOR\b/i.test(expr)) {
          problems.push(`${t.table}: policy has an OR branch: ${expr}`);
        }
      }
      if (!p.roles.includes("frontdesk_app") || p.roles.includes("public")) {
        problems.push(`${t.table}: policy must apply to frontdesk_app only (got ${p.roles.join(",")})`);
      }
    }
  }
  expect(problems).toEqual([]);
});

it("every tenant-owned table has tenant_id in its primary key and in every foreign key to another tenant-owned table", async () => {
  const res = await client.query<{ table: string; contype: string; name: string; cols: string[]; ref_has_tenant: boolean | null; ref_cols: string[] | null }>(`
    SELECT src.relname AS table, con.contype, con.conname AS name,
           ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey))::text[] AS cols,
           ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attnum = ANY(con.confkey))::text[] AS ref_cols,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attname = 'tenant_id') AS ref_has_tenant
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace
    WHERE n.nspname = 'public' AND con.contype IN ('p', 'f')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = src.oid AND a.attname = 'tenant_id')`);
  const problems: string[] = [];
  const tables = (await tenantTables()).map((t) => t.table);
  for (const t of tables) {
    const pk = res.rows.find((r) => r.table === t && r.contype === "p");
    if (!pk) problems.push(`${t}: no primary key`);
    else if (!pk.cols.includes("tenant_id")) problems.push(`${t}: primary key (${pk.cols}) lacks tenant_id`);
  }
  for (const fk of res.rows.filter((r) => r.contype === "f" && r.ref_has_tenant)) {
    if (!fk.cols.includes("tenant_id") || !fk.ref_cols?.includes("tenant_id")) {
      problems.push(`${fk.table}.${fk.name}: foreign key (${fk.cols}) to a tenant-owned table lacks tenant_id`);
    }
  }
  expect(problems).toEqual([]);
});

it("the app role cannot bypass RLS, is not a superuser and owns no table", async () => {
  const role = await client.query(
    `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'frontdesk_app'`,
  );
  expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  const owned = await client.query(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = 'frontdesk_app'`,
  );
  expect(owned.rows[0].n).toBe(0);
});

it("audit_events is insert-only for the app role", async () => {
  const res = await client.query<{ privilege_type: string }>(
    `SELECT privilege_type FROM information_schema.role_table_grants
     WHERE table_name = 'audit_events' AND grantee = 'frontdesk_app' ORDER BY 1`,
  );
  expect(res.rows.map((r) => r.privilege_type)).toEqual(["INSERT", "SELECT"]);
});

it("the app role can route a webhook but not list routes of other tenants", async () => {
  const tenant = await client.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, region, admin_email, timezone, updated_at)
     VALUES ('route-owner', 'R', 'CH', 'r@r.test', 'Europe/Zurich', now()) RETURNING id`,
  );
  const id = tenant.rows[0]!.id;
  await client.query(`INSERT INTO channel_routes (tenant_id, channel, key) VALUES ($1, 'voice', '+41225550999')`, [id]);
  const app = new pg.Client({ connectionString: db.appUrl });
  await app.connect();
  try {
    const routed = await app.query(`SELECT resolve_channel_route('voice', '+41225550999') AS t`);
    expect(routed.rows[0].t).toBe(id);
    const unknown = await app.query(`SELECT resolve_channel_route('voice', '+41225550000') AS t`);
    expect(unknown.rows[0].t).toBeNull();
    const listed = await app.query(`SELECT count(*)::int AS n FROM channel_routes`);
    expect(listed.rows[0].n).toBe(0);
    const slug = await app.query(`SELECT resolve_tenant_slug('route-owner') AS t`);
    expect(slug.rows[0].t).toBe(id);
  } finally {
    await app.end();
  }
});

it("two booked appointments of one tenant cannot overlap; cancelled ones may", async () => {
  const t = await client.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, region, admin_email, timezone, updated_at)
     VALUES ('overlap', 'O', 'FR', 'o@o.test', 'Europe/Paris', now()) RETURNING id`,
  );
  const id = t.rows[0]!.id;
  const svc = await client.query<{ id: string }>(
    `INSERT INTO services (tenant_id, name, duration_minutes, updated_at) VALUES ($1, 'S', 30, now()) RETURNING id`,
    [id],
  );
  const cl = await client.query<{ id: string }>(
    `INSERT INTO clients (tenant_id, name, updated_at) VALUES ($1, 'C', now()) RETURNING id`,
    [id],
  );
  const book = (start: string, end: string, status = "booked") =>
    client.query(
      `INSERT INTO appointments (tenant_id, service_id, client_id, starts_at, ends_at, status, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [id, svc.rows[0]!.id, cl.rows[0]!.id, start, end, status],
    );
  await book("2030-01-07T09:00Z", "2030-01-07T09:30Z");
  await book("2030-01-07T09:30Z", "2030-01-07T10:00Z"); // touching is fine
  const clash = await book("2030-01-07T09:15Z", "2030-01-07T09:45Z").catch((e) => e);
  expect((clash as { code?: string }).code).toBe("23P01");
  await book("2030-01-07T09:15Z", "2030-01-07T09:45Z", "cancelled");
});

it("deleting a tenant deletes all its rows", async () => {
  const t = await client.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, region, admin_email, timezone, updated_at)
     VALUES ('gone', 'G', 'BE', 'g@g.test', 'Europe/Brussels', now()) RETURNING id`,
  );
  const id = t.rows[0]!.id;
  await client.query(`INSERT INTO services (tenant_id, name, duration_minutes, updated_at) VALUES ($1, 'S', 30, now())`, [id]);
  await client.query(`INSERT INTO audit_events (tenant_id, action) VALUES ($1, 'x')`, [id]);
  await client.query(`DELETE FROM tenants WHERE id = $1`, [id]);
  for (const table of (await tenantTables()).map((x) => x.table)) {
    const res = await client.query(`SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`, [id]);
    expect(res.rows[0].n, table).toBe(0);
  }
});

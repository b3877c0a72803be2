import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, withAdminClient, type TestDatabase } from "../support/test-database";
import { templateName } from "../support/template-database";

/*
 * Test files get a copy of one migrated template database instead of running
 * the migrations themselves: the copy must be the database the migrations
 * build, down to grants, policies, functions, seeded rows and the per-database
 * role settings that CREATE DATABASE ... TEMPLATE leaves behind.
 */

let fresh: TestDatabase;
let copy: TestDatabase;

beforeAll(async () => {
  [fresh, copy] = await Promise.all([createTestDatabase("tplfresh", undefined, { migrate: "apply" }), createTestDatabase("tplcopy")]);
});
afterAll(async () => {
  await Promise.all([fresh?.drop(), copy?.drop()]);
});

const CATALOG = {
  relations: `SELECT n.nspname, c.relname, c.relkind, c.relacl::text, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) AS owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1, 2`,
  columns: `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS dflt
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`,
  constraints: `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
  indexes: "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
  policies: "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check FROM pg_policies ORDER BY 1, 2",
  functions: `SELECT p.proname, pg_get_functiondef(p.oid), p.proacl::text, pg_get_userbyid(p.proowner) AS owner FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p') ORDER BY 1, 2`,
  triggers: "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2",
  schemas: "SELECT nspname, nspacl::text, pg_get_userbyid(nspowner) AS owner FROM pg_namespace ORDER BY 1",
  defaultAcls: "SELECT defaclrole::regrole::text, defaclobjtype, defaclacl::text FROM pg_default_acl ORDER BY 1, 2",
  extensions: "SELECT extname, extversion FROM pg_extension ORDER BY 1",
  migrations: `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY 1`,
  rows: `SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM public.%I', table_name), false, true, '')))[1]::text AS count
    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  database: "SELECT datacl::text, pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = current_database()",
  roleSettings: `SELECT coalesce(r.rolname, '(database)') AS role, s.setconfig::text FROM pg_db_role_setting s
    LEFT JOIN pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1`,
};

async function catalogOf(client: pg.Client): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [key, sql] of Object.entries(CATALOG)) out[key] = (await client.query({ text: sql, rowMode: "array" })).rows;
  return out;
}

it("copies the database the migrations build, role settings included", async () => {
  const [a, b] = await Promise.all([withAdminClient(fresh, catalogOf), withAdminClient(copy, catalogOf)]);
  expect(a.relations!.length).toBeGreaterThan(20);
  expect(a.roleSettings!.length).toBeGreaterThan(0);
  for (const key of Object.keys(CATALOG)) expect({ [key]: b[key] }).toEqual({ [key]: a[key] });
});

it("keeps the template itself closed to connections, so it can always be copied", async () => {
  const rows = await withAdminClient(copy, (c) =>
    c.query("SELECT datistemplate, datallowconn FROM pg_database WHERE datname = $1", [templateName()]),
  );
  expect(rows.rows).toEqual([{ datistemplate: true, datallowconn: false }]);
});

import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyMigrations, MIGRATIONS_DIR } from "@/lib/db/migrate";

/*
 * One migrated template database per set of migrations, copied by
 * `CREATE DATABASE x TEMPLATE t` for each test file: a copy costs a fraction
 * of running every migration again.
 *
 * The name carries a hash of the migrations (and of the migrator, which
 * writes _prisma_migrations), so runs of different branches on one server
 * each get their own. A template is ready once it is marked IS_TEMPLATE and
 * ALLOW_CONNECTIONS false, which is done only after its migrations
 * committed: an interrupted build is never used, and nobody can be connected
 * to a ready template when it is copied (CREATE DATABASE requires that).
 *
 * Advisory locks, taken in the server's `postgres` database (they are per
 * database): while a run uses a template it holds a shared lock on its key;
 * building takes an exclusive build lock; removing an old template needs the
 * exclusive use lock, so no template is dropped while any run uses it. The
 * newest template is left on the server for the next run with the same
 * migrations; the next run with other migrations removes it.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's seeded template (global-setup.ts). */
    runTemplate: string;
  }
}

export const TEMPLATE_PREFIX = "fd_tpl_";
// Lock namespaces (first key of pg_advisory_lock(int, int)).
const USE_LOCK = 72707370;
const BUILD_LOCK = 72707371;

export function templateName(dir = MIGRATIONS_DIR): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    hash.update(name).update("\0").update(readFileSync(path.join(dir, name, "migration.sql"))).update("\0");
  }
  hash.update(readFileSync(path.join(process.cwd(), "lib", "db", "migrate.ts")));
  return `${TEMPLATE_PREFIX}${hash.digest("hex").slice(0, 16)}`;
}

/** The run's own template (the seeded one), whose lock key is the run's. */
export function runTemplateName(): string {
  return `${TEMPLATE_PREFIX}${randomBytes(4).toString("hex")}_seeded`;
}

/** The int4 lock key a template name stands for. */
function lockKey(template: string): number {
  return Number.parseInt(template.slice(TEMPLATE_PREFIX.length, TEMPLATE_PREFIX.length + 8), 16) | 0;
}

export function databaseUrl(name: string, serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function connect(serverUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  return client;
}

async function isReady(client: pg.Client, template: string): Promise<boolean> {
  const rows = await client.query("SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate AND NOT datallowconn", [template]);
  return rows.rowCount === 1;
}

/**
 * Builds `template` with `build` (which fills the new, empty or copied,
 * database) unless a ready one exists; safe to call from parallel runs and
 * workers. The built template is then marked ready and closed to connections.
 */
export async function ensureReady(serverUrl: string, template: string, build: (url: string) => Promise<void>): Promise<void> {
  const client = await connect(serverUrl);
  try {
    if (await isReady(client, template)) return;
    await client.query("SELECT pg_advisory_lock($1, $2)", [BUILD_LOCK, lockKey(template)]);
    try {
      if (await isReady(client, template)) return;
      // Left by an interrupted build: never marked ready, so never copied.
      await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await build(databaseUrl(template, serverUrl));
      await client.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [BUILD_LOCK, lockKey(template)]);
    }
  } finally {
    await client.end();
  }
}

/** The migrated template: an empty database and every migration. */
export function ensureTemplate(serverUrl: string, template = templateName()): Promise<void> {
  return ensureReady(serverUrl, template, async (url) => {
    await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${template}"`));
    await applyMigrations(url);
  });
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(serverUrl);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops a template (unmarking it first: PostgreSQL refuses to drop a template). */
export async function dropTemplate(serverUrl: string, template: string): Promise<void> {
  await onServer(serverUrl, async (c) => {
    await c.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE false`).catch(() => undefined);
    await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  });
}

/**
 * Settings attached to (role, database) or to the database (ALTER ROLE ... IN
 * DATABASE, ALTER DATABASE ... SET) live in a cluster-wide catalog keyed by the
 * database, which CREATE DATABASE does not copy: they are replayed on the copy.
 */
async function copySettings(client: pg.Client, template: string, name: string): Promise<void> {
  const rows = await client.query<{ role: string | null; config: string[] }>(
    `SELECT r.rolname AS role, s.setconfig AS config
     FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase LEFT JOIN pg_roles r ON r.oid = s.setrole
     WHERE d.datname = $1 ORDER BY r.rolname NULLS FIRST`,
    [template],
  );
  for (const { role, config } of rows.rows) {
    for (const entry of config) {
      const eq = entry.indexOf("=");
      const [setting, value] = [entry.slice(0, eq), entry.slice(eq + 1)];
      const target = role === null ? `DATABASE "${name}"` : `ROLE "${role}" IN DATABASE "${name}"`;
      await client.query(`ALTER ${target} SET "${setting}" = ${client.escapeLiteral(value)}`);
    }
  }
}

/** CREATE DATABASE name as a copy of a ready template, with its per-database settings. */
export async function copyDatabase(serverUrl: string, name: string, template: string): Promise<void> {
  await onServer(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    await copySettings(client, template, name);
  });
}

/** A copy of the migrated template; rebuilds it if it was removed meanwhile (another run's clean-up). */
export async function copyTemplate(serverUrl: string, name: string, template = templateName()): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await copyDatabase(serverUrl, name, template);
    } catch (error) {
      // 3D000: no such database.
      if ((error as { code?: string }).code !== "3D000" || attempt > 2) throw error;
    }
    await ensureTemplate(serverUrl, template);
  }
}

/**
 * Marks the migrated template, and the run's own template (`runTemplate`, one
 * per run, removed at its end), as in use for as long as the returned
 * connection lives; removes the templates nobody holds: other migrations',
 * and those of runs killed before their clean-up.
 */
export async function holdTemplates(serverUrl: string, template: string, runTemplate: string): Promise<{ release(): Promise<void> }> {
  const holder = await connect(serverUrl);
  for (const name of [template, runTemplate]) {
    await holder.query("SELECT pg_advisory_lock_shared($1, $2)", [USE_LOCK, lockKey(name)]);
  }
  const others = await holder.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> ALL($2)",
    [TEMPLATE_PREFIX, [template, runTemplate]],
  );
  for (const { datname } of others.rows) {
    const key = lockKey(datname);
    const free = await holder.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [USE_LOCK, key]);
    if (!free.rows[0]?.ok) continue;
    try {
      await dropTemplate(serverUrl, datname);
    } finally {
      await holder.query("SELECT pg_advisory_unlock($1, $2)", [USE_LOCK, key]);
    }
  }
  await ensureTemplate(serverUrl, template);
  return {
    release: async () => {
      await dropTemplate(serverUrl, runTemplate);
      await holder.end();
    },
  };
}

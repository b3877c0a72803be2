import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { APP_ROLE, PLATFORM_ROLE, withUser } from "@/lib/db/database-urls";

/*
 * Every test file gets its own freshly migrated database and drops it at the
 * end, so no test depends on what an earlier run left behind.
 */

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  name: string;
  /** Superuser: fixtures and catalog checks. */
  adminUrl: string;
  /** frontdesk_app: row-level security applies. */
  appUrl: string;
  /** frontdesk_platform: BYPASSRLS, the support console's role. */
  platformUrl: string;
  drop(): Promise<void>;
}

function databaseUrl(name: string, serverUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>, serverUrl = SERVER_URL): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** On the shared test server, or on `serverUrl` (a cluster the test started itself). */
export async function createTestDatabase(label = "t", serverUrl = SERVER_URL): Promise<TestDatabase> {
  const name = `fd_test_${label.replace(/[^a-z0-9]/gi, "").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  await onServer((c) => c.query(`CREATE DATABASE "${name}"`), serverUrl);
  const adminUrl = databaseUrl(name, serverUrl);
  await applyMigrations(adminUrl);
  return {
    name,
    adminUrl,
    appUrl: withUser(adminUrl, APP_ROLE),
    platformUrl: withUser(adminUrl, PLATFORM_ROLE),
    drop: () => onServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), serverUrl).then(() => undefined),
  };
}

export async function withAdminClient<T>(db: TestDatabase, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

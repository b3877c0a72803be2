import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { APP_ROLE, PLATFORM_ROLE, withUser } from "@/lib/db/database-urls";
import { markForDrop } from "./database-dropper";
import { copyDatabase, copyTemplate, databaseUrl } from "./template-database";

/*
 * Every test file gets its own freshly migrated database and drops it at the
 * end, so no test depends on what an earlier run left behind. On the shared
 * server the database is a copy of this run's migrated template
 * (template-database.ts); a test of the migrations themselves asks for
 * `{ migrate: "apply" }` and runs every migration on an empty database.
 * drop() hands the database to the run's background dropper.
 */

export const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

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

async function onServer<T>(fn: (client: pg.Client) => Promise<T>, serverUrl = SERVER_URL): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabaseOptions {
  /** "template" (default on the shared server): a copy of the migrated template; "apply": run the migrations. */
  migrate?: "template" | "apply";
  /** Copy this ready template instead (the run's seeded one, seeded-database.ts). */
  template?: string;
}

/** On the shared test server, or on `serverUrl` (a cluster the test started itself, migrated for real). */
export async function createTestDatabase(label = "t", serverUrl = SERVER_URL, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `fd_test_${label.replace(/[^a-z0-9]/gi, "").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  const adminUrl = databaseUrl(name, serverUrl);
  if (options.template) {
    await copyDatabase(serverUrl, name, options.template);
  } else if ((options.migrate ?? (serverUrl === SERVER_URL ? "template" : "apply")) === "template") {
    await copyTemplate(serverUrl, name);
  } else {
    await onServer((c) => c.query(`CREATE DATABASE "${name}"`), serverUrl);
    await applyMigrations(adminUrl);
  }
  return {
    name,
    adminUrl,
    appUrl: withUser(adminUrl, APP_ROLE),
    platformUrl: withUser(adminUrl, PLATFORM_ROLE),
    // On the shared server the run's global setup drops it (database-dropper.ts); the cluster of a drill is dropped here.
    drop: () =>
      onServer(
        async (c) => {
          if (serverUrl === SERVER_URL) await markForDrop(c, name);
          else await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        },
        serverUrl,
      ).then(() => undefined),
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

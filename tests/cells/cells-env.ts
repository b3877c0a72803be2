import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { seedDemoTenants, type SeededTenant } from "@/prisma/seed/seed-demo-tenants";
import { startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/*
 * Two cells on two PostgreSQL servers: the control plane and the `default`
 * cell in one database on the shared server, the `ch` cell in a database on a
 * cluster this file starts (initdb + pg_ctl on a free port). The demo tenants
 * are seeded on the control plane and placed by region (REGION_CELLS=CH=ch),
 * so cabinet-dupont (CH) lives on the second server and the others on the
 * first. The process environment points the app's clients at both; import
 * app code only after this ran.
 */

export interface CellsTestTenant extends SeededTenant {
  id: string;
  cell: string;
  vapiSecret: string;
  twilioToken: string;
}

export interface CellsTestEnv {
  cluster: PostgresCluster;
  controlPlane: TestDatabase;
  ch: TestDatabase;
  tenants: Record<"cabinet-dupont" | "salon-amel" | "maple-dental", CellsTestTenant>;
  /** A superuser query on a cell's (or the control plane's) database. */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(where: "controlPlane" | "ch", text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const PUBLIC_URL = "https://frontdesk.example";

/** `poolSize`: connections per pool (DATABASE_POOL_SIZE), for tests that run many requests at once. */
export async function setUpCells(label: string, options: { poolSize?: number } = {}): Promise<CellsTestEnv> {
  const cluster = await startPostgresCluster();
  const [controlPlane, ch] = await Promise.all([createTestDatabase(label), createTestDatabase(`${label}ch`, cluster.url())]);
  const seedFile = path.join(os.tmpdir(), `${controlPlane.name}-seed.json`);
  const { tenants: seeded } = await seedDemoTenants({ url: controlPlane.adminUrl, seedFile });
  await rm(seedFile, { force: true });

  const masterKey = randomBytes(32);
  Object.assign(process.env, {
    DATABASE_URL: controlPlane.adminUrl,
    APP_DATABASE_URL: controlPlane.appUrl,
    CELLS: `default=${controlPlane.adminUrl},ch=${ch.adminUrl}`,
    REGION_CELLS: "CH=ch,*=default",
    DATABASE_POOL_SIZE: String(options.poolSize ?? 4),
    FRONTDESK_MASTER_KEY: masterKey.toString("base64"),
    FRONTDESK_MASTER_KEY_VERSION: "1",
    PUBLIC_URL,
    CHAT_RATE_LIMIT_MAX: "100000",
    CHANNEL_TENANT_RATE: "100000",
    CHANNEL_TENANT_BURST: "100000",
  });
  const { resetCellsConfig, cellForRegion, placeTenant } = await import("@/lib/cells");
  resetCellsConfig();
  const { tenantDb } = await import("@/lib/db");
  const { createSecretStore } = await import("@/lib/secrets");
  const { runAsTenant } = await import("@/lib/tenancy");

  const clients = {
    controlPlane: new pg.Client({ connectionString: controlPlane.adminUrl }),
    ch: new pg.Client({ connectionString: ch.adminUrl }),
  };
  await Promise.all(Object.values(clients).map((c) => c.connect()));
  const sql = async <T extends pg.QueryResultRow>(where: "controlPlane" | "ch", text: string, values?: unknown[]) =>
    (await clients[where].query<T>(text, values)).rows;

  const keyring = { current: 1, keys: new Map([[1, masterKey]]), source: "env" as const };
  const secrets = createSecretStore(tenantDb(), () => keyring);
  const tenants = {} as CellsTestEnv["tenants"];
  for (const s of seeded) {
    const [row] = await sql<{ id: string; region: string }>("controlPlane", "SELECT id, region FROM tenants WHERE slug = $1", [s.slug]);
    const cell = cellForRegion(row!.region);
    await placeTenant(row!.id, cell);
    const t: CellsTestTenant = {
      ...s,
      id: row!.id,
      cell,
      vapiSecret: `vapi-${s.slug}-${randomBytes(12).toString("hex")}`,
      twilioToken: randomBytes(16).toString("hex"),
    };
    // Through the app's routed client: the secrets land in the tenant's cell.
    await runAsTenant(t.id, async () => {
      await secrets.save("vapi", "webhook_secret", t.vapiSecret);
      await secrets.save("twilio", "auth_token", t.twilioToken);
    });
    tenants[s.slug as keyof CellsTestEnv["tenants"]] = t;
  }

  return {
    cluster,
    controlPlane,
    ch,
    tenants,
    sql,
    async close() {
      const { closeAppDatabases } = await import("@/lib/db");
      await closeAppDatabases();
      await Promise.all(Object.values(clients).map((c) => c.end()));
      await Promise.allSettled([controlPlane.drop(), ch.drop()]);
      await cluster.destroy();
    },
  };
}

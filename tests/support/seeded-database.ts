import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { seedDemoTenants, type SeededDemo } from "@/prisma/seed/seed-demo-tenants";
import { createTestDatabase, SERVER_URL, type TestDatabase } from "./test-database";
import { copyTemplate, ensureReady } from "./template-database";

/*
 * A test database with the three demo tenants: a copy of the run's seeded
 * template, which the first file that asks for it builds (the migrated
 * template, then seedDemoTenants) and the run drops at its end
 * (global-setup.ts). The seed's answer (passwords, widget keys) travels in
 * the template's comment, readable without connecting to it; every file of
 * the run gets the same credentials, each in its own database. Seeding
 * itself is tested in tests/db/seed.test.ts.
 */

async function readSeed(template: string): Promise<SeededDemo | undefined> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const rows = await client.query<{ seed: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS seed FROM pg_database WHERE datname = $1 AND datistemplate AND NOT datallowconn",
      [template],
    );
    const seed = rows.rows[0]?.seed;
    return seed ? (JSON.parse(seed) as SeededDemo) : undefined;
  } finally {
    await client.end();
  }
}

async function buildSeeded(template: string, url: string): Promise<void> {
  await copyTemplate(SERVER_URL, template);
  const dir = await mkdtemp(path.join(os.tmpdir(), "fd-seed-"));
  try {
    const seeded = await seedDemoTenants({ url, seedFile: path.join(dir, "seed.json") });
    const client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    try {
      await client.query(`COMMENT ON DATABASE "${template}" IS ${client.escapeLiteral(JSON.stringify(seeded))}`);
    } finally {
      await client.end();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function createSeededTestDatabase(label: string): Promise<{ db: TestDatabase; seeded: SeededDemo }> {
  const template = inject("runTemplate");
  await ensureReady(SERVER_URL, template, (url) => buildSeeded(template, url));
  const seeded = await readSeed(template);
  if (!seeded) throw new Error(`Seeded template ${template} has no seed record`);
  return { db: await createTestDatabase(label, SERVER_URL, { template }), seeded };
}

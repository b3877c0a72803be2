import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/*
 * Applies prisma/migrations/<name>/migration.sql in order and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so Prisma's own
 * `migrate status` agrees with it.
 *
 * Why not `prisma migrate deploy`: offline, the CLI runs its WebAssembly schema
 * engine through the pg driver adapter, whose script runner splits migration
 * files on every ";" — including those inside DO blocks and function bodies,
 * which our RLS and routing SQL needs. Each file here is sent whole (simple
 * query protocol) inside one transaction, so a failed migration leaves nothing.
 */

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

// Serialises concurrent migrators (parallel test workers, several app instances).
const LOCK_KEY = 72707369;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function applyMigrations(url: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };

    for (const name of await migrationNames(dir)) {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = applied.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new Error(`Migration ${name} was edited after it was applied (checksum differs)`);
        }
        result.alreadyApplied.push(name);
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        const id = randomUUID();
        await client.query("BEGIN");
        try {
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
            [id, checksum, name],
          );
          await client.query(sql);
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
            [id],
          );
          await client.query("COMMIT");
          break;
        } catch (error) {
          await client.query("ROLLBACK");
          if (attempt < 3 && lostRoleRace(error)) continue;
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`Migration ${name} failed: ${message}`);
        }
      }
      result.applied.push(name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/*
 * Roles are cluster-wide while the advisory lock above is per database, so
 * two databases migrated at once (parallel test files) can both pass the
 * "IF NOT EXISTS" check and one CREATE ROLE fails. On retry the role exists.
 */
function lostRoleRace(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === "23505" && e.constraint === "pg_authid_rolname_index";
}

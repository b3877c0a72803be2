import { spawn } from "node:child_process";
import path from "node:path";
import { applyMigrations } from "../lib/db/migrate";
import { dataDirectory, openLocalDatabase } from "../lib/db/local-database";
import { migrateAllCells } from "../lib/cells/migrate-cells";
import "../lib/jobs/all-jobs";
import { createJobRunner } from "../lib/jobs";
import { printSeededTenants, seedDemoTenants } from "../prisma/seed/seed-demo-tenants";

/*
 * `npm run dev`: one command from a fresh checkout to a running app. Without
 * DATABASE_URL it boots the embedded PostgreSQL; either way it migrates and
 * seeds (both idempotent) before starting Next's dev server, and runs the
 * job runner in this process (`npm run worker` does that in production).
 */

const port = process.env.PORT ?? "3000";
const database = await openLocalDatabase();
console.log(database.embedded ? `[dev] embedded PostgreSQL on ${new URL(database.url).host}` : "[dev] using DATABASE_URL");

const migrations = await applyMigrations(database.url);
console.log(`[dev] migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} up to date`);
if (process.env.CELLS || process.env.CELLS_FILE) {
  for (const [cell, result] of await migrateAllCells(database.url)) {
    if (cell !== "control plane") console.log(`[dev] cell ${cell}: ${result.applied.length} applied, ${result.alreadyApplied.length} up to date`);
  }
}
const seedFile = path.join(dataDirectory(), "seed.json");
printSeededTenants(await seedDemoTenants({ url: database.url, seedFile, embedded: database.embedded }), seedFile);

// Jobs run here, beside Next; their handlers reach the database as the app does.
process.env.DATABASE_URL = database.url;
if (database.embedded) process.env.FRONTDESK_EMBEDDED_DB = "1";
const jobs = createJobRunner({ embedded: database.embedded, tickMs: 60_000 });
await jobs.start();

const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "-p", port], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    ...(database.embedded ? { FRONTDESK_EMBEDDED_DB: "1" } : {}),
  },
});

/*
 * Ctrl+C or SIGTERM: Next's dev server drains and closes its pools on the
 * signal (instrumentation.ts); the embedded database stops only after Next
 * has exited, so requests still in flight do not lose it mid-way.
 */
const NEXT_EXIT_TIMEOUT_MS = 20_000;
let stopping = false;
const nextExited = new Promise<number>((resolve) => next.once("exit", (code) => resolve(code ?? 0)));
const shutdown = async (signal?: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  if (signal && next.exitCode === null) next.kill(signal);
  const killer = setTimeout(() => next.kill("SIGKILL"), NEXT_EXIT_TIMEOUT_MS);
  const code = await nextExited;
  clearTimeout(killer);
  await jobs.stop(5_000).catch(() => undefined);
  await database.stop();
  process.exit(signal ? 0 : code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));
void nextExited.then(() => shutdown());

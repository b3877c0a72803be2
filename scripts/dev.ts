import { spawn } from "node:child_process";
import path from "node:path";
import { applyMigrations } from "../lib/db/migrate";
import { dataDirectory, openLocalDatabase } from "../lib/db/local-database";
import { printSeededTenants, seedDemoTenants } from "../prisma/seed/seed-demo-tenants";

/*
 * `npm run dev`: one command from a fresh checkout to a running app. Without
 * DATABASE_URL it boots the embedded PostgreSQL; either way it migrates and
 * seeds (both idempotent) before starting Next's dev server.
 */

const port = process.env.PORT ?? "3000";
const database = await openLocalDatabase();
console.log(database.embedded ? `[dev] embedded PostgreSQL on ${new URL(database.url).host}` : "[dev] using DATABASE_URL");

const migrations = await applyMigrations(database.url);
console.log(`[dev] migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} up to date`);
const seedFile = path.join(dataDirectory(), "seed.json");
printSeededTenants(await seedDemoTenants({ url: database.url, seedFile, embedded: database.embedded }), seedFile);

const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "-p", port], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    // The embedded server serves one connection at a time: a LISTEN connection would hold it for good.
    ...(database.embedded ? { FRONTDESK_EMBEDDED_DB: "1", CONFIG_LISTEN: "off" } : {}),
  },
});

let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  if (next.exitCode === null) next.kill("SIGTERM");
  await database.stop();
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
next.on("exit", (code) => void shutdown(code ?? 0));

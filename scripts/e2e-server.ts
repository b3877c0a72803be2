import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import Stripe from "stripe";
import { syncStripeCatalogue } from "../lib/billing/stripe-sync";
import { applyMigrations } from "../lib/db/migrate";
import { dataDirectory, openLocalDatabase } from "../lib/db/local-database";
import { printSeededTenants, seedDemoTenants } from "../prisma/seed/seed-demo-tenants";
import { startStripeStandin } from "../tests/support/stripe-standin";
import { startMailCapture } from "./mail-capture";

/*
 * The server the end-to-end suite runs against: a production build
 * (`next build`, then `next start`), so tests never wait on a route's first
 * compilation. Around it, what `npm run dev` gives a laptop: the embedded
 * PostgreSQL, migrated and seeded, in this run's own data directory. Mail
 * goes over real SMTP to a local capture (<data dir>/mail.jsonl) instead of
 * the dev-only outbox page, which a production build does not have. Stripe is
 * a local stand-in (tests/support/stripe-standin.ts) whose catalogue
 * `stripe:sync` fills; its address and the webhook secret are written to
 * <data dir>/stripe.json for the billing spec.
 *
 * E2E_SKIP_BUILD=1 serves the build already in NEXT_DIST_DIR (iterating on
 * tests only); the suite itself always builds.
 */

const port = process.env.PORT ?? "3100";
const distDir = process.env.NEXT_DIST_DIR ?? ".next/e2e";
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
const buildEnv = { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1", FRONTDESK_E2E_BUILD: "1" };

if (process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(distDir, "BUILD_ID"))) {
  console.log(`[e2e] E2E_SKIP_BUILD=1: serving the existing build in ${distDir}`);
} else {
  const started = Date.now();
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: buildEnv });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.log(`[e2e] next build: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await mkdir(dataDirectory(), { recursive: true });
const database = await openLocalDatabase();
const migrations = await applyMigrations(database.url);
console.log(`[e2e] migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} up to date`);
const seedFile = path.join(dataDirectory(), "seed.json");
printSeededTenants(await seedDemoTenants({ url: database.url, seedFile, embedded: database.embedded }), seedFile);
const mail = await startMailCapture(path.join(dataDirectory(), "mail.jsonl"));

const stripeKey = `sk_test_e2e${randomBytes(12).toString("hex")}`;
const webhookSecret = `whsec_e2e${randomBytes(16).toString("hex")}`;
const stripeStandin = await startStripeStandin({ apiKey: stripeKey, port: Number(process.env.E2E_STRIPE_PORT ?? 0) });
{
  // The embedded database serves one client at a time: this one closes before Next starts.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const report = await syncStripeCatalogue(new Stripe(stripeKey, stripeStandin.clientConfig()), client);
    console.log(`[e2e] Stripe stand-in on ${stripeStandin.url}: ${report.prices.created} prices, ${report.meters.created} meters, ${report.overagePrices.created} metered prices synced`);
  } finally {
    await client.end();
  }
}
await writeFile(path.join(dataDirectory(), "stripe.json"), JSON.stringify({ url: stripeStandin.url, webhookSecret }));

const next = spawn(process.execPath, [nextBin, "start", "-p", port], {
  stdio: "inherit",
  env: {
    ...buildEnv,
    DATABASE_URL: database.url,
    ...(database.embedded ? { FRONTDESK_EMBEDDED_DB: "1" } : {}),
    // Fresh per run: production refuses the dev secret and the dev key ring.
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"),
    FRONTDESK_MASTER_KEY: process.env.FRONTDESK_MASTER_KEY ?? randomBytes(32).toString("base64"),
    ROOT_DOMAIN: process.env.ROOT_DOMAIN ?? `localhost:${port}`,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    SMTP_URL: mail.url,
    EMAIL_FROM: "Frontdesk <no-reply@frontdesk.localhost>",
    // Provider stand-ins run on this machine during the tests.
    MODEL_ALLOW_PRIVATE_HOSTS: "1",
    STRIPE_SECRET_KEY: stripeKey,
    STRIPE_API_BASE: stripeStandin.url,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  },
});

let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  if (next.exitCode === null) next.kill("SIGTERM");
  await mail.close();
  await stripeStandin.close();
  await database.stop();
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
next.on("exit", (code) => void shutdown(code ?? 0));

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { createTenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { seedDemoTenants } from "@/prisma/seed/seed-demo-tenants";

/*
 * What `npm run dev` does with no DATABASE_URL: the embedded server, the real
 * migrations and seed, and the app's client as frontdesk_app, so row-level
 * security holds there as it does on a real server.
 */

let root: string;
let server: EmbeddedPostgres;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "frontdesk-embedded-app-"));
  server = await startEmbeddedPostgres({ dataDir: path.join(root, "pglite"), port: 0 });
  await applyMigrations(server.url);
  await seedDemoTenants({ url: server.url, seedFile: path.join(root, "seed.json"), embedded: true });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

it("runs the app as frontdesk_app with row-level security in force", async () => {
  const db = createTenantDb({ url: server.url, max: 1, sessionRole: "frontdesk_app", idleTimeoutMillis: 50 });
  try {
    const who = await db.$queryRaw<Array<{ u: string }>>`SELECT current_user AS u`;
    expect(who[0]!.u).toBe("frontdesk_app");
    const unscoped = await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM services`;
    expect(unscoped[0]!.n).toBe(0);

    const routed = await db.$queryRaw<Array<{ t: string }>>`SELECT resolve_channel_route('voice', '+41225550101') AS t`;
    const dupont = routed[0]!.t;
    const names = await runAsTenant(dupont, () => db.service.findMany({ orderBy: { name: "asc" } }));
    expect(names.map((s) => s.name)).toEqual(["Bilan de santé", "Consultation"]);
    const raw = await runAsTenant(dupont, () => db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM services`);
    expect(raw[0]!.n).toBe(2);

    // SET ROLE skips the role's per-database settings a login would apply; the session applies them.
    const limits = await db.$queryRaw<Array<{ s: string; l: string; i: string }>>`
      SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l,
             current_setting('idle_in_transaction_session_timeout') AS i`;
    expect(limits[0]).toEqual({ s: "8s", l: "5s", i: "15s" });
  } finally {
    await db.$disconnect();
    await db.pool.end();
  }
});

it("refuses to hand out a connection whose SET ROLE failed", async () => {
  const db = createTenantDb({ url: server.url, max: 1, sessionRole: "no_such_role", idleTimeoutMillis: 50 });
  try {
    await expect(db.$queryRaw`SELECT 1`).rejects.toThrow(/no_such_role/);
  } finally {
    await db.$disconnect().catch(() => undefined);
    await db.pool.end().catch(() => undefined);
  }
});

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

/*
 * The tenant setting must survive transaction pooling: PgBouncer hands each
 * transaction to whichever server connection is free, so a session-level
 * setting would follow the connection to another client. Twenty client
 * connections share two server connections here.
 */

const PGBOUNCER = process.env.PGBOUNCER_PATH ?? "/usr/sbin/pgbouncer";

let db: TestDatabase;
let dir: string;
let bouncer: ChildProcess;
let port: number;
let admin: pg.Client;
const clients: TenantDb[] = [];
let A: string;
let B: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPort(p: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const c = new pg.Client({ host: "127.0.0.1", port: p, user: "frontdesk_app", database: db.name });
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("pgbouncer did not start");
}

beforeAll(async () => {
  db = await createTestDatabase("bouncer");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  A = await insertTenant(admin, "bounce-a");
  B = await insertTenant(admin, "bounce-b");

  dir = mkdtempSync(path.join(os.tmpdir(), "fd-pgbouncer-"));
  port = await freePort();
  writeFileSync(path.join(dir, "userlist.txt"), `"frontdesk_app" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `${db.name} = host=127.0.0.1 port=5432 dbname=${db.name}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      "default_pool_size = 2",
      "max_client_conn = 200",
      "unix_socket_dir =",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "ignore_startup_parameters = extra_float_digits,options",
      "",
    ].join("\n"),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // PgBouncer refuses to run as root; let it drop to postgres.
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    for (const f of ["", "userlist.txt", "pgbouncer.ini"]) chownSync(path.join(dir, f), uid, uid);
  }
  bouncer = spawn(PGBOUNCER, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: "ignore" });
  await waitForPort(port);

  const url = `postgresql://frontdesk_app@127.0.0.1:${port}/${db.name}`;
  for (let i = 0; i < 2; i++) clients.push(createTenantDb({ url, max: 10 }));
});

afterAll(async () => {
  for (const c of clients) {
    await c.$disconnect();
    await c.pool.end();
  }
  bouncer?.kill("SIGTERM");
  await admin?.end();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("keeps tenants apart and leaves no setting behind through transaction pooling", async () => {
  const [one, two] = clients as [TenantDb, TenantDb];
  await runAsTenant(A, () => one.service.create({ data: { name: "A-service", durationMinutes: 30 } }));
  await runAsTenant(B, () => two.service.create({ data: { name: "B-service", durationMinutes: 30 } }));

  const work = Array.from({ length: 400 }, async (_, i) => {
    const client = i % 2 ? one : two;
    switch (i % 4) {
      case 0:
        return runAsTenant(A, async () => ({ who: "A", names: (await client.service.findMany()).map((s) => s.name) }));
      case 1:
        return runAsTenant(B, async () => ({ who: "B", names: (await client.service.findMany()).map((s) => s.name) }));
      case 2: {
        // No tenant context: whatever connection it lands on must carry no tenant.
        const rows = await client.$queryRaw<Array<{ t: string | null; n: number }>>`
          SELECT current_setting('app.tenant_id', true) AS t, (SELECT count(*)::int FROM services) AS n`;
        return { who: "none", names: [], leak: rows[0]! };
      }
      default:
        return runAsTenant(B, () =>
          client.$transaction(
            async (tx) => {
              const names = (await tx.service.findMany()).map((s) => s.name);
              const t = await tx.$queryRaw<Array<{ t: string }>>`SELECT current_setting('app.tenant_id', true) AS t`;
              return { who: "B", names, inTx: t[0]!.t };
            },
            // 100 transactions queue for 2 server connections: on a busy machine that takes longer than Prisma's 2 s default.
            { maxWait: 30_000, timeout: 30_000 },
          ),
        );
    }
  });
  const results = await Promise.all(work);
  for (const r of results) {
    if (r.who === "A") expect(r.names).toEqual(["A-service"]);
    if (r.who === "B") expect(r.names).toEqual(["B-service"]);
    if ("inTx" in r) expect(r.inTx).toBe(B);
    if ("leak" in r) expect(r.leak, JSON.stringify({ A, B })).toEqual({ t: expect.toSatisfy((t: unknown) => t === "" || t === null), n: 0 });
  }
});

it("rolls back a failed transaction as a whole through the pooler", async () => {
  const [one] = clients as [TenantDb];
  await expect(
    runAsTenant(A, () =>
      one.$transaction(async (tx) => {
        await tx.faqEntry.create({ data: { question: "q", answer: "a" } });
        throw new Error("abort");
      }),
    ),
  ).rejects.toThrow("abort");
  const n = await admin.query(`SELECT count(*)::int AS n FROM faq_entries`);
  expect(n.rows[0].n).toBe(0);
});

it("applies the app role's time limits to every transaction behind the pooler", async () => {
  const [one] = clients as [TenantDb];
  // Settings per (role, database) come with each server login, whichever client's transaction lands there.
  const rows = await Promise.all(
    Array.from({ length: 6 }, () =>
      one.$queryRaw<Array<{ s: string; l: string; i: string }>>`
        SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l,
               current_setting('idle_in_transaction_session_timeout') AS i`,
    ),
  );
  for (const [row] of rows) expect(row).toEqual({ s: "8s", l: "5s", i: "15s" });
});

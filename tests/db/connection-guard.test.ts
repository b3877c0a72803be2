import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseAfter } from "@/lib/db/connection-guard";
import { isDatabaseUnavailable } from "@/lib/db/database-errors";
import { createTenantDb, createUnscopedDb, type TenantDb } from "@/lib/db/tenant-db";
import { DeadlineExceededError, runInRequestScope } from "@/lib/observability/request-scope";
import { runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, withAdminClient, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

/*
 * The pool gives back connections whose holder never will: a Prisma
 * interactive transaction whose connection died, a COMMIT the server
 * refused. It cuts a statement whose reply does not come by the deadline,
 * and refuses statements after it. Release stays idempotent for raw users.
 */

let db: TestDatabase;
let tenant: string;
const clients: Array<{ $disconnect(): Promise<void>; pool: pg.Pool }> = [];

function track<T extends { $disconnect(): Promise<void>; pool: pg.Pool }>(client: T): T {
  clients.push(client);
  return client;
}

const checkedOut = (pool: pg.Pool) => pool.totalCount - pool.idleCount;

beforeAll(async () => {
  db = await createTestDatabase("guard");
  tenant = await withAdminClient(db, (c) => insertTenant(c, "guard"));
});

afterAll(async () => {
  for (const c of clients) {
    await c.$disconnect().catch(() => undefined);
    await c.pool.end().catch(() => undefined);
  }
  await db?.drop();
});

/** Ends the backend and waits until it is gone: without the wait, a loaded machine may run the next statement on it first. */
async function terminate(pid: number): Promise<void> {
  await withAdminClient(db, (c) => c.query("SELECT pg_terminate_backend($1, 5000)", [pid]));
}

describe("a connection that dies inside a Prisma interactive transaction", () => {
  it("is back in the pool as soon as the transaction fails, and the pool serves at full size", async () => {
    const client: TenantDb = track(createTenantDb({ url: db.appUrl, max: 2 }));
    const failure = await runAsTenant(tenant, () =>
      client.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
        await terminate(rows[0]!.pid);
        await tx.service.findMany();
      }),
    ).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(checkedOut(client.pool)).toBe(0);
    // Both connections usable at once: nothing is held by the dead transaction.
    const both = await Promise.all([0, 1].map(() => runAsTenant(tenant, () => client.$transaction((tx) => tx.service.count()))));
    expect(both).toEqual([0, 0]);
  });

  it("is given back when the server ends the session between two statements", async () => {
    const client: TenantDb = track(createTenantDb({ url: db.appUrl, max: 1 }));
    let inside!: () => void;
    const reached = new Promise<void>((resolve) => (inside = resolve));
    let go!: () => void;
    const resume = new Promise<void>((resolve) => (go = resolve));
    let pid = 0;
    const transaction = runAsTenant(tenant, () =>
      client.$transaction(
        async (tx) => {
          pid = (await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`)[0]!.pid;
          inside();
          await resume;
          return tx.service.count();
        },
        { timeout: 20_000 },
      ),
    ).catch((error: unknown) => error);
    await reached;
    await terminate(pid);
    // The pool learns of the death from the socket, before the holder does anything.
    for (let i = 0; i < 100 && checkedOut(client.pool) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(checkedOut(client.pool)).toBe(0);
    go();
    expect(isDatabaseUnavailable(await transaction)).toBe(true);
    expect(await runAsTenant(tenant, () => client.service.count())).toBe(0);
  });
});

it("gives back a connection whose COMMIT the server refused (Prisma never releases it)", async () => {
  const client = track(createUnscopedDb({ url: db.adminUrl, max: 1 }));
  const failure = await client
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe("CREATE TEMP TABLE deferred_check (x int UNIQUE DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP");
      await tx.$executeRawUnsafe("INSERT INTO deferred_check VALUES (1), (1)");
    })
    .catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(Error);
  expect(checkedOut(client.pool)).toBe(0);
  expect(await client.$queryRaw`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
});

describe("raw checkouts", () => {
  it("keep the connection after an error the server reported, and release twice harmlessly", async () => {
    const client = track(createUnscopedDb({ url: db.adminUrl, max: 1 }));
    const first = await client.pool.connect();
    const pid = (await first.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const error = await first.query("SELECT 1 / 0").catch((e: unknown) => e);
    releaseAfter(first, error);
    expect(() => first.release()).not.toThrow();
    const second = await client.pool.connect();
    expect((await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid).toBe(pid);
    releaseAfter(second);
    expect(checkedOut(client.pool)).toBe(0);
  });

  it("are discarded when released after a connection failure", async () => {
    const client = track(createUnscopedDb({ url: db.adminUrl, max: 1 }));
    const held = await client.pool.connect();
    const pid = (await held.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    await terminate(pid);
    const error = await held.query("SELECT 1").catch((e: unknown) => e);
    releaseAfter(held, error);
    expect(client.pool.totalCount).toBe(0);
  });
});

describe("statements and the request deadline", () => {
  it("cuts a statement whose reply has not come by the deadline, and frees its connection", async () => {
    const client = track(createUnscopedDb({ url: db.adminUrl, max: 1 }));
    const started = Date.now();
    const scope = { requestId: "t", route: "/t", channel: "test", deadlineAt: Date.now() + 300 };
    const error = await runInRequestScope(scope, () => client.$queryRaw`SELECT pg_sleep(5)`).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1_500);
    expect(checkedOut(client.pool)).toBe(0);
    expect(await client.$queryRaw`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });

  it("cuts a stalled reply outside any request after the pool's reply timeout", async () => {
    const client = track(createUnscopedDb({ url: db.adminUrl, max: 1, replyTimeoutMillis: 300 }));
    const started = Date.now();
    const error = await (client.pool as pg.Pool).query("SELECT pg_sleep(5)").catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("database_unresponsive");
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("refuses, unsent, a statement issued after the deadline", async () => {
    const client = track(createUnscopedDb({ url: db.adminUrl, max: 1 }));
    await client.$queryRaw`SELECT 1`;
    const before = client.pool.statementCount;
    const scope = { requestId: "t", route: "/t", channel: "test", deadlineAt: Date.now() - 1 };
    const error = await runInRequestScope(scope, () => (client.pool as pg.Pool).query("SELECT 1")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(client.pool.statementCount).toBe(before);
  });

  it("counts the statements the pool issues, the tenant preamble riding along uncounted", async () => {
    const client = track(createTenantDb({ url: db.appUrl, max: 1 }));
    await runAsTenant(tenant, () => client.service.count());
    const before = client.pool.statementCount;
    await runAsTenant(tenant, () => client.service.count());
    expect(client.pool.statementCount - before).toBe(1);
    await runAsTenant(tenant, () => client.$transaction([client.service.count(), client.service.count()]));
    // BEGIN, two statements, COMMIT.
    expect(client.pool.statementCount - before).toBe(5);
  });
});

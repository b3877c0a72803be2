import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenantDb, type TenantDb } from "@/lib/db/tenant-db";
import { TenantMismatchError, runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant } from "../support/tenant-fixtures";

let db: TestDatabase;
let admin: pg.Client;
let client: TenantDb;
let A: string;
let B: string;

beforeAll(async () => {
  db = await createTestDatabase("client");
  admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  A = await insertTenant(admin, "client-a");
  B = await insertTenant(admin, "client-b");
  // One connection: any setting left behind by a statement would show up in the next one.
  client = createTenantDb({ url: db.appUrl, max: 1 });
});

afterAll(async () => {
  await client?.$disconnect();
  await client?.pool.end();
  await admin?.end();
  await db?.drop();
});

const setting = (c: TenantDb) =>
  c.$queryRaw<Array<{ t: string | null }>>`SELECT current_setting('app.tenant_id', true) AS t`.then((r) => r[0]!.t);

describe("the tenant setting", () => {
  it("lives exactly as long as one statement and never leaks to the next one on the connection", async () => {
    await runAsTenant(A, () => client.service.create({ data: { name: "Cut", durationMinutes: 30 } }));
    expect(await runAsTenant(A, () => setting(client))).toBe(A);
    expect(["", null]).toContain(await setting(client));
    const leaked = await client.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM services`;
    expect(leaked[0]!.n).toBe(0);
    expect(await runAsTenant(B, () => setting(client))).toBe(B);
  });

  it("keeps 300 interleaved requests of two tenants apart on a shared connection", async () => {
    const other = createTenantDb({ url: db.appUrl, max: 3 });
    try {
      const sA = await runAsTenant(A, () => other.service.create({ data: { name: "A-only", durationMinutes: 15 } }));
      const sB = await runAsTenant(B, () => other.service.create({ data: { name: "B-only", durationMinutes: 15 } }));
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) => {
          const [tenant, own] = i % 2 ? [A, sA] : [B, sB];
          return runAsTenant(tenant, async () => {
            const found = await other.service.findUnique({ where: { id: own.id } });
            const names = (await other.service.findMany({ select: { name: true } })).map((s) => s.name);
            return { tenant, ok: found?.id === own.id, names };
          });
        }),
      );
      for (const r of results) {
        expect(r.ok).toBe(true);
        expect(r.names.every((n) => (r.tenant === A ? n !== "B-only" : n !== "A-only"))).toBe(true);
      }
    } finally {
      await other.$disconnect();
      await other.pool.end();
    }
  });
});

describe("transactions", () => {
  it("run every statement under the tenant and roll back as one", async () => {
    const before = await runAsTenant(A, () => client.faqEntry.count());
    await expect(
      runAsTenant(A, () =>
        client.$transaction(async (tx) => {
          await tx.faqEntry.create({ data: { question: "q1", answer: "a1" } });
          expect(await tx.$queryRaw<Array<{ t: string }>>`SELECT current_setting('app.tenant_id', true) AS t`).toEqual([
            { t: A },
          ]);
          await tx.faqEntry.create({ data: { question: "q2", answer: "a2" } });
          throw new Error("abort");
        }),
      ),
    ).rejects.toThrow("abort");
    expect(await runAsTenant(A, () => client.faqEntry.count())).toBe(before);
  });

  it("commit as one, including the batch form", async () => {
    await runAsTenant(A, () =>
      client.$transaction([
        client.faqEntry.create({ data: { question: "b1", answer: "x" } }),
        client.faqEntry.create({ data: { question: "b2", answer: "x" } }),
      ]),
    );
    const rows = await admin.query(`SELECT tenant_id FROM faq_entries WHERE question IN ('b1', 'b2')`);
    expect(rows.rows.map((r) => r.tenant_id)).toEqual([A, A]);
  });
});

describe("nested writes", () => {
  it("create children in the parent's tenant and cannot connect to another tenant's rows", async () => {
    const bClient = await runAsTenant(B, () => client.client.create({ data: { name: "Bob", phone: "+33600000002" } }));
    const convo = await runAsTenant(A, () =>
      client.conversation.create({
        data: {
          channel: "web",
          externalId: "web-1",
          messages: { create: [{ role: "caller", content: "Bonjour" }, { role: "agent", content: "Bonjour !" }] },
        },
        include: { messages: true },
      }),
    );
    expect(convo.messages.map((m) => m.tenantId)).toEqual([A, A]);

    await expect(
      runAsTenant(A, () =>
        client.conversation.update({ where: { id: convo.id }, data: { client: { connect: { id: bClient.id } } } }),
      ),
    ).rejects.toThrow();
    await expect(
      runAsTenant(A, () => client.conversation.update({ where: { id: convo.id }, data: { clientId: bClient.id } })),
    ).rejects.toThrow();
    const stored = await admin.query(`SELECT client_id FROM conversations WHERE id = $1`, [convo.id]);
    expect(stored.rows[0].client_id).toBeNull();
  });

  it("scope nested updates and deletes to the tenant", async () => {
    const convo = await runAsTenant(A, () =>
      client.conversation.create({ data: { channel: "whatsapp", externalId: "+33611111111" } }),
    );
    const bConvo = await runAsTenant(B, () =>
      client.conversation.create({
        data: { channel: "whatsapp", externalId: "+33622222222", messages: { create: { role: "caller", content: "B" } } },
        include: { messages: true },
      }),
    );
    const bMessage = bConvo.messages[0]!;
    await runAsTenant(A, () =>
      client.conversation.update({
        where: { id: convo.id },
        data: { messages: { deleteMany: { id: bMessage.id }, create: { role: "caller", content: "A" } } },
      }),
    );
    const stillThere = await admin.query(`SELECT count(*)::int AS n FROM messages WHERE id = $1`, [bMessage.id]);
    expect(stillThere.rows[0].n).toBe(1);
  });
});

describe("the tenants table", () => {
  it("shows and updates only the current tenant; creating or deleting tenants is refused", async () => {
    const seen = await runAsTenant(A, () => client.tenant.findMany());
    expect(seen.map((t) => t.id)).toEqual([A]);
    await runAsTenant(A, () => client.tenant.update({ where: { id: A }, data: { name: "Renamed" } }));
    await expect(runAsTenant(A, () => client.tenant.update({ where: { id: B }, data: { name: "x" } }))).rejects.toBeInstanceOf(
      TenantMismatchError,
    );
    await expect(
      runAsTenant(A, () =>
        client.tenant.create({ data: { slug: "new", name: "n", region: "FR", adminEmail: "a@b.c", timezone: "UTC" } }),
      ),
    ).rejects.toBeInstanceOf(TenantMismatchError);
    const names = await admin.query(`SELECT slug, name FROM tenants ORDER BY slug`);
    expect(names.rows).toEqual([
      { slug: "client-a", name: "Renamed" },
      { slug: "client-b", name: "client-b" },
    ]);
  });
});

describe("a connection the server cuts while idle", () => {
  it("is dropped from the pool without crashing the process, and the next query reconnects", async () => {
    // Typed as plain pg: the scoped pool's query override is declared opaque.
    const pool = createTenantDb({ url: db.appUrl, max: 1 }).pool as unknown as pg.Pool;
    try {
      // The raw pool, not through Prisma: Prisma's adapter listens for idle
      // errors only while it is connected, and the pool outlives it.
      const pid = (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
      for (let i = 0; i < 100 && pool.totalCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(pool.totalCount).toBe(0);
      const again = (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      expect(again).not.toBe(pid);
    } finally {
      await pool.end();
    }
  });
});

describe("a statement the server refuses", () => {
  const pid = (pool: pg.Pool) => pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid").then((r) => r.rows[0]!.pid);

  it("leaves its healthy connection in the pool, with no tenant setting behind", async () => {
    const pool = createTenantDb({ url: db.appUrl, max: 1 }).pool as unknown as pg.Pool;
    try {
      const before = await pid(pool);
      // Both paths: the pipelined tenant statement and a plain one.
      await expect(runAsTenant(A, () => pool.query("SELECT 1 / 0"))).rejects.toMatchObject({ code: "22012" });
      await expect(pool.query("SELECT 1 / $1::int", [0])).rejects.toMatchObject({ code: "22012" });
      expect(await pid(pool)).toBe(before);
      const left = await pool.query<{ t: string | null }>("SELECT current_setting('app.tenant_id', true) AS t");
      expect(["", null]).toContain(left.rows[0]!.t);
    } finally {
      await pool.end();
    }
  });

  it("closes a connection the error left inside a transaction", async () => {
    const pool = createTenantDb({ url: db.appUrl, max: 1 }).pool as unknown as pg.Pool;
    try {
      const before = await pid(pool);
      await expect(pool.query("BEGIN; SELECT 1 / 0")).rejects.toMatchObject({ code: "22012" });
      const after = await pid(pool);
      expect(after).not.toBe(before);
      expect((await pool.query<{ ok: number }>("SELECT 1 AS ok")).rows[0]!.ok).toBe(1);
    } finally {
      await pool.end();
    }
  });
});

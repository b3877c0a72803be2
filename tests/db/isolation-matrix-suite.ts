import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName, tenantOwnedModels } from "@/lib/db/data-model";
import { createTenantDb, createUnscopedDb, type TenantDb } from "@/lib/db/tenant-db";
import { MissingTenantContextError, TenantMismatchError, runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { insertTenant, readCatalog, seedTenantRows, type Catalog, type Row } from "../support/tenant-fixtures";

/*
 * The isolation matrix: every tenant-owned model, read from the Prisma data
 * model at run time, against every way of reaching another tenant's rows.
 *
 * The client checks run twice: once as the app role (extension + RLS), once
 * over a BYPASSRLS connection so the extension alone must hold. The raw SQL
 * checks run as frontdesk_app with no extension, so RLS alone must hold. Each
 * wall is therefore proven on its own, and removing either one for any model
 * fails this file.
 *
 * Defined here and run by tests/db/isolation-matrix.test.ts on the shared
 * server, and by tests/cells on a second cluster: every cell database.
 */

export interface IsolationMatrixOptions {
  /** A PostgreSQL server (superuser URL) to create the matrix's database on; the shared test server when omitted. */
  serverUrl?: () => string | Promise<string>;
}

export function defineIsolationMatrix(options: IsolationMatrixOptions = {}): void {
  type Delegate = Record<string, (args?: unknown) => Promise<unknown>>;
  const delegate = (client: unknown, model: string) =>
    (client as Record<string, Delegate>)[model[0]!.toLowerCase() + model.slice(1)]!;

  const models = tenantOwnedModels();

  let db: TestDatabase;
  let admin: pg.Client;
  let catalog: Catalog;
  let A: string;
  let B: string;
  let rowsA: Map<string, Row>;
  let rowsB: Map<string, Row>;
  let adminPrisma: ReturnType<typeof createUnscopedDb>;
  const clients: Record<string, TenantDb> = {};

  beforeAll(async () => {
    db = await createTestDatabase("isolation", options.serverUrl ? await options.serverUrl() : undefined);
    admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    catalog = await readCatalog(admin);
    A = await insertTenant(admin, "a-tenant");
    B = await insertTenant(admin, "b-tenant");
    rowsA = await seedTenantRows(admin, catalog, A, "a");
    rowsB = await seedTenantRows(admin, catalog, B, "b");
    adminPrisma = createUnscopedDb({ url: db.adminUrl, max: 2 });
    clients["extension + RLS (frontdesk_app)"] = createTenantDb({ url: db.appUrl, max: 2 });
    clients["extension alone (BYPASSRLS role)"] = createTenantDb({ url: db.platformUrl, max: 2 });
  });

  afterAll(async () => {
    for (const c of Object.values(clients)) {
      await c.$disconnect();
      await c.pool.end();
    }
    await adminPrisma?.$disconnect();
    await adminPrisma?.pool.end();
    await admin?.end();
    await db?.drop();
  });

  /** A bulk write reached no row, or was refused outright (append-only tables). */
  async function changedNothing(write: Promise<unknown>): Promise<boolean> {
    try {
      return (await write as { count: number }).count === 0;
    } catch (e) {
      return /permission denied/.test(String((e as Error).message));
    }
  }

  function idOf(rows: Map<string, Row>, model: string): string {
    const row = rows.get(tableName(model));
    if (!row) throw new Error(`no fixture row for ${model} (${tableName(model)})`);
    return row.id as string;
  }

  /** B's row as Prisma returns it, minus the keys, to reuse as create data. */
  async function bRowAsData(model: string): Promise<Row> {
    const row = (await delegate(adminPrisma, model).findFirst!({ where: { id: idOf(rowsB, model) } })) as Row;
    const { id: _id, tenantId: _t, createdAt: _c, updatedAt: _u, ...rest } = row;
    return rest;
  }

  async function bRowSnapshot(model: string): Promise<string> {
    const res = await admin.query(`SELECT to_jsonb(t) AS j FROM "${tableName(model)}" t WHERE tenant_id = $1 ORDER BY id`, [B]);
    return JSON.stringify(res.rows);
  }

  it("covers every tenant-owned table with a model and a fixture", () => {
    expect(models.length).toBeGreaterThanOrEqual(16);
    expect(models.map(tableName).sort()).toEqual(catalog.tenantTables);
  });

  describe.each(["extension + RLS (frontdesk_app)", "extension alone (BYPASSRLS role)"])("client: %s", (label) => {
    describe.each(models)("%s", (model) => {
      const d = () => delegate(clients[label], model);
      const inA = <T>(fn: () => Promise<T>) => runAsTenant(A, fn);

      it("reads only the current tenant's rows", async () => {
        const rows = (await inA(() => d().findMany!())) as Row[];
        expect(rows.map((r) => r.tenantId)).toEqual([A]);
        expect(await inA(() => d().findFirst!({ where: { id: idOf(rowsB, model) } }))).toBeNull();
        expect(await inA(() => d().findUnique!({ where: { id: idOf(rowsB, model) } }))).toBeNull();
        await expect(inA(() => d().findUniqueOrThrow!({ where: { id: idOf(rowsB, model) } }))).rejects.toThrow();
        expect(await inA(() => d().findFirst!({ where: { tenantId: { in: [B] } } }))).toBeNull();
      });

      it("counts, aggregates and groups only the current tenant's rows", async () => {
        expect(await inA(() => d().count!())).toBe(1);
        expect(await inA(() => d().count!({ where: { id: idOf(rowsB, model) } }))).toBe(0);
        const agg = (await inA(() => d().aggregate!({ _count: { _all: true } }))) as { _count: { _all: number } };
        expect(agg._count._all).toBe(1);
        const groups = (await inA(() => d().groupBy!({ by: ["tenantId"], _count: { _all: true } }))) as Row[];
        expect(groups.map((g) => g.tenantId)).toEqual([A]);
      });

      it("cannot update, upsert or delete another tenant's row", async () => {
        const before = await bRowSnapshot(model);
        const bId = idOf(rowsB, model);
        await expect(inA(() => d().update!({ where: { id: bId }, data: { tenantId: A } }))).rejects.toThrow();
        expect(await changedNothing(inA(() => d().updateMany!({ where: { id: bId }, data: { tenantId: A } })))).toBe(true);
        await expect(inA(() => d().delete!({ where: { id: bId } }))).rejects.toThrow();
        expect(await changedNothing(inA(() => d().deleteMany!({ where: { id: bId } })))).toBe(true);
        await expect(
          inA(() => d().upsert!({ where: { id: bId }, create: { ...{}, tenantId: B }, update: { tenantId: B } })),
        ).rejects.toBeInstanceOf(TenantMismatchError);
        // An upsert aimed at B's id can only ever create (or fail to create) a row of A.
        await inA(() => d().upsert!({ where: { id: bId }, create: {}, update: {} })).catch(() => undefined);
        expect(await bRowSnapshot(model)).toBe(before);
      });

      it("cannot create rows with another tenant's id or move rows to it", async () => {
        const data = await bRowAsData(model);
        await expect(inA(() => d().create!({ data: { ...data, tenantId: B } }))).rejects.toBeInstanceOf(
          TenantMismatchError,
        );
        await expect(inA(() => d().createMany!({ data: [{ ...data, tenantId: B }] }))).rejects.toBeInstanceOf(
          TenantMismatchError,
        );
        await expect(
          inA(() => d().updateMany!({ where: { id: idOf(rowsA, model) }, data: { tenantId: B } })),
        ).rejects.toBeInstanceOf(TenantMismatchError);
        const counts = await admin.query(`SELECT count(*)::int AS n FROM "${tableName(model)}" WHERE tenant_id = $1`, [B]);
        expect(counts.rows[0].n).toBe(1);
      });

      it("throws without a tenant context, for every operation", async () => {
        const bId = idOf(rowsB, model);
        const ops: Array<[string, unknown]> = [
          ["findMany", {}],
          ["findFirst", {}],
          ["findUnique", { where: { id: bId } }],
          ["count", {}],
          ["aggregate", { _count: { _all: true } }],
          ["groupBy", { by: ["tenantId"] }],
          ["create", { data: {} }],
          ["createMany", { data: [{}] }],
          ["update", { where: { id: bId }, data: {} }],
          ["updateMany", { data: {} }],
          ["upsert", { where: { id: bId }, create: {}, update: {} }],
          ["delete", { where: { id: bId } }],
          ["deleteMany", {}],
        ];
        for (const [op, args] of ops) {
          await expect(d()[op]!(args), `${model}.${op}`).rejects.toBeInstanceOf(MissingTenantContextError);
        }
      });
    });
  });

  /** Runs `fn` as frontdesk_app, in a transaction with app.tenant_id = tenant (or unset). */
  async function asAppRole<T>(tenant: string | null, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: db.appUrl });
    await c.connect();
    try {
      await c.query("BEGIN");
      if (tenant) await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
      return await fn(c);
    } finally {
      await c.query("ROLLBACK").catch(() => undefined);
      await c.end();
    }
  }

  const refused = (e: unknown) => (e as { code?: string }).code === "42501";

  describe("raw SQL as frontdesk_app: row-level security alone", () => {
    describe.each(models.map(tableName))("%s", (table) => {
      it("sees exactly its own row and none of the other tenant's", async () => {
        await asAppRole(A, async (c) => {
          const own = await c.query(`SELECT tenant_id FROM "${table}"`);
          expect(own.rows.map((r) => r.tenant_id)).toEqual([A]);
          const other = await c.query(`SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = $1`, [B]);
          expect(other.rows[0].n).toBe(0);
        });
      });

      it("updates and deletes nothing of the other tenant", async () => {
        await asAppRole(A, async (c) => {
          const upd = await c.query(`UPDATE "${table}" SET tenant_id = tenant_id WHERE tenant_id = $1`, [B]).catch((e) => e);
          expect(upd instanceof Error ? refused(upd) : upd.rowCount === 0).toBe(true);
        });
        await asAppRole(A, async (c) => {
          const del = await c.query(`DELETE FROM "${table}" WHERE tenant_id = $1`, [B]).catch((e) => e);
          expect(del instanceof Error ? refused(del) : del.rowCount === 0).toBe(true);
        });
      });

      it("refuses inserting a row for the other tenant and moving its own row there", async () => {
        const row = rowsB.get(table)!;
        const cols = Object.keys(row);
        const values = cols.map((k) => (k === "id" ? randomUUID() : row[k]));
        await asAppRole(A, async (c) => {
          const err = await c
            .query(
              `INSERT INTO "${table}" (${cols.map((k) => `"${k}"`).join(",")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(",")})`,
              values.map((v) => (v !== null && typeof v === "object" && !(v instanceof Date) && !Buffer.isBuffer(v) && !Array.isArray(v) ? JSON.stringify(v) : v)),
            )
            .catch((e) => e);
          expect(err).toBeInstanceOf(Error);
          expect(refused(err)).toBe(true);
        });
        await asAppRole(A, async (c) => {
          const err = await c.query(`UPDATE "${table}" SET tenant_id = $1`, [B]).catch((e) => e);
          expect(err).toBeInstanceOf(Error);
          expect(refused(err)).toBe(true);
        });
      });

      it("sees nothing without a tenant setting", async () => {
        await asAppRole(null, async (c) => {
          const res = await c.query(`SELECT count(*)::int AS n FROM "${table}"`);
          expect(res.rows[0].n).toBe(0);
        });
      });
    });
  });

  describe("composite foreign keys: a row can never reference another tenant's row", () => {
    it("has cross-tenant references to check", () => {
      expect(crossTenantForeignKeys().length).toBeGreaterThan(0);
    });

    function crossTenantForeignKeys() {
      return catalog.foreignKeys.filter(
        (fk) => catalog.tenantTables.includes(fk.table) && catalog.tenantTables.includes(fk.refTable),
      );
    }

    it("rejects every such reference, even for a superuser", async () => {
      for (const fk of crossTenantForeignKeys()) {
        const child = rowsA.get(fk.table)!;
        const parentB = rowsB.get(fk.refTable)!;
        const sets = fk.columns
          .filter((c) => c !== "tenant_id")
          .map((c, i) => `"${c}" = $${i + 2}`)
          .join(", ");
        const values = fk.columns.filter((c) => c !== "tenant_id").map((c) => parentB[fk.refColumns[fk.columns.indexOf(c)]!]);
        const err = await admin
          .query(`UPDATE "${fk.table}" SET ${sets} WHERE tenant_id = $1 AND id = '${child.id}'`, [A, ...values])
          .catch((e) => e);
        expect(err, fk.name).toBeInstanceOf(Error);
        expect((err as { code?: string }).code, fk.name).toBe("23503");
      }
    });
  });
}

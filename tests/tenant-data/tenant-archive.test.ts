import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveMacKey, tableChecksum } from "@/lib/tenant-data/archive-format";
import { ArchiveRefusedError, exportTenant, importTenant, unpackArchive, type ArchiveManifest } from "@/lib/tenant-data";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * Export → import into an empty database gives the same rows (counts and
 * checksums per table, read back from the target); a tampered archive
 * (changed row, changed manifest, truncated, another key) is refused and
 * nothing is written.
 */

const master = randomBytes(32);
const mac = { version: 1, key: archiveMacKey(master) };
const keys = (v: number) => (v === 1 ? archiveMacKey(master) : undefined);

let s: SeededTenants;
let target: TestDatabase;
let source: pg.Client;
let dest: pg.Client;
let archive: Buffer;
let manifest: ArchiveManifest;
let tenantId: string;

async function tenantRowCounts(c: pg.Client, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await c.query(`SELECT count(*)::int AS n FROM "${t}" WHERE tenant_id = $1`, [tenantId])).rows[0].n;
  return out;
}

const cellTables = () => manifest.tables.map((t) => t.name).filter((t) => t !== "tenants" && t !== "users");

beforeAll(async () => {
  s = await seededTenants("archive");
  source = s.admin;
  tenantId = s.tenantId("cabinet-dupont");
  target = await createTestDatabase("archivetarget");
  dest = new pg.Client({ connectionString: target.adminUrl });
  await dest.connect();
  ({ archive, manifest } = await exportTenant(source, { id: tenantId, slug: "cabinet-dupont" }, mac));
});

afterAll(async () => {
  await dest?.end();
  await target?.drop();
  await s?.close();
});

function rewrite(fn: (lines: string[]) => string[]): Buffer {
  const lines = gunzipSync(archive).toString("utf8").slice(0, -1).split("\n");
  return gzipSync(fn(lines).join("\n") + "\n");
}

async function expectRefusedAndNothingWritten(bad: Buffer, reason: RegExp): Promise<void> {
  const error = await importTenant(dest, bad, keys).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ArchiveRefusedError);
  expect((error as Error).message).toMatch(reason);
  expect((await dest.query("SELECT count(*)::int AS n FROM tenants WHERE id = $1", [tenantId])).rows[0].n).toBe(0);
  expect(Object.values(await tenantRowCounts(dest, cellTables())).every((n) => n === 0)).toBe(true);
}

describe("tenant archive", () => {
  it("holds every cell table with a count and checksum, and the tenant's rows only", async () => {
    expect(manifest.tenant).toEqual({ id: tenantId, slug: "cabinet-dupont" });
    expect(manifest.schemaVersion).toMatch(/^\d{14}_/);
    for (const t of ["tenants", "users", "appointments", "services", "tenant_secrets", "memberships", "channel_routes"]) expect(manifest.tables.map((x) => x.name)).toContain(t);
    const counts = await tenantRowCounts(source, cellTables());
    for (const t of manifest.tables.filter((x) => x.name in counts)) expect(t.rows).toBe(counts[t.name]);
    expect(manifest.tables.find((t) => t.name === "services")!.rows).toBeGreaterThan(0);
    const { tables } = unpackArchive(archive, keys);
    for (const t of tables.filter((x) => x.name !== "tenants" && x.name !== "users")) for (const r of t.rows) expect(JSON.parse(r).tenant_id).toBe(tenantId);
  });

  it("refuses a changed row, a changed manifest, a truncated file and another key, writing nothing", async () => {
    const changedRow = rewrite((lines) => {
      const i = lines.findIndex((l) => l.startsWith('{"t":"services"'));
      lines[i] = lines[i]!.replace(/"duration_minutes\\":\s?(\d+)/, (_m, n) => `"duration_minutes\\": ${Number(n) + 5}`);
      expect(lines[i]).not.toBe(gunzipSync(archive).toString("utf8").split("\n")[i]);
      return lines;
    });
    await expectRefusedAndNothingWritten(changedRow, /services: checksum/);

    const changedManifest = rewrite((lines) => {
      const last = JSON.parse(lines[lines.length - 1]!);
      const services = last.manifest.tables.find((t: { name: string }) => t.name === "services");
      const i = lines.findIndex((l) => l.startsWith('{"t":"services"'));
      lines.splice(i, 1);
      services.rows -= 1;
      services.sha256 = tableChecksum([]); // even a recomputed checksum cannot get past the MAC
      lines[lines.length - 1] = JSON.stringify(last);
      return lines;
    });
    await expectRefusedAndNothingWritten(changedManifest, /MAC/);

    await expectRefusedAndNothingWritten(archive.subarray(0, Math.floor(archive.length * 0.7)), /truncated|gzip/);
    await expectRefusedAndNothingWritten(rewrite((lines) => lines.slice(0, -1)), /manifest/);
    const otherKey = (await exportTenant(source, { id: tenantId, slug: "cabinet-dupont" }, { version: 1, key: randomBytes(32) })).archive;
    await expectRefusedAndNothingWritten(otherKey, /MAC/);
  });

  it("imports into an empty database with identical counts and checksums, read back from the target", async () => {
    const result = await importTenant(dest, archive, keys);
    const loaded = Object.fromEntries(result.tables.map((t) => [t.name, t]));
    for (const t of manifest.tables.filter((x) => x.name !== "tenants" && x.name !== "users")) expect(loaded[t.name]).toEqual(t);
    expect(await tenantRowCounts(dest, cellTables())).toEqual(await tenantRowCounts(source, cellTables()));
    // Derived rows were not derived twice (triggers are off during the load).
    expect((await dest.query("SELECT count(*)::int AS n FROM appointment_events")).rows[0].n).toBe(manifest.tables.find((t) => t.name === "appointment_events")!.rows);
    // A second export from the target is the same archive content.
    const again = await exportTenant(dest, { id: tenantId, slug: "cabinet-dupont" }, mac);
    expect(again.manifest.tables.filter((t) => t.name !== "users")).toEqual(manifest.tables.filter((t) => t.name !== "users"));
  });

  it("refuses a second import of the same tenant into the same database", async () => {
    await expect(importTenant(dest, archive, keys)).rejects.toThrow(/already has rows/);
  });
});

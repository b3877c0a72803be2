import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ARCHIVE_BYTES, archiveMacKey, packArchive, type ArchiveTable } from "@/lib/tenant-data/archive-format";
import { ArchiveRefusedError, exportTenant, importTenant, unpackArchive, type ArchiveManifest } from "@/lib/tenant-data";
import { DownloadLinkError, downloadLinkKey, signDownloadLink, verifyDownloadLink } from "@/lib/tenant-data/download-link";
import { InvalidTenantIdError, setLocalTenantSql } from "@/lib/db/tenant-setting";
import { currentTenantId, runAsTenant } from "@/lib/tenancy";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seededTenants, type SeededTenants } from "../booking/seeded-tenants";

/*
 * Attacks on issue 16: tenant archives (tampered, inflated, forged by someone
 * holding the key), the tenant setting's interpolated uuid, the signed
 * download link, and the cell directory columns a request handler could write.
 */

const master = randomBytes(32);
const mac = { version: 1, key: archiveMacKey(master) };
const keys = (v: number) => (v === 1 ? archiveMacKey(master) : undefined);

let s: SeededTenants;
let target: TestDatabase;
let dest: pg.Client;
let archive: Buffer;
let manifest: ArchiveManifest;
let DUPONT: string;
let MAPLE: string;

beforeAll(async () => {
  s = await seededTenants("atk16");
  DUPONT = s.tenantId("cabinet-dupont");
  MAPLE = s.tenantId("maple-dental");
  target = await createTestDatabase("atk16target");
  dest = new pg.Client({ connectionString: target.adminUrl });
  await dest.connect();
  ({ archive, manifest } = await exportTenant(s.admin, { id: DUPONT, slug: "cabinet-dupont" }, mac));
}, 120_000);

afterAll(async () => {
  await dest?.end();
  await target?.drop();
  await s?.close();
});

const cellTables = () => manifest.tables.map((t) => t.name).filter((t) => t !== "tenants" && t !== "users");

/** Rows in the target for either tenant, per table: all zero means the refusal wrote nothing. */
async function written(): Promise<number> {
  let n = (await dest.query("SELECT count(*)::int AS n FROM tenants WHERE id = ANY($1)", [[DUPONT, MAPLE]])).rows[0].n as number;
  for (const t of cellTables()) n += (await dest.query(`SELECT count(*)::int AS n FROM "${t}" WHERE tenant_id = ANY($1)`, [[DUPONT, MAPLE]])).rows[0].n as number;
  return n;
}

async function refused(bad: Buffer, reason: RegExp): Promise<void> {
  const error = await importTenant(dest, bad, keys).catch((e: unknown) => e);
  expect(error, String(error)).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(reason);
  expect(await written()).toBe(0);
}

/** An archive re-sealed with the genuine key after `change`: what an insider holding the key could make. */
function forged(change: (tables: ArchiveTable[], meta: ArchiveManifest) => void): Buffer {
  const { manifest: m, tables } = unpackArchive(archive, keys);
  const copy = tables.map((t) => ({ name: t.name, rows: [...t.rows] }));
  const meta = structuredClone(m);
  change(copy, meta);
  return packArchive({ tenant: meta.tenant, schemaVersion: meta.schemaVersion, createdAt: meta.createdAt, macKeyVersion: 1 }, copy, mac.key).archive;
}

const rowsOf = (tables: ArchiveTable[], name: string) => tables.find((t) => t.name === name)!.rows;

describe("tenant archive under attack", () => {
  it("an archive of tenant A renamed as tenant B (id or slug) is refused by the MAC, nothing written", async () => {
    const lines = gunzipSync(archive).toString("utf8").slice(0, -1).split("\n");
    for (const rename of [(m: ArchiveManifest) => (m.tenant.id = MAPLE), (m: ArchiveManifest) => (m.tenant.slug = "maple-dental"), (m: ArchiveManifest) => (m.schemaVersion = "99999999999999_future")]) {
      const last = JSON.parse(lines[lines.length - 1]!);
      rename(last.manifest);
      await refused(gzipSync([...lines.slice(0, -1), JSON.stringify(last)].join("\n") + "\n"), /MAC/);
    }
  });

  it("a gzip bomb stops at the bound, refused as an archive (no crash, no string past the runtime's limit)", async () => {
    const bomb = gzipSync(Buffer.alloc(8_000_000, 0x20));
    expect(bomb.length).toBeLessThan(20_000);
    const error = (() => {
      try {
        unpackArchive(bomb, keys, 1_000_000);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ArchiveRefusedError);
    expect((error as Error).message).toMatch(/inflates to more than/);
    const { constants } = await import("node:buffer");
    expect(MAX_ARCHIVE_BYTES).toBeLessThanOrEqual(constants.MAX_STRING_LENGTH);
    await refused(Buffer.concat([bomb, bomb]), /gzip|truncated|not a frontdesk|JSON/);
  });

  it("refuses garbage, an empty file, a header of another format and a manifest with an upper-case tenant id", async () => {
    await refused(Buffer.alloc(0), /gzip/);
    await refused(randomBytes(4096), /gzip/);
    await refused(gzipSync('{"format":"other","version":1}\n'), /not a frontdesk/);
    await refused(gzipSync('{"format":"frontdesk-tenant-archive","version":2}\n'), /version 1/);
    const lines = gunzipSync(archive).toString("utf8").slice(0, -1).split("\n");
    const last = JSON.parse(lines[lines.length - 1]!);
    last.manifest.tenant.id = DUPONT.toUpperCase();
    await refused(gzipSync([...lines.slice(0, -1), JSON.stringify(last)].join("\n") + "\n"), /manifest missing or malformed/);
  });

  it("forged with the genuine key: rows of another tenant, a second tenant row, a non-member user are refused before any write", async () => {
    await refused(forged((t) => {
      const rows = rowsOf(t, "services");
      rows[0] = rows[0]!.replace(DUPONT, MAPLE);
    }), /services: a row of another tenant/);
    await refused(forged((t) => {
      rowsOf(t, "tenants").push(rowsOf(t, "tenants")[0]!.replaceAll(DUPONT, MAPLE).replace("cabinet-dupont", "maple-x"));
    }), /tenant section/);
    await refused(forged((t) => {
      rowsOf(t, "users").push(JSON.stringify({ id: randomUUID(), email: "mallory@evil.test", name: "Mallory", created_at: "2030-01-01T00:00:00+00:00", updated_at: "2030-01-01T00:00:00+00:00" }));
    }), /not a member/);
    await refused(forged((t) => {
      rowsOf(t, "services").push("[1,2,3]");
    }), /services: a row of another tenant/);
  });

  it("forged with the genuine key: injected tables, hostile column keys, prototype keys, huge counts and another schema change nothing", async () => {
    await refused(forged((t) => t.splice(3, 0, { name: "pg_authid", rows: [] })), /tables differ/);
    expect(() => forged((t) => t.splice(3, 0, { name: 'services"; DROP TABLE services; --', rows: [] }))).toThrow();
    await refused(forged((t) => {
      const rows = rowsOf(t, "services");
      const row = JSON.parse(rows[0]!);
      row['name") VALUES (1); DROP TABLE services; --'] = 1;
      row["__proto__"] = { tenant_id: MAPLE };
      row.constructor = { prototype: { polluted: true } };
      rows[0] = JSON.stringify(row);
    }), /services: loaded/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await dest.query("SELECT to_regclass('public.services') IS NOT NULL AS ok")).rows[0].ok).toBe(true);
    await refused(forged((_t, m) => (m.schemaVersion = "20200101000000_old")), /made at schema/);
    const lines = gunzipSync(forged(() => undefined)).toString("utf8").slice(0, -1).split("\n");
    const last = JSON.parse(lines[lines.length - 1]!);
    last.manifest.tables.find((t: { name: string }) => t.name === "services").rows = 2 ** 31;
    await refused(gzipSync([...lines.slice(0, -1), JSON.stringify(last)].join("\n") + "\n"), /MAC/);
  });

  it("the genuine archive still loads after all that", async () => {
    const result = await importTenant(dest, archive, keys);
    expect(result.manifest.tenant.id).toBe(DUPONT);
    expect((await dest.query("SELECT count(*)::int AS n FROM services WHERE tenant_id = $1", [DUPONT])).rows[0].n).toBe(manifest.tables.find((t) => t.name === "services")!.rows);
  });
});

describe("the tenant setting's interpolated uuid", () => {
  it("takes only a lower-case uuid: quotes, line ends, upper case, look-alike digits and padding are refused", () => {
    const id = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
    expect(setLocalTenantSql(id)).toBe(`SET LOCAL app.tenant_id = '${id}'`);
    for (const bad of [
      id.toUpperCase(),
      `${id}\n`,
      `${id}'; RESET ROLE; --`,
      `${id}' --`,
      ` ${id}`,
      `${id}\u0000`,
      id.replace("6", "\uff16"),
      id.replace("6", "\u0666"),
      id.replace("-", "\u2010"),
      `{${id}}`,
      id.replaceAll("-", ""),
      "",
      "'",
    ]) {
      expect(() => setLocalTenantSql(bad), JSON.stringify(bad)).toThrow(InvalidTenantIdError);
    }
  });

  it("runAsTenant refuses a non-uuid and lower-cases an upper-case one (one key for the directory's cache and the setting)", async () => {
    const id = "6F1C2A34-5B6D-4E7F-8A9B-0C1D2E3F4A5B";
    expect(await runAsTenant(id, () => currentTenantId())).toBe(id.toLowerCase());
    await expect(runAsTenant(`${id.toLowerCase()}'--`, () => 1)).rejects.toThrow(/UUID/);
  });
});

describe("the signed data-export link", () => {
  const key = downloadLinkKey(randomBytes(32));
  const claims = { exportId: randomUUID(), tenantId: randomUUID(), userId: randomUUID() };
  const now = new Date("2031-03-01T10:00:00Z");
  const reason = (token: string) => {
    try {
      verifyDownloadLink(token, key, { ...claims, now });
      return "accepted";
    } catch (e) {
      return e instanceof DownloadLinkError ? e.reason : `other: ${String(e)}`;
    }
  };
  const sealed = (body: unknown) => {
    const b = Buffer.from(typeof body === "string" ? body : JSON.stringify(body)).toString("base64url");
    return `${b}.${createHmac("sha256", key).update(b).digest("base64url")}`;
  };

  it("hostile tokens are a DownloadLinkError, never another exception", () => {
    const { token } = signDownloadLink(claims, key, now);
    for (const bad of ["", ".", "..", "a.b.c", `${token}.`, `.${token}`, "x".repeat(1_000_000), "\u202e.\u0000", token.replace(/.$/, "A"), token.toUpperCase()]) {
      expect(reason(bad), bad.slice(0, 40)).toMatch(/^(malformed|signature)$/);
    }
  });

  it("even correctly signed, odd claims are refused: wrong types, infinite or fractional expiry, prototype keys, arrays", () => {
    const good = { e: claims.exportId, t: claims.tenantId, u: claims.userId, x: now.getTime() + 60_000 };
    expect(reason(sealed(good))).toBe("accepted");
    for (const body of [
      { ...good, x: String(good.x) },
      { ...good, x: good.x + 0.5 },
      '{"e":"' + good.e + '","t":"' + good.t + '","u":"' + good.u + '","x":1e400}',
      { ...good, t: [good.t] },
      { ...good, u: good.u.toUpperCase() + "x" },
      '{"__proto__":{"e":"' + good.e + '","t":"' + good.t + '","u":"' + good.u + '","x":' + good.x + "}}",
      [good],
      "null",
      "not json",
    ]) {
      expect(reason(sealed(body)), JSON.stringify(body).slice(0, 80)).toBe("malformed");
    }
    expect(reason(sealed({ ...good, t: randomUUID() }))).toBe("tenant");
  });
});

describe("the cell directory, from a request handler's role", () => {
  it("the app role cannot freeze its tenant nor point it at another cell; it still updates its own row otherwise", async () => {
    const app = new pg.Client({ connectionString: s.db.appUrl });
    await app.connect();
    await s.admin.query("INSERT INTO tenant_moves (tenant_id, from_cell, to_cell, started_at, updated_at) VALUES ($1, 'default', 'eu2', now(), now())", [MAPLE]);
    const before = (await s.admin.query("SELECT id, name, cell, cell_state, cell_frozen_at FROM tenants ORDER BY id")).rows;
    try {
      for (const set of ["cell = 'eu2'", "cell_state = 'frozen', cell_frozen_at = now()", "cell_frozen_at = now()"]) {
        await app.query("BEGIN");
        await app.query(setLocalTenantSql(DUPONT));
        const error = await app.query(`UPDATE tenants SET ${set} WHERE id = $1`, [DUPONT]).catch((e: { code?: string }) => e);
        await app.query("ROLLBACK");
        expect((error as { code?: string }).code, set).toBe("42501");
      }
      // Another tenant's row is not even visible (RLS): nothing to update.
      await app.query("BEGIN");
      await app.query(setLocalTenantSql(DUPONT));
      expect((await app.query("UPDATE tenants SET name = name WHERE id = $1", [MAPLE])).rowCount).toBe(0);
      expect((await app.query("SELECT count(*)::int AS n FROM tenant_moves WHERE tenant_id = $1", [MAPLE])).rows[0].n).toBe(0);
      expect((await app.query("UPDATE tenants SET name = name WHERE id = $1", [DUPONT])).rowCount).toBe(1);
      await app.query("ROLLBACK");
    } finally {
      await app.end();
    }
    expect((await s.admin.query("SELECT id, name, cell, cell_state, cell_frozen_at FROM tenants ORDER BY id")).rows).toEqual(before);
    // The owner (a move, npm run tenant:move) still can.
    await s.admin.query("UPDATE tenants SET cell_state = 'frozen', cell_frozen_at = now() WHERE id = $1", [DUPONT]);
    await s.admin.query("UPDATE tenants SET cell_state = 'serving', cell_frozen_at = NULL WHERE id = $1", [DUPONT]);
  });
});

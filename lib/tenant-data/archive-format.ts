import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { constants as bufferLimits } from "node:buffer";
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";

/*
 * A tenant archive: gzipped JSON lines.
 *   line 1        {"format":"frontdesk-tenant-archive","version":1}
 *   then          {"t":"<table>","r":<row as PostgreSQL's to_jsonb text>} in table order
 *   last line     {"manifest":{…},"mac":"<hex>"}
 * The manifest gives, per table, the row count and the SHA-256 of its rows'
 * canonical encoding (each row's jsonb text, newline-joined, in key order),
 * and the MAC (HMAC-SHA256 under a key derived from the master key) covers
 * the manifest: a changed row breaks its table's checksum, a changed manifest
 * the MAC, a truncated file the gzip stream or the missing last line.
 */

export const ARCHIVE_FORMAT = "frontdesk-tenant-archive";
export const ARCHIVE_VERSION = 1;

export class ArchiveRefusedError extends Error {
  readonly code = "archive_refused";
  constructor(reason: string) {
    super(`Tenant archive refused: ${reason}`);
    this.name = "ArchiveRefusedError";
  }
}

const tableEntry = z.object({ rows: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  // Lower case, as the tenant setting takes it (lib/db/tenant-setting).
  tenant: z.object({ id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), slug: z.string().min(1) }),
  schemaVersion: z.string().min(1),
  createdAt: z.string(),
  macKeyVersion: z.number().int().min(1),
  /** Table name → count and checksum, in load order (parents first). */
  tables: z.array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/) }).merge(tableEntry)),
});

export type ArchiveManifest = z.infer<typeof manifestSchema>;

/** Rows of one table as PostgreSQL's jsonb text, in key order. */
export interface ArchiveTable {
  name: string;
  rows: string[];
}

export type MacKeys = (version: number) => Buffer | undefined;

/** The archive MAC key of a master key: never the master key itself. */
export function archiveMacKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "frontdesk tenant archive mac v1", 32));
}

export function tableChecksum(rows: readonly string[]): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(row).update("\n");
  return hash.digest("hex");
}

// Key order is fixed by the schema's declaration order, so the MAC input is stable.
const canonicalManifest = (m: ArchiveManifest) => JSON.stringify(manifestSchema.parse(m));

function mac(manifest: ArchiveManifest, key: Buffer): string {
  return createHmac("sha256", key).update(canonicalManifest(manifest)).digest("hex");
}

export function packArchive(meta: Omit<ArchiveManifest, "tables" | "format" | "version">, tables: ArchiveTable[], key: Buffer): { archive: Buffer; manifest: ArchiveManifest } {
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    ...meta,
    tables: tables.map((t) => ({ name: t.name, rows: t.rows.length, sha256: tableChecksum(t.rows) })),
  };
  const lines = [JSON.stringify({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION })];
  // The row text is embedded as a JSON string so its bytes survive exactly.
  for (const t of tables) for (const r of t.rows) lines.push(JSON.stringify({ t: t.name, r }));
  lines.push(JSON.stringify({ manifest, mac: mac(manifest, key) }));
  return { archive: gzipSync(lines.join("\n") + "\n"), manifest };
}

const rowLine = z.object({ t: z.string(), r: z.string() });
const lastLine = z.object({ manifest: manifestSchema, mac: z.string().regex(/^[0-9a-f]{64}$/) });

function parseJson(line: string, what: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new ArchiveRefusedError(`${what} is not JSON`);
  }
}

/** The most an archive may inflate to: the longest string this runtime reads (a gzip bomb stops there). */
export const MAX_ARCHIVE_BYTES = bufferLimits.MAX_STRING_LENGTH;

/** Reads and verifies an archive; throws ArchiveRefusedError on anything but a pristine one. */
export function unpackArchive(archive: Buffer, keys: MacKeys, maxBytes = MAX_ARCHIVE_BYTES): { manifest: ArchiveManifest; tables: ArchiveTable[] } {
  let text: string;
  try {
    text = gunzipSync(archive, { maxOutputLength: Math.min(maxBytes, MAX_ARCHIVE_BYTES) }).toString("utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new ArchiveRefusedError(`it inflates to more than ${maxBytes} bytes`);
    throw new ArchiveRefusedError("not a complete gzip stream (truncated or damaged)");
  }
  if (!text.endsWith("\n")) throw new ArchiveRefusedError("truncated");
  const lines = text.slice(0, -1).split("\n");
  const header = z.object({ format: z.literal(ARCHIVE_FORMAT), version: z.literal(ARCHIVE_VERSION) }).safeParse(parseJson(lines[0] ?? "", "the header"));
  if (!header.success) throw new ArchiveRefusedError(`not a ${ARCHIVE_FORMAT} version ${ARCHIVE_VERSION}`);
  const last = lastLine.safeParse(parseJson(lines[lines.length - 1] ?? "", "the manifest line"));
  if (!last.success) throw new ArchiveRefusedError("manifest missing or malformed (truncated?)");
  const { manifest } = last.data;
  const key = keys(manifest.macKeyVersion);
  if (!key) throw new ArchiveRefusedError(`made with master key version ${manifest.macKeyVersion}, which this server does not have`);
  const expected = Buffer.from(mac(manifest, key), "hex");
  if (!timingSafeEqual(expected, Buffer.from(last.data.mac, "hex"))) throw new ArchiveRefusedError("manifest MAC does not match (changed, or made with another key)");
  const byTable = new Map<string, string[]>(manifest.tables.map((t) => [t.name, []]));
  for (const line of lines.slice(1, -1)) {
    const row = rowLine.safeParse(parseJson(line, "a row line"));
    if (!row.success) throw new ArchiveRefusedError("malformed row line");
    const list = byTable.get(row.data.t);
    if (!list) throw new ArchiveRefusedError(`row of a table the manifest does not list: ${row.data.t}`);
    list.push(row.data.r);
  }
  const tables = manifest.tables.map((t) => {
    const rows = byTable.get(t.name)!;
    if (rows.length !== t.rows) throw new ArchiveRefusedError(`${t.name}: ${rows.length} rows, manifest says ${t.rows}`);
    if (tableChecksum(rows) !== t.sha256) throw new ArchiveRefusedError(`${t.name}: checksum does not match the manifest`);
    return { name: t.name, rows };
  });
  return { manifest, tables };
}

/** One field of a row's JSON text; undefined when the row is not a JSON object. */
function field(row: string, key: "id" | "tenant_id" | "user_id"): unknown {
  try {
    const parsed: unknown = JSON.parse(row);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every row belongs to the manifest's tenant: its one tenant row, its
 * members' user copies, and cell rows carrying its tenant_id. Checked before
 * a load writes anything, whatever the MAC says (a key is not a licence to
 * write another tenant's rows).
 */
export function assertRowsOfTenant(manifest: ArchiveManifest, tables: readonly ArchiveTable[], copies: { tenants: string; users: string }): void {
  const id = manifest.tenant.id;
  const rowsOf = (name: string) => tables.find((t) => t.name === name)?.rows ?? [];
  const tenantRows = rowsOf(copies.tenants);
  if (tenantRows.length !== 1 || field(tenantRows[0]!, "id") !== id) throw new ArchiveRefusedError("its tenant section is not exactly the manifest's tenant");
  const members = new Set(rowsOf("memberships").map((r) => field(r, "user_id")));
  if (rowsOf(copies.users).some((r) => !members.has(field(r, "id")))) throw new ArchiveRefusedError("it copies a user who is not a member of the tenant");
  for (const t of tables) {
    if (t.name === copies.tenants || t.name === copies.users) continue;
    if (t.rows.some((r) => field(r, "tenant_id") !== id)) throw new ArchiveRefusedError(`${t.name}: a row of another tenant`);
  }
}

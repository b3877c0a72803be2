import "server-only";
import pg from "pg";
import { recordAuditEvent } from "@/lib/audit";
import { currentKeyring } from "@/lib/secrets";
import { cellOf, cellUrls } from "@/lib/cells";
import { tenantDb } from "@/lib/db";
import { describeError, logger } from "@/lib/observability";
import { requireTenantId } from "@/lib/tenancy";
import { exportTenant } from "./export-import";
import { currentArchiveKey } from "./archive-keys";
import { claimQueued, markFailed, markReady, purgeExpired } from "./owner-export-store";

/*
 * The tenant-data.export job's work for one tenant: purge what expired, then
 * build the queued export, if any, from the tenant's cell (one consistent
 * snapshot, lib/tenant-data/export-import.ts) and store it. A failed build
 * marks the row failed with a sentence for the owner; the cause is logged,
 * never stored (it may quote a query or a connection string).
 */

/** Archives above this stay out of the database (a row holds the whole file); the owner is told to contact support. */
export const DATA_EXPORT_MAX_BYTES = 64 * 1024 * 1024;

export interface OwnerExportRunOptions {
  maxBytes?: number;
  /** The owner connection to the tenant's cell; tests may point it elsewhere. */
  cellOwnerUrl?: (tenantId: string) => Promise<string>;
}

const FAILED = "The export could not be completed. Please request a new one; if it fails again, contact Frontdesk support.";
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function defaultCellOwnerUrl(tenantId: string): Promise<string> {
  return cellUrls(await cellOf(tenantId)).owner;
}

async function buildArchive(url: string, tenant: { id: string; slug: string }, now: Date) {
  const client = new pg.Client({ connectionString: url, application_name: "frontdesk-data-export" });
  await client.connect();
  try {
    return await exportTenant(client, tenant, currentArchiveKey(currentKeyring()), now);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs inside the tenant's context (the job runner sets it). Returns the export built, if any. */
export async function runOwnerExports(now: Date, options: OwnerExportRunOptions = {}): Promise<{ id: string; status: "ready" | "failed" } | null> {
  const db = tenantDb();
  const tenantId = requireTenantId();
  await purgeExpired(db, now);
  const claimed = await claimQueued(db, now);
  if (!claimed) return null;
  const target = `data_export:${claimed.id}`;
  const fail = async (error: string, sizeBytes: number | null = null) => {
    await markFailed(db, claimed.id, error, now, sizeBytes);
    await recordAuditEvent(db, { action: "export.data.failed", actorKind: "system", target, metadata: {} });
    return { id: claimed.id, status: "failed" as const };
  };
  const tenant = await db.tenant.findFirst({ select: { id: true, slug: true } });
  if (!tenant) return fail(FAILED);
  let built: Awaited<ReturnType<typeof buildArchive>>;
  try {
    built = await buildArchive(await (options.cellOwnerUrl ?? defaultCellOwnerUrl)(tenantId), tenant, now);
  } catch (error) {
    logger().warn({ tenantId, exportId: claimed.id, err: describeError(error) }, "data export failed");
    return fail(FAILED);
  }
  const max = options.maxBytes ?? DATA_EXPORT_MAX_BYTES;
  if (built.archive.length > max) {
    return fail(`The archive is ${mb(built.archive.length)} MB, more than the ${mb(max)} MB a download may hold. Contact Frontdesk support for a copy.`, built.archive.length);
  }
  const tableCounts = Object.fromEntries(built.manifest.tables.map((t) => [t.name, t.rows]));
  await markReady(db, claimed.id, { archive: built.archive, tableCounts, schemaVersion: built.manifest.schemaVersion }, now);
  await recordAuditEvent(db, { action: "export.data.ready", actorKind: "system", target, metadata: { sizeBytes: built.archive.length } });
  return { id: claimed.id, status: "ready" };
}

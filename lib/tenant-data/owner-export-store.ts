import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { TenantDb } from "@/lib/db/tenant-db";
import { ApiError } from "@/lib/http";
import { DATA_EXPORTS_PER_DAY } from "./owner-export-contract";
import { DOWNLOAD_LINK_TTL_MS } from "./download-link";

/*
 * The data_exports rows of the current tenant (the context's, like every
 * tenantDb write). One export in flight per tenant is the database's rule (a
 * partial unique index): two requests racing both read "none in flight", one
 * insert wins and the other returns the winner.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** A run still "running" this long after it started was lost with its worker: it fails, so the owner can ask again. */
export const LOST_RUN_MS = 30 * 60 * 1000;

export const exportSummarySelect = {
  id: true,
  requestedBy: true,
  status: true,
  createdAt: true,
  finishedAt: true,
  expiresAt: true,
  sizeBytes: true,
  tableCounts: true,
  error: true,
} as const satisfies Prisma.DataExportSelect;
export type ExportSummary = Prisma.DataExportGetPayload<{ select: typeof exportSummarySelect }>;

const inFlight = { status: { in: ["queued", "running"] } } as const satisfies Prisma.DataExportWhereInput;

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** Queues an export for `userId`, or returns the one already in flight; refuses beyond the daily allowance. */
export async function queueExport(db: TenantDb, userId: string, now: Date): Promise<{ row: ExportSummary; created: boolean }> {
  const current = await db.dataExport.findFirst({ where: inFlight, select: exportSummarySelect });
  if (current) return { row: current, created: false };
  const recent = await db.dataExport.findMany({
    where: { createdAt: { gt: new Date(now.getTime() - DAY_MS) } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (recent.length >= DATA_EXPORTS_PER_DAY) {
    const next = new Date(recent[recent.length - DATA_EXPORTS_PER_DAY]!.createdAt.getTime() + DAY_MS);
    const seconds = Math.max(1, Math.ceil((next.getTime() - now.getTime()) / 1000));
    throw new ApiError(
      "rate_limited",
      `At most ${DATA_EXPORTS_PER_DAY} data exports in 24 hours: the next one can be requested after ${next.toISOString()}.`,
      undefined,
      { "retry-after": String(seconds) },
      { retryAt: next.toISOString() },
    );
  }
  try {
    return { row: await db.dataExport.create({ data: { requestedBy: userId, createdAt: now }, select: exportSummarySelect }), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.dataExport.findFirst({ where: inFlight, select: exportSummarySelect });
    if (!winner) throw error;
    return { row: winner, created: false };
  }
}

export function listExports(db: TenantDb, take = 10): Promise<ExportSummary[]> {
  return db.dataExport.findMany({ orderBy: { createdAt: "desc" }, take, select: exportSummarySelect });
}

/** The archive of a ready export still within its 24 hours; null when there is none (expired, purged, failed). */
export async function readyArchive(db: TenantDb, id: string, now: Date): Promise<{ row: ExportSummary; archive: Buffer } | null> {
  const row = await db.dataExport.findFirst({ where: { id, status: "ready" }, select: { ...exportSummarySelect, archive: true } });
  if (!row?.archive || !row.expiresAt || row.expiresAt.getTime() <= now.getTime()) return null;
  const { archive, ...summary } = row;
  return { row: summary, archive: Buffer.from(archive) };
}

/** Claims the tenant's queued export for this run (at most one is queued); null when none. */
export async function claimQueued(db: TenantDb, now: Date): Promise<{ id: string; requestedBy: string } | null> {
  const queued = await db.dataExport.findFirst({ where: { status: "queued" }, select: { id: true, requestedBy: true } });
  if (!queued) return null;
  const claimed = await db.dataExport.updateMany({ where: { id: queued.id, status: "queued" }, data: { status: "running", startedAt: now } });
  return claimed.count === 1 ? queued : null;
}

export async function markReady(
  db: TenantDb,
  id: string,
  done: { archive: Buffer; tableCounts: Record<string, number>; schemaVersion: string },
  now: Date,
): Promise<void> {
  await db.dataExport.updateMany({
    where: { id, status: "running" },
    data: {
      status: "ready",
      archive: new Uint8Array(done.archive),
      sizeBytes: done.archive.length,
      tableCounts: done.tableCounts,
      schemaVersion: done.schemaVersion,
      finishedAt: now,
      expiresAt: new Date(now.getTime() + DOWNLOAD_LINK_TTL_MS),
    },
  });
}

/** `sizeBytes`: the size of an archive refused for being too large, which the owner is told. */
export async function markFailed(db: TenantDb, id: string, error: string, now: Date, sizeBytes: number | null = null): Promise<void> {
  await db.dataExport.updateMany({ where: { id, status: "running" }, data: { status: "failed", error, finishedAt: now, sizeBytes } });
}

/**
 * The purge: ready exports past their 24 hours lose their bytes and read as
 * expired; a run lost with its worker fails. Returns how many were expired.
 */
export async function purgeExpired(db: TenantDb, now: Date): Promise<number> {
  const expired = await db.dataExport.updateMany({ where: { status: "ready", expiresAt: { lte: now } }, data: { status: "expired", archive: null } });
  await db.dataExport.updateMany({
    where: { status: "running", startedAt: { lt: new Date(now.getTime() - LOST_RUN_MS) } },
    data: { status: "failed", error: "The export was interrupted. Please request a new one.", finishedAt: now },
  });
  return expired.count;
}

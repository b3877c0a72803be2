import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { TenantUserContext } from "@/lib/auth";
import { auditMemberChange } from "@/lib/auth/member-audit";
import type { TenantDb } from "@/lib/db";
import { ApiError } from "@/lib/http";
import { currentKeyring } from "@/lib/secrets";
import { signExportLink, verifyExportLink } from "./archive-keys";
import { DownloadLinkError } from "./download-link";
import { withDownloadSlot } from "./download-gate";
import { dataExportClock } from "./owner-export-clock";
import { DATA_EXPORT_EXTENSION, downloadQuerySchema, type DataExportView } from "./owner-export-contract";
import { listExports, queueExport, readyArchive, type ExportSummary } from "./owner-export-store";

/*
 * The owner's data export behind /api/settings/data-export: ask (202, built by
 * the tenant-data.export job), list, download through the signed link. The
 * link names the export, the tenant and the member who asked; it is signed at
 * the moment the export was ready, so it lapses with the file, 24 hours on.
 */

export const DATA_EXPORT_DOWNLOAD_PATH = "/api/settings/data-export/download";

type Viewer = Pick<TenantUserContext["user"], "userId" | "tenantId">;

function viewOf(row: ExportSummary, user: Viewer, now: Date): DataExportView {
  const mine = row.requestedBy === user.userId;
  // Until the purge runs, a lapsed ready export already reads as expired.
  const lapsed = row.status === "ready" && (!row.expiresAt || row.expiresAt.getTime() <= now.getTime());
  const status = lapsed ? "expired" : row.status;
  const token =
    status === "ready" && mine && row.finishedAt
      ? signExportLink({ exportId: row.id, tenantId: user.tenantId, userId: user.userId }, row.finishedAt, currentKeyring())
      : null;
  return {
    id: row.id,
    status,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    sizeBytes: row.sizeBytes,
    tableCounts: (row.tableCounts as Record<string, number> | null) ?? null,
    error: row.status === "failed" ? row.error : null,
    mine,
    downloadUrl: token ? `${DATA_EXPORT_DOWNLOAD_PATH}?token=${encodeURIComponent(token)}` : null,
  };
}

/** POST: queue an export (or return the one in flight), audited when queued. */
export async function requestDataExport(ctx: TenantUserContext): Promise<Response> {
  const now = dataExportClock().now();
  const { row, created } = await queueExport(ctx.db, ctx.user.userId, now);
  if (created) await auditMemberChange(ctx, "export.data.requested", `data_export:${row.id}`, {});
  return NextResponse.json({ export: viewOf(row, ctx.user, now), created }, { status: 202 });
}

/** The tenant's latest exports, newest first, as `user` sees them (the Settings page's first render, and GET). */
export async function loadDataExports(db: TenantDb, user: Viewer): Promise<DataExportView[]> {
  const now = dataExportClock().now();
  return (await listExports(db)).map((row) => viewOf(row, user, now));
}

/** GET: the list; the asker's ready ones carry their link. */
export async function listDataExports(ctx: TenantUserContext): Promise<Response> {
  return NextResponse.json({ exports: await loadDataExports(ctx.db, ctx.user) }, { headers: { "cache-control": "no-store" } });
}

const linkRefused = (error: DownloadLinkError) =>
  error.reason === "expired"
    ? new ApiError("gone", "This download link has expired (links last 24 hours). Request a new export in Settings.")
    : new ApiError("forbidden", "This download link is not valid for you in this workspace.");

/** GET ?token=: the archive, audited before its first byte, for the member the link was made for. */
export async function downloadDataExport(request: NextRequest, ctx: TenantUserContext): Promise<Response> {
  const now = dataExportClock().now();
  const { token } = downloadQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  let exportId: string;
  try {
    exportId = verifyExportLink(token, { tenantId: ctx.user.tenantId, userId: ctx.user.userId, now }, currentKeyring()).exportId;
  } catch (error) {
    if (error instanceof DownloadLinkError) throw linkRefused(error);
    throw error;
  }
  return withDownloadSlot(ctx.user.tenantId, async () => {
    const found = await readyArchive(ctx.db, exportId, now);
    if (!found) throw new ApiError("gone", "This export is no longer available. Request a new export in Settings.");
    if (found.row.requestedBy !== ctx.user.userId) throw new ApiError("forbidden", "This download link is not valid for you in this workspace.");
    await auditMemberChange(ctx, "export.data.downloaded", `data_export:${exportId}`, { exportId, sizeBytes: found.archive.length });
    return archiveResponse(found.archive, ctx.user.tenantSlug, (found.row.finishedAt ?? now).toISOString().slice(0, 10));
  });
}

function archiveResponse(archive: Buffer, slug: string, date: string): Response {
  return new Response(new Uint8Array(archive), {
    headers: {
      "content-type": "application/gzip",
      "content-length": String(archive.length),
      "content-disposition": `attachment; filename="frontdesk-${slug}-${date}.${DATA_EXPORT_EXTENSION}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
